import type { CmsObject } from "../../emulator/cms";
import { type RunResult, runCommand } from "../../lab/fake-engine";
import { ENGINE_TEST_TIMEOUT_MS, useEngineDevices } from "./engine-devices";

/**
 * A space's access methods and members (child objects, ObjectDescription.parent) where a user
 * meets them: generated classes in a program run by the fake engine, every provider call
 * through the SDK's dynamic-provider host, against the CMS emulator. The program is the
 * lobby pattern: a space with a host and a guest access method, each with its call leg
 * profile, and a member.
 */

const CLASSES = ["CmsCallLegProfile", "CmsSpace", "CmsAccessMethod", "CmsSpaceMember"];

interface Knobs {
  readonly spaceUri?: string;
  readonly hostScope?: string;
  readonly canChangeName?: boolean;
}

/**
 * The program. Another `spaceUri` (with another callId: the new space is created before the old one is
 * deleted) replaces the space (replaceOnChanges), which gives it a new id, so its children follow.
 */
const lobby = (k: Knobs = {}) => `
const host = new CmsCallLegProfile("host-profile", { name: "Host" });
const guest = new CmsCallLegProfile("guest-profile", {
  name: "Guest", presentationContributionAllowed: false,
});
const space = new CmsSpace("team", {
  name: "Team", uri: ${JSON.stringify(k.spaceUri ?? "team")},
  callId: ${JSON.stringify(k.spaceUri ? "100300" : "100200")},
}, { replaceOnChanges: ["uri"] });
new CmsAccessMethod("team-host", {
  space: space.id, uri: "team.host", callId: "100201", callLegProfile: host.id,
  scope: ${JSON.stringify(k.hostScope ?? "private")},
});
new CmsAccessMethod("team-guest", {
  space: space.id, uri: "team.guest", callId: "100202", passcode: "4321", callLegProfile: guest.id, scope: "public",
  importance: 1,
});
new CmsSpaceMember("alice", {
  space: space.id, userJid: "alice@octavio.com", canPostMessage: true, canChangeName: ${k.canChangeName ?? true},
});
`;

const ok = (result: RunResult): RunResult => {
  if (!result.ok) throw new Error(`${result.command} failed:\n${result.errors.join("\n")}`);
  return result;
};
const actionOf = (result: RunResult) => Object.fromEntries(result.steps.map((s) => [s.name, s.action]));
const CHILDREN = ["team-host", "team-guest", "alice"];

