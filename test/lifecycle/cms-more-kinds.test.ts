import type { RunResult } from "../../lab/fake-engine";
import { cmsCall } from "../emulator/client";
import { declare, type KindCase, type KindStack, kindStack, ok, refusedUp, roundTrip } from "./kind-stack";

/**
 * Issue 22's CMS kinds CmsForwardingRule, CmsLdapServer, CmsLdapMapping and CmsLdapSource where a
 * user meets them: generated classes in a program run by the fake engine, every provider call
 * through the SDK's dynamic-provider host, against the CMS emulator (./kind-stack). The LDAP
 * source refers to the server and mapping of the same program (`server: CmsLdapServer.id`).
 */

const PROJECT = "cisco-edge-cms-more-kinds";

const SERVER_ARGS = {
  address: "dc1.octavio.local",
  portNumber: 636,
  secure: true,
  username: "cn=cms-reader,ou=Service,dc=octavio,dc=local",
  password: "Reader-Secret-1",
};
const MAPPING_ARGS = {
  jidMapping: "$sAMAccountName$@octavio.com",
  nameMapping: "$displayName$",
  coSpaceNameMapping: "$displayName$ space",
  coSpaceUriMapping: "$sAMAccountName$.space",
};
const SOURCE_ARGS = { baseDn: "ou=Users,dc=octavio,dc=local", filter: "(objectClass=person)" };
const SOURCE_REFS = { server: "CmsLdapServer.id", mapping: "CmsLdapMapping.id" };

const CASES: readonly KindCase[] = [
  {
    kind: "CmsForwardingRule",
    collection: "forwardingDialPlanRules",
    args: {
      matchPattern: "partner.example.com",
      priority: 10,
      action: "forward",
      destinationDomain: "partner.example.net",
      callerIdMode: "preserve",
    },
    change: ["destinationDomain", "partner2.example.net"],
    drift: ["callerIdMode", "regenerate"],
  },
  {
    kind: "CmsLdapServer",
    collection: "ldapServers",
    args: SERVER_ARGS,
    change: ["portNumber", 3269],
    drift: ["secure", "false"],
  },
  {
    kind: "CmsLdapMapping",
    collection: "ldapMappings",
    args: MAPPING_ARGS,
    change: ["nameMapping", "$cn$"],
    drift: ["coSpaceUriMapping", "$mail$"],
  },
  {
    kind: "CmsLdapSource",
    collection: "ldapSources",
    args: SOURCE_ARGS,
    refs: SOURCE_REFS,
    change: ["filter", "(objectClass=user)"],
    drift: ["baseDn", "ou=Others,dc=octavio,dc=local"],
  },
];

describe("CmsForwardingRule, CmsLdapServer, CmsLdapMapping and CmsLdapSource through the engine (CMS 2.9)", () => {
  let s: KindStack;
  beforeAll(async () => {
    s = await kindStack("2.9", PROJECT);
  });
  afterAll(() => s?.close());

  const title =
    "create, a no-op up with 0 requests, one-field updates with one PUT each, drift shown and repaired, destroy";
  test(title, async () => {
    await roundTrip(s, CASES);
    expect(s.devices.cms.ldapSyncs()).toEqual([]);
  }, 300_000);
});

/** The LDAP trio; the source's own inputs over SOURCE_ARGS. */
const ldapProgram = (source: Record<string, unknown> = {}) =>
  [
    declare("CmsLdapServer", SERVER_ARGS, "CmsLdapServer"),
    declare("CmsLdapMapping", MAPPING_ARGS, "CmsLdapMapping"),
    declare("CmsLdapSource", { ...SOURCE_ARGS, ...source }, "CmsLdapSource", SOURCE_REFS),
  ].join("\n");

const SYNC_POST = "POST /api/v1/ldapSyncs";
/** What preview prints (provider output) when up will request the sync. */
const SYNC_NOTICE = "up will request an LDAP sync of this LDAP source";

