import * as fs from "node:fs";
import { expresswayCall } from "../emulator/client";
import {
  actions,
  declare,
  type DeclaredKind,
  declareAll,
  type KindStack,
  kindStack,
  ok,
  refusedUp,
} from "./kind-stack";

/**
 * Issue 22's Expressway kinds (ExpresswaySearchRule, ExpresswayTransform,
 * ExpresswayNeighborZone, ExpresswayCucmServer) where a user meets them: generated classes in
 * a program run by the fake engine, every provider call through the SDK's dynamic-provider
 * host, against the Expressway emulators. Each describe block has its own emulators and state.
 */

const SEARCH_RULES = "common/searchrule";
const TRANSFORMS = "common/transform";
const NEIGHBOR_ZONES = "common/zone/neighborzone";
const CUCM_SERVERS = "controller/server/cucm";

interface ExpresswayCase extends DeclaredKind {
  readonly path: string;
  /** The wire name and value of the key the emulator's records are named by. */
  readonly key: readonly [string, string | number];
  /** One field changed for the update, with its wire name and wire value. */
  readonly change: readonly [field: string, value: unknown, wire: string, wireValue: unknown];
  /** A declared field changed on the device behind the stack's back: field, wire name, wire value. */
  readonly drift: readonly [field: string, wire: string, value: string];
}

const AXL_SECRET = "Axl-Secret-1";

const CASES: readonly ExpresswayCase[] = [
  {
    kind: "ExpresswaySearchRule",
    path: SEARCH_RULES,
    key: ["Name", "To CMS"],
    args: {
      name: "To CMS",
      priority: 40,
      mode: "AliasPatternMatch",
      patternType: "Regex",
      patternString: ".*@meet\\.octavio\\.com",
      patternBehavior: "Leave",
      onSuccessfulMatch: "Stop",
      targetName: "CMS",
    },
    change: ["priority", 41, "Priority", 41],
    drift: ["onSuccessfulMatch", "OnSuccessfulMatch", "Continue"],
  },
  {
    kind: "ExpresswayTransform",
    path: TRANSFORMS,
    key: ["Priority", 10],
    args: {
      priority: 10,
      patternString: "(.*)@octavio\\.local",
      patternBehavior: "Replace",
      replaceString: "\\1@a.com",
    },
    change: ["replaceString", "\\1@b.com", "ReplaceString", "\\1@b.com"],
    drift: ["patternBehavior", "PatternBehavior", "Strip"],
  },
  {
    kind: "ExpresswayNeighborZone",
    path: NEIGHBOR_ZONES,
    key: ["Name", "CMS"],
    args: { name: "CMS", peerAddresses: ["cms.octavio.local"], sipTransport: "TCP", sipPort: 5060, h323Mode: false },
    change: ["sipPort", 5062, "SIPPort", 5062],
    drift: ["h323Mode", "H323Mode", "On"],
  },
  {
    kind: "ExpresswayCucmServer",
    path: CUCM_SERVERS,
    key: ["Publisher", "cucm.octavio.local"],
    args: { publisher: "cucm.octavio.local", axlUsername: "axluser", axlPassword: AXL_SECRET, aesGcm: true },
    change: ["axlUsername", "axladmin", "AxlUsername", "axladmin"],
    drift: ["aesGcm", "AesGcm", "Off"],
  },
];