describe("a space with a host and a guest access method and a member, through the engine (CMS 2.9)", () => {
  const engine = useEngineDevices("space-children-", { cmsVersion: "2.9" });
  const run = async (command: "up" | "refresh" | "destroy", knobs?: Knobs) => {
    const { devices, options } = engine();
    devices.cms.clearRequests();
    return runCommand(command, options("children", engine().program("lobby", CLASSES, lobby(knobs))));
  };
  const requests = () => engine().devices.cms.requests.map((r) => `${r.method} ${r.path.replace(/\?.*/, "")}`);
  const writes = () => requests().filter((r) => !r.startsWith("GET "));
  const spaces = () => engine().devices.cms.list("coSpaces");
  const children = (collection: string) => engine().devices.cms.list(collection);

  test(
    "create under the space, no-op with 0 requests, one-field updates, drift shown and repaired",
    async () => {
      const created = ok(await run("up"));
      expect(Object.values(actionOf(created))).toEqual(Array(6).fill("create"));
      const [space] = spaces();
      const under = `/api/v1/coSpaces/${space.id}`;
      expect(
        writes()
          .filter((w) => w.includes("/coSpaces/"))
          .sort(),
      ).toEqual([`POST ${under}/accessMethods`, `POST ${under}/accessMethods`, `POST ${under}/coSpaceUsers`]);
      const [hostProfile, guestProfile] = ["Host", "Guest"].map(
        (name) => children("callLegProfiles").find((p) => p.fields.name === name)?.id,
      );
      // The engine creates the two concurrently: the device's order is either.
      const methods = children("accessMethods").sort((a, b) => a.fields.uri.localeCompare(b.fields.uri));
      expect(methods.map((m) => ({ parent: m.parent, ...m.fields, secret: "…" }))).toEqual([
        expect.objectContaining({
          parent: space.id,
          uri: "team.guest",
          passcode: "4321",
          callLegProfile: guestProfile,
        }),
        expect.objectContaining({ parent: space.id, uri: "team.host", callLegProfile: hostProfile, scope: "private" }),
      ]);
      expect(children("coSpaceUsers")).toEqual([
        { id: expect.any(String), parent: space.id, fields: expect.objectContaining({ userJid: "alice@octavio.com" }) },
      ]);

      const again = ok(await run("up"));
      expect(new Set(Object.values(actionOf(again)))).toEqual(new Set(["same"]));
      expect(requests()).toEqual([]);

      const host = children("accessMethods").find((m) => m.fields.uri === "team.host") as CmsObject;
      const [member] = children("coSpaceUsers");
      const updated = ok(await run("up", { hostScope: "public", canChangeName: false }));
      expect(updated.steps.filter((s) => s.action !== "same").map((s) => [s.name, s.action, s.keys])).toEqual(
        expect.arrayContaining([
          ["team-host", "update", ["scope"]],
          ["alice", "update", ["canChangeName"]],
        ]),
      );
      expect(writes().sort()).toEqual([
        `PUT ${under}/accessMethods/${host.id}`,
        `PUT ${under}/coSpaceUsers/${member.id}`,
      ]);

      engine().devices.cms.patch("accessMethods", host.id, { scope: "private" });
      engine().devices.cms.patch("coSpaceUsers", member.id, { canPostMessage: "false" });
      const refreshed = ok(await run("refresh", { hostScope: "public", canChangeName: false }));
      expect(refreshed.steps.filter((s) => s.action !== "same").map((s) => [s.name, s.action, s.keys])).toEqual(
        expect.arrayContaining([
          ["team-host", "drift", ["scope"]],
          ["alice", "drift", ["canPostMessage"]],
        ]),
      );
      expect(writes()).toEqual([]);
      ok(await run("up", { hostScope: "public", canChangeName: false }));
      expect(writes().sort()).toEqual([
        `PUT ${under}/accessMethods/${host.id}`,
        `PUT ${under}/coSpaceUsers/${member.id}`,
      ]);
      expect(children("accessMethods").find((m) => m.id === host.id)?.fields.scope).toBe("public");
      expect(children("coSpaceUsers")[0].fields.canPostMessage).toBe("true");
    },
    ENGINE_TEST_TIMEOUT_MS,
  );

  test(
    "the space replaced (a new id): every child is replaced under the new space, the old ones deleted",
    async () => {
      ok(await run("up"));
      const [before] = spaces();
      const replaced = ok(await run("up", { spaceUri: "team2" }));
      const stepsOf = (name: string) => replaced.steps.filter((s) => s.name === name).map((s) => [s.action, s.note]);
      // The space is created before its old copy is deleted; each child, keeping its natural key, is deleted first.
      expect(stepsOf("team")).toEqual([
        ["replace", "created before deleting the old copy"],
        ["delete", expect.anything()],
      ]);
      for (const name of CHILDREN) expect(stepsOf(name)).toEqual([["replace", "deleted before replacing"]]);
      for (const step of replaced.steps.filter((s) => CHILDREN.includes(s.name))) expect(step.keys).toEqual(["space"]);
      const [after] = spaces();
      expect(spaces()).toHaveLength(1);
      expect(after.id).not.toBe(before.id);
      expect(after.fields.uri).toBe("team2");
      expect(children("accessMethods").map((m) => m.parent)).toEqual([after.id, after.id]);
      expect(children("coSpaceUsers").map((m) => m.parent)).toEqual([after.id]);
      // A no-op afterwards: the children's state names the new space.
      ok(await run("up", { spaceUri: "team2" }));
      expect(requests()).toEqual([]);
    },
    ENGINE_TEST_TIMEOUT_MS,
  );

  test(
    "the space deleted on the device: refresh shows its access methods and member gone; up re-creates them",
    async () => {
      ok(await run("up"));
      const [space] = spaces();
      engine().devices.cms.remove("coSpaces", space.id); // the CMS deletes the children with it
      const refreshed = ok(await run("refresh"));
      const actions = actionOf(refreshed);
      for (const name of ["team", ...CHILDREN]) expect(actions[name]).toBe("delete");
      expect(writes()).toEqual([]);
      const restored = ok(await run("up"));
      for (const name of ["team", ...CHILDREN]) expect(actionOf(restored)[name]).toBe("create");
      const [again] = spaces();
      expect(children("accessMethods").map((m) => m.parent)).toEqual([again.id, again.id]);
    },
    ENGINE_TEST_TIMEOUT_MS,
  );

  test(
    "destroy deletes the children before their space, each at its path",
    async () => {
      ok(await run("up"));
      const [space] = spaces();
      const under = `/api/v1/coSpaces/${space.id}`;
      ok(await run("destroy"));
      const deletes = writes().filter((w) => w.includes("/coSpaces/"));
      expect(deletes).toHaveLength(4);
      expect(deletes.at(-1)).toBe(`DELETE ${under}`);
      for (const d of deletes.slice(0, 3))
        expect(d).toMatch(new RegExp(`^DELETE ${under}/(accessMethods|coSpaceUsers)/`));
      expect(spaces()).toEqual([]);
      expect(children("accessMethods")).toEqual([]);
      expect(children("coSpaceUsers")).toEqual([]);
    },
    ENGINE_TEST_TIMEOUT_MS,
  );
  test(
    "destroy after the space was deleted on the device: the children's deletes find it gone and succeed",
    async () => {
      ok(await run("up"));
      const [space] = spaces();
      engine().devices.cms.remove("coSpaces", space.id);
      ok(await run("destroy"));
      const deletes = writes().filter((w) => w.startsWith("DELETE "));
      expect(deletes.filter((w) => w.includes(`/coSpaces/${space.id}/`))).toHaveLength(3);
      expect(children("callLegProfiles")).toEqual([]);
    },
    ENGINE_TEST_TIMEOUT_MS,
  );
});