describe("CmsLdapSource's syncOnChange: an LDAP sync only when asked and something changed", () => {
  let s: KindStack;
  beforeAll(async () => {
    s = await kindStack("2.9", PROJECT);
  });
  afterAll(() => s?.close());

  test("no sync without it; with it one after a change of the source, none when only the input changes", async () => {
    const { cms } = s.devices;
    ok(await s.run("up", ldapProgram()));
    expect(s.writes()).not.toContain(SYNC_POST);
    const [source] = cms.list("ldapSources");

    // A change of the source, not asked for: no sync.
    ok(await s.run("up", ldapProgram({ filter: "(objectClass=user)" })));
    expect(s.writes()).toEqual([`PUT /api/v1/ldapSources/${source.id}`]);

    // Asked for, but nothing on the device changes: no request at all.
    const asked = ok(await s.run("up", ldapProgram({ filter: "(objectClass=user)", syncOnChange: true })));
    expect(asked.steps.find((step) => step.name === "CmsLdapSource")).toMatchObject({ action: "update" });
    expect(s.writes()).toEqual([]);
    expect(cms.ldapSyncs()).toEqual([]);

    // Asked for and the source changes: the PUT, then one sync of this source.
    const changed = ok(
      await s.run(
        "up",
        ldapProgram({ baseDn: "ou=Staff,dc=octavio,dc=local", filter: "(objectClass=user)", syncOnChange: true }),
      ),
    );
    expect(s.writes()).toEqual([`PUT /api/v1/ldapSources/${source.id}`, SYNC_POST]);
    expect(cms.ldapSyncs()).toEqual([expect.objectContaining({ ldapSource: source.id, state: "pending" })]);
    const sync = cms.ldapSyncs()[0].id;
    expect(changed.printed.join("\n")).toContain(`CmsLdapSource: requested an LDAP sync of LDAP source "${source.id}"`);
    expect(changed.printed.join("\n")).toContain(`/api/v1/ldapSyncs/${sync}`);
    const listed = await cmsCall(cms, "GET", "/api/v1/ldapSyncs");
    expect(listed.body).toContain(`<ldapSync id="${sync}"><state>pending</state></ldapSync>`);

    // Drift repaired with the input on: a sync too (the source changed back on the device).
    cms.patch("ldapSources", source.id, { baseDn: "ou=Elsewhere,dc=octavio,dc=local" });
    const program = ldapProgram({
      baseDn: "ou=Staff,dc=octavio,dc=local",
      filter: "(objectClass=user)",
      syncOnChange: true,
    });
    ok(await s.run("refresh", program));
    expect(s.writes()).toEqual([]);
    ok(await s.run("up", program));
    expect(s.writes()).toEqual([`PUT /api/v1/ldapSources/${source.id}`, SYNC_POST]);

    // Destroy never syncs.
    ok(await s.run("destroy", ""));
    expect(s.writes()).not.toContain(SYNC_POST);
    expect(cms.list("ldapSources")).toEqual([]);
  }, 300_000);

  test("preview names the sync before up: for a create and a change with it; not a no-op, nor without it", async () => {
    const said = (result: RunResult) => result.printed.filter((line) => line.includes(SYNC_NOTICE));
    const onCreate = `${SYNC_NOTICE} after creating (or adopting) it (syncOnChange: true).`;
    const onChange = `${SYNC_NOTICE} after writing the change (syncOnChange: true).`;
    const planned = ok(await s.run("preview", ldapProgram({ syncOnChange: true })));
    expect(said(planned)).toEqual([expect.stringContaining(onCreate)]);
    expect(s.writes()).toEqual([]);
    expect(said(ok(await s.run("preview", ldapProgram())))).toEqual([]);

    ok(await s.run("up", ldapProgram()));
    // Asked for, but only the local input changes: up writes nothing, so it requests no sync either.
    expect(said(ok(await s.run("preview", ldapProgram({ syncOnChange: true }))))).toEqual([]);
    const change = { filter: "(objectClass=user)" };
    const changing = ok(await s.run("preview", ldapProgram({ ...change, syncOnChange: true })));
    expect(said(changing)).toEqual([expect.stringContaining(onChange)]);
    expect(said(ok(await s.run("preview", ldapProgram(change))))).toEqual([]);
    expect(s.writes()).toEqual([]);

    // Up does what preview said (the PUT, then one sync); then a no-op says nothing.
    ok(await s.run("up", ldapProgram({ ...change, syncOnChange: true })));
    expect(s.writes().filter((w) => w === SYNC_POST)).toHaveLength(1);
    expect(said(ok(await s.run("preview", ldapProgram({ ...change, syncOnChange: true }))))).toEqual([]);
    ok(await s.run("destroy", ""));
  }, 300_000);

  test("created with it: the source is POSTed, then its sync", async () => {
    const { cms } = s.devices;
    ok(await s.run("up", ldapProgram({ syncOnChange: true })));
    const [source] = cms.list("ldapSources");
    const writes = s.writes();
    expect(writes.filter((w) => w === SYNC_POST)).toHaveLength(1);
    expect(writes.indexOf(SYNC_POST)).toBeGreaterThan(writes.indexOf("POST /api/v1/ldapSources"));
    expect(cms.ldapSyncs().at(-1)).toMatchObject({ ldapSource: source.id });
    ok(await s.run("destroy", ""));
  }, 300_000);

  test("a sync the device refuses: the source stays in state; the message says how to start it by hand", async () => {
    const { cms } = s.devices;
    cms.faults.set({ rules: [{ kind: "error", methods: ["POST"], path: "/api/v1/ldapSyncs", count: 1 }] });
    const result = await s.run("up", ldapProgram({ syncOnChange: true }));
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(
      /LDAP source ".*" is written on .* requesting an LDAP sync of it failed.*Sync now/s,
    );
    expect(cms.list("ldapSources")).toHaveLength(1);
    cms.faults.clear();
    // State holds the source: the next up neither creates a second one nor syncs (nothing changed).
    ok(await s.run("up", ldapProgram({ syncOnChange: true })));
    expect(cms.list("ldapSources")).toHaveLength(1);
    expect(s.writes()).toEqual([]);
    ok(await s.run("destroy", ""));
  }, 300_000);
});