describe("the four kinds through the engine (Expressway-C X8.11.4)", () => {
  let s: KindStack;
  beforeAll(async () => {
    s = await kindStack("2.2", "xway-kinds");
  });
  afterAll(() => s?.close());

  const record = (c: ExpresswayCase) => s.devices.expC.list(c.path).find((r) => r[c.key[0]] === c.key[1]);

  const title =
    "create, a no-op up with 0 requests, one-field updates with one PUT each, drift shown and repaired, destroy";
  test(title, async () => {
    const { expC } = s.devices;
    const created = ok(await s.run("up", declareAll(CASES)));
    expect(actions(created).sort()).toEqual(CASES.map((c) => `${c.kind}:create`).sort());
    expect(s.writes().sort()).toEqual(CASES.map((c) => `POST /api/provisioning/${c.path}`).sort());
    for (const c of CASES) expect(expC.list(c.path)).toHaveLength(1);
    expect(record(CASES[3])).toMatchObject({ AxlPassword: AXL_SECRET, AesGcm: "On", TlsVerify: "On" });
    expect(fs.readFileSync(s.statePath, "utf8")).not.toContain(AXL_SECRET);

    const again = ok(await s.run("up", declareAll(CASES)));
    expect(again.steps.map((step) => step.action)).toEqual(CASES.map(() => "same"));
    expect(s.requests()).toEqual([]);

    const changedKinds: string[] = [];
    for (const c of CASES) {
      const [field, , wire, wireValue] = c.change;
      changedKinds.push(c.kind);
      const changed = ok(await s.run("up", declareAll(CASES, changedKinds)));
      expect(changed.steps.filter((step) => step.action !== "same")).toEqual([
        expect.objectContaining({ name: c.kind, action: "update", keys: [field] }),
      ]);
      expect(s.writes()).toEqual([`PUT /api/provisioning/${c.path}`]);
      expect(record(c)?.[wire]).toEqual(wireValue);
    }
    const program = declareAll(CASES, changedKinds);

    for (const c of CASES) expC.patch(c.path, String(c.key[1]), { [c.drift[1]]: c.drift[2] });
    const refreshed = ok(await s.run("refresh", program));
    for (const c of CASES)
      expect(refreshed.steps.find((step) => step.name === c.kind)).toMatchObject({
        action: "drift",
        keys: [c.drift[0]],
      });
    expect(s.writes()).toEqual([]);
    const repaired = ok(await s.run("up", program));
    expect(actions(repaired).sort()).toEqual(CASES.map((c) => `${c.kind}:update`).sort());
    expect(s.writes().sort()).toEqual(CASES.map((c) => `PUT /api/provisioning/${c.path}`).sort());
    for (const c of CASES) expect(record(c)?.[c.drift[1]]).not.toEqual(c.drift[2]);

    ok(await s.run("destroy", ""));
    for (const c of CASES) expect(expC.list(c.path)).toEqual([]);
    expect(s.writes().sort()).toEqual(CASES.map((c) => `DELETE /api/provisioning/${c.path}`).sort());
  }, 300_000);
});