describe("a space's profiles, owner, tags and requireCallId through the engine (CMS 2.9)", () => {
  const engine = useEngineDevices("space-fields-", { cmsVersion: "2.9" });
  const program = (ownerJid: string, tenant?: string) => `
const leg = new CmsCallLegProfile("leg", { name: "Space default" });
const call = new CmsCallProfile("call", { participantLimit: 20 });
new CmsSpace("sales", {
  name: "Sales", uri: "sales", cdrTag: "sales-team", defaultLayout: "onePlusN", callProfile: call.id,
  callLegProfile: leg.id, ownerJid: ${JSON.stringify(ownerJid)}, requireCallId: true,
  ${tenant ? `tenant: "${tenant}",` : ""}
});`;
  const run = async (command: "up" | "refresh" | "destroy", body: string) => {
    const { devices, options } = engine();
    devices.cms.clearRequests();
    const file = engine().program("fields", [...CLASSES, "CmsCallProfile", "CmsTenant"], body);
    return runCommand(command, options("fields", file));
  };
  const writes = () =>
    engine()
      .devices.cms.requests.filter((r) => r.method !== "GET")
      .map((r) => `${r.method} ${r.path} ${r.body ?? ""}`.trim());

  test(
    "stored as declared, the callId the device assigned kept out of the diff, one PUT per change, drift repaired",
    async () => {
      const { cms } = engine().devices;
      ok(await run("up", program("bob@octavio.com")));
      const [leg] = cms.list("callLegProfiles");
      const [call] = cms.list("callProfiles");
      const [space] = cms.list("coSpaces");
      expect(space.fields).toMatchObject({
        cdrTag: "sales-team",
        defaultLayout: "onePlusN",
        callProfile: call.id,
        callLegProfile: leg.id,
        ownerJid: "bob@octavio.com",
        callId: expect.stringMatching(/^[0-9]{9}$/),
      });
      expect(space.fields.requireCallId).toBeUndefined();

      ok(await run("up", program("bob@octavio.com")));
      expect(engine().devices.cms.requests).toEqual([]);

      const changed = ok(await run("up", program("carol@octavio.com")));
      expect(changed.steps.filter((s) => s.action !== "same").map((s) => [s.name, s.action, s.keys])).toEqual([
        ["sales", "update", ["ownerJid"]],
      ]);
      expect(writes()).toEqual([`PUT /api/v1/coSpaces/${space.id} ownerJid=carol%40octavio.com`]);

      cms.patch("coSpaces", space.id, { callLegProfile: undefined });
      const refreshed = ok(await run("refresh", program("carol@octavio.com")));
      expect(refreshed.steps.find((s) => s.name === "sales")).toMatchObject({
        action: "drift",
        keys: ["callLegProfile"],
      });
      ok(await run("up", program("carol@octavio.com")));
      expect(cms.list("coSpaces")[0].fields.callLegProfile).toBe(leg.id);
    },
    ENGINE_TEST_TIMEOUT_MS,
  );

  test(
    "a tenant the device does not have: the device's tenantDoesNotExist, named; a CmsTenant's id is taken",
    async () => {
      const result = await run("up", program("carol@octavio.com", "7f3c9a2e-5b1d-4c8e-9a6f-2d4e8b1c0a35"));
      expect(result.ok).toBe(false);
      expect(result.errors.join("\n")).toMatch(/refused to (create|update) space: tenantDoesNotExist/);
      const withTenant = program("carol@octavio.com", "TENANT").replace('"TENANT"', "tenant.id");
      ok(await run("up", `const tenant = new CmsTenant("sales", { name: "Sales" });\n${withTenant}`));
      const [tenant] = engine().devices.cms.list("tenants");
      expect(engine().devices.cms.list("coSpaces")[0].fields.tenant).toBe(tenant.id);
      ok(await run("destroy", ""));
      expect(engine().devices.cms.list("coSpaces")).toEqual([]);
    },
    ENGINE_TEST_TIMEOUT_MS,
  );
});