describe("references and bad input, refused as the device or check does", () => {
  let s: KindStack;
  beforeAll(async () => {
    s = await kindStack("2.2", PROJECT);
  });
  afterAll(() => s?.close());

  test("an LDAP source naming a server the device does not have: ldapServerDoesNotExist, nothing made", async () => {
    const result = await s.run(
      "up",
      `${declare("CmsLdapMapping", MAPPING_ARGS, "CmsLdapMapping")}\n` +
        declare("CmsLdapSource", { ...SOURCE_ARGS, server: "00000000-0000-4000-8000-000000000000" }, "CmsLdapSource", {
          mapping: "CmsLdapMapping.id",
        }),
    );
    expect(result.ok).toBe(false);
    const errors = result.errors.join("\n");
    expect(errors).toMatch(/refused to create LDAP source: ldapServerDoesNotExist: field CmsLdapSource\.server /);
    expect(errors).toContain('"00000000-0000-4000-8000-000000000000" is not the id of any LDAP server on the device');
    expect(s.devices.cms.list("ldapSources")).toEqual([]);
    ok(await s.run("destroy", ""));
  }, 120_000);

  test.each([
    ["CmsForwardingRule", { matchPattern: "*" }, /matchPattern "\*" .*not "\*" alone/],
    ["CmsLdapServer", { address: "dc1.octavio.local", portNumber: 0, secure: true }, /portNumber 0 .*1 to 65535/],
    ["CmsLdapMapping", { nameMapping: "$cn$" }, /jidMapping is required/],
    ["CmsLdapSource", { server: "dc1", mapping: "m", baseDn: "dc=x" }, /server "dc1" .*an LDAP server id/],
  ])(
    "%s with bad input: the field, the value and what is allowed; no request",
    (kind, args, expected) => refusedUp(s, kind, args, expected, "requests"),
    120_000,
  );
});

describe("releases", () => {
  let s: KindStack;
  beforeAll(async () => {
    s = await kindStack("2.0", PROJECT);
  });
  afterAll(() => s?.close());

  test(
    "usePagedResults on CMS 2.0 (it came with 2.1): refused naming the field and release; no write",
    () =>
      refusedUp(
        s,
        "CmsLdapServer",
        { ...SERVER_ARGS, usePagedResults: false },
        /CmsLdapServer\.usePagedResults does not exist on CMS 2\.0/,
        "writes",
      ),
    120_000,
  );
});