describe("bad input and releases, refused before any write", () => {
  let s: KindStack;
  beforeAll(async () => {
    s = await kindStack("2.2", "xway-kinds-input", { expresswayVersion: "X8.8.3" });
  });
  afterAll(() => s?.close());

  test.each([
    ["ExpresswaySearchRule", { name: "To CMS", targetName: "CMS", mode: "Any" }, /mode "Any" .*AliasPatternMatch/],
    ["ExpresswayTransform", { priority: 0, patternString: "x" }, /priority 0 .*from 1 to 65534/],
    ["ExpresswayNeighborZone", { name: "CMS", peerAddresses: [] }, /peerAddresses \[\] .*1 to 6 entries/],
    ["ExpresswayCucmServer", { publisher: "cucm", axlUsername: "a", axlPassword: "" }, /axlPassword \(secret/],
  ])(
    "%s with bad input: the field, the value and what is allowed; no request",
    (kind, args, expected) => refusedUp(s, kind, args, expected, "requests"),
    120_000,
  );

  test.each([
    ["ExpresswaySearchRule", { name: "To CMS", targetName: "CMS" }],
    ["ExpresswayTransform", { priority: 10, patternString: "x" }],
    ["ExpresswayNeighborZone", { name: "CMS", peerAddresses: ["cms.octavio.local"] }],
  ])(
    "%s on X8.8, before the API's B2B phase: refused naming the release and the manual step; no write",
    (kind, args) =>
      refusedUp(s, kind, args, /Expressway X8\.8\.3.*from Expressway X8\.9 on.*Configuration > /s, "writes"),
    120_000,
  );

  test("ExpresswayCucmServer on X8.8, where no source says whether it has the path: the device is asked", async () => {
    const result = await s.run(
      "up",
      declare("ExpresswayCucmServer", { publisher: "cucm.octavio.local", axlUsername: "a", axlPassword: AXL_SECRET }),
    );
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(/HTTP 404.*controller\/server\/cucm.*Unified CM servers/s);
    expect(result.errors.join("\n")).not.toContain(AXL_SECRET);
    expect(s.writes()).toEqual([]);
  }, 120_000);
});

const searchRule = { name: "To CMS", targetName: "CMS", priority: 40 };

describe("the search rule at its other plausible path (--unconfirmed expressway-other-paths)", () => {
  let s: KindStack;
  beforeAll(async () => {
    s = await kindStack("2.2", "xway-kinds-paths", { unconfirmed: ["expressway-other-paths"] });
  });
  afterAll(() => s?.close());

  test("found at controller/searchrule after a bare 404: create, no-op, update, destroy there", async () => {
    const { expC } = s.devices;
    ok(await s.run("up", declare("ExpresswaySearchRule", searchRule)));
    expect(s.writes()).toEqual(["POST /api/provisioning/controller/searchrule"]);
    expect(expC.list("controller/searchrule")).toEqual([expect.objectContaining({ Name: "To CMS", Priority: 40 })]);

    ok(await s.run("up", declare("ExpresswaySearchRule", searchRule)));
    expect(s.requests()).toEqual([]);
    ok(await s.run("up", declare("ExpresswaySearchRule", { ...searchRule, priority: 41 })));
    expect(s.writes()).toEqual(["PUT /api/provisioning/controller/searchrule"]);
    expect(expC.list("controller/searchrule")[0].Priority).toBe(41);

    ok(await s.run("destroy", ""));
    expect(expC.list("controller/searchrule")).toEqual([]);
  }, 120_000);

  test("at neither path (the Expressway-E has no controller/ paths): fails naming both; no write", async () => {
    const result = await s.run("up", declare("ExpresswaySearchRule", { ...searchRule, profile: "expresswayE" }));
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(
      /none of the paths ExpresswaySearchRule may be at \(common\/searchrule: HTTP 404; controller\/searchrule: /,
    );
    expect(s.writes()).toEqual([]);
  }, 120_000);
});

const transform = { priority: 10, patternString: "(.*)@octavio\\.local", replaceString: "\\1@a.com" };
const zone = { name: "CMS", peerAddresses: ["cms.octavio.local"], sipTransport: "TCP", h323Mode: false };

describe("unconfirmed JSON names played the other plausible way (--unconfirmed expressway-other-wire-names)", () => {
  let s: KindStack;
  beforeAll(async () => {
    s = await kindStack("2.2", "xway-kinds-names", { unconfirmed: ["expressway-other-wire-names"] });
  });
  afterAll(() => s?.close());

  const program = (changes: Record<string, unknown> = {}) =>
    `${declare("ExpresswayTransform", { ...transform, ...changes }, "transform")}\n` +
    declare("ExpresswayNeighborZone", zone, "zone");

  const mapped = "mapped: created (names retried on an empty device), no-op, updated, destroyed by the device's names";
  test(mapped, async () => {
    const { expC } = s.devices;
    ok(await s.run("up", program()));
    expect(expC.list(TRANSFORMS)).toEqual([
      expect.objectContaining({ Index: 10, Pattern: "(.*)@octavio\\.local", PatternReplace: "\\1@a.com" }),
    ]);
    expect(expC.list(NEIGHBOR_ZONES)).toEqual([
      expect.objectContaining({ Name: "CMS", SIPTransportProtocol: "TCP", H323Enabled: "Off" }),
    ]);

    ok(await s.run("up", program()));
    expect(s.requests()).toEqual([]);

    ok(await s.run("up", program({ replaceString: "\\1@b.com" })));
    expect(s.writes()).toEqual([`PUT /api/provisioning/${TRANSFORMS}`]);
    expect(expC.list(TRANSFORMS)[0].PatternReplace).toBe("\\1@b.com");

    expC.patch(TRANSFORMS, "10", { PatternReplace: "\\1@c.com" });
    const refreshed = ok(await s.run("refresh", program({ replaceString: "\\1@b.com" })));
    expect(refreshed.steps.find((step) => step.name === "transform")).toMatchObject({
      action: "drift",
      keys: ["replaceString"],
    });

    ok(await s.run("destroy", ""));
    expect(expC.list(TRANSFORMS)).toEqual([]);
    expect(expC.list(NEIGHBOR_ZONES)).toEqual([]);
  }, 180_000);

  test("a device that already holds a transform: its names are read first, one POST", async () => {
    const { expC } = s.devices;
    const seeded = await expresswayCall(expC, "POST", TRANSFORMS, { Index: 5, Pattern: "x" });
    expect(seeded.status).toBe(201);
    ok(await s.run("up", declare("ExpresswayTransform", transform)));
    expect(s.writes()).toEqual([`POST /api/provisioning/${TRANSFORMS}`]);
    ok(await s.run("destroy", ""));
    expect(expC.list(TRANSFORMS).map((r) => r.Index)).toEqual([5]);
  }, 120_000);
});

describe("unconfirmed JSON names the provider does not know", () => {
  let s: KindStack;
  beforeAll(async () => {
    s = await kindStack("2.2", "xway-kinds-unknown", {
      expresswayWireNames: {
        ExpresswayTransform: { replaceString: "Substitute" },
        ExpresswayNeighborZone: { hopCount: "Hops" },
      },
    });
  });
  afterAll(() => s?.close());

  test("with a record to read the names from: fails before any write, listing the device's keys", async () => {
    const { expC } = s.devices;
    expect((await expresswayCall(expC, "POST", TRANSFORMS, { Priority: 5, PatternString: "x" })).status).toBe(201);
    const result = await s.run("up", declare("ExpresswayTransform", transform));
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(
      /no field for replaceString \(tried ReplaceString, PatternReplace\).*device returned the keys: .*Substitute/s,
    );
    expect(s.writes()).toEqual([]);
    expect(expC.list(TRANSFORMS).map((r) => r.Priority)).toEqual([5]);
  }, 120_000);

  test("on an empty device: the device refuses every name tried, nothing is stored, the message says why", async () => {
    const { expC } = s.devices;
    const result = await s.run("up", declare("ExpresswayNeighborZone", { ...zone, hopCount: 20 }));
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(
      /'HopCount' was unexpected.*JSON names of hopCount \(HopCount\).*not published/s,
    );
    expect(s.writes()).toEqual([`POST /api/provisioning/${NEIGHBOR_ZONES}`]);
    expect(expC.list(NEIGHBOR_ZONES)).toEqual([]);
  }, 120_000);
});

describe("unknown JSON names on a device that ignores properties it does not have", () => {
  let s: KindStack;
  beforeAll(async () => {
    s = await kindStack("2.2", "xway-kinds-lax", {
      unconfirmed: ["expressway-ignores-unknown-properties"],
      expresswayWireNames: { ExpresswayNeighborZone: { hopCount: "Hops" } },
    });
  });
  afterAll(() => s?.close());

  test("what the create made is read back, deleted again, and the refusal lists the device's keys", async () => {
    const { expC } = s.devices;
    const result = await s.run("up", declare("ExpresswayNeighborZone", { ...zone, hopCount: 20 }));
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(
      /no field for hopCount \(tried HopCount\).*the keys: .*Hops.*nothing was/s,
    );
    expect(s.writes()).toEqual([
      `POST /api/provisioning/${NEIGHBOR_ZONES}`,
      `DELETE /api/provisioning/${NEIGHBOR_ZONES}`,
    ]);
    expect(expC.list(NEIGHBOR_ZONES)).toEqual([]);
  }, 120_000);
});