describe("access methods and members: bad input and releases, refused before any write (CMS 2.2)", () => {
  const engine = useEngineDevices("space-children-22-", { cmsVersion: "2.2" });
  const SPACE = "3f2c9a2e-5b1d-4c8e-9a6f-2d4e8b1c0a35";
  const run = async (body: string) => {
    const { devices, options } = engine();
    devices.cms.clearRequests();
    return runCommand("up", options("bad", engine().program("bad", CLASSES, body)));
  };
  const requests = () => engine().devices.cms.requests.map((r) => `${r.method} ${r.path}`);

  test.each([
    ["CmsAccessMethod", { space: "team", uri: "team.guest" }, /space "team" .*a space id/],
    ["CmsAccessMethod", { space: SPACE, scope: "hidden" }, /scope "hidden" .*public, private/],
    ["CmsSpaceMember", { space: SPACE, userJid: "alice" }, /userJid "alice" .*user JID/],
    ["CmsSpaceMember", { userJid: "alice@octavio.com" }, /space.*required/i],
  ])(
    "%s %j: the field, the value and what is allowed; no request",
    async (kind, args, expected) => {
      const result = await run(`new ${kind}("it", ${JSON.stringify(args)});`);
      expect(result.ok).toBe(false);
      expect(result.errors.join("\n")).toMatch(expected);
      expect(requests()).toEqual([]);
    },
    ENGINE_TEST_TIMEOUT_MS,
  );

  test.each([
    [
      "CmsAccessMethod",
      { space: SPACE, uri: "team.guest", importance: 5 },
      /CmsAccessMethod\.importance does not exist on CMS 2\.2/,
    ],
    [
      "CmsSpaceMember",
      { space: SPACE, userJid: "alice@octavio.com", canChangeNonMemberAccessAllowed: false },
      /CmsSpaceMember\.canChangeNonMemberAccessAllowed does not exist on CMS 2\.2/,
    ],
  ])(
    "%s with a field CMS 2.2 lacks: refused naming the field and the release; no write",
    async (kind, args, expected) => {
      const result = await run(`new ${kind}("it", ${JSON.stringify(args)});`);
      expect(result.ok).toBe(false);
      expect(result.errors.join("\n")).toMatch(expected);
      expect(requests().filter((r) => !r.startsWith("GET "))).toEqual([]);
    },
    ENGINE_TEST_TIMEOUT_MS,
  );

  test(
    "a space id the device does not have: refused naming the field and the device's coSpaceDoesNotExist",
    async () => {
      const result = await run(`new CmsAccessMethod("it", ${JSON.stringify({ space: SPACE, uri: "team.guest" })});`);
      expect(result.ok).toBe(false);
      expect(result.errors.join("\n")).toMatch(
        new RegExp(
          `no space "${SPACE}" \\(coSpaceDoesNotExist\\).*CmsAccessMethod\\.space names a space that does not exist`,
        ),
      );
      expect(requests().filter((r) => !r.startsWith("GET "))).toEqual([]);
    },
    ENGINE_TEST_TIMEOUT_MS,
  );
});
