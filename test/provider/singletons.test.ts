import type { EmulatorServer } from "../../emulator/server";
import type { PropertyMap } from "../../provider/described-provider";
import { deviceProfilesFrom } from "../../provider/connection";
import { ExpresswaySettingsObjects } from "../../provider/device/expressway-settings";
import { NOT_RESTORABLE, RESTORE_VALUES } from "../../provider/lifecycle/singleton";
import { expresswayDns } from "../../provider/schema/expressway-settings";
import { cmsCall, dnsServerEntries, dnsServerEntry, expresswayCall } from "../emulator/client";
import { provider, startTestDevices, type TestDevices, useTestDevices } from "../support/test-devices";

/**
 * The device-wide settings objects through the provider, against the emulators: create
 * records what it found and sends only what differs; an unchanged diff sends nothing; a
 * one-field update is one PUT carrying that field only; drift shows on read and update
 * repairs it; delete puts the device back exactly as it was before create.
 */

const lab = useTestDevices({}, { devices: ["cms", "expC", "expE"] });

type Wire = Record<string, string | number | string[]>;

interface SingletonCase {
  readonly resource: string;
  readonly device: (lab: TestDevices) => EmulatorServer;
  /** What the device holds before the stack exists (set over HTTP, then the snapshot is taken). */
  readonly seed: (lab: TestDevices) => Promise<void>;
  /** The device's whole view, as its API answers GET (compared exactly after destroy). */
  readonly snapshot: (lab: TestDevices) => Promise<unknown>;
  readonly create: PropertyMap;
  /** restoreValues create must record (the seeded values of the declared fields). */
  readonly recorded: PropertyMap;
  /** A value create leaves alone because the device already has it (not in the first PUT). */
  readonly unchangedOnCreate: string;
  /** One field to update: name, new value, wire key, wire value in the PUT body. */
  readonly update: readonly [string, unknown, string, string | number];
  /** Out-of-band change (wire), the field it shows in and the value read records. */
  readonly drift: { readonly wire: Wire; readonly field: string; readonly value: unknown };
  /** The device's value of a field, by wire name. */
  readonly wireValue: (lab: TestDevices, wire: string) => Promise<unknown>;
}

async function expresswayGet(device: EmulatorServer, path: string): Promise<Record<string, unknown>> {
  return (await expresswayCall(device, "GET", path)).body as Record<string, unknown>;
}

/** The DNS server entries the device lists, whichever shape it answers in. */
async function dnsServers(device: EmulatorServer): Promise<unknown[]> {
  return dnsServerEntries((await expresswayCall(device, "GET", "common/dns/dnsserver")).body);
}

async function cmsXmpp(lab: TestDevices): Promise<string> {
  return (await cmsCall(lab.cms, "GET", "/api/v1/system/configuration/xmpp")).body;
}

const expresswayCase = (
  resource: string,
  device: (lab: TestDevices) => EmulatorServer,
  path: string,
  seedWire: Wire,
  rest: Omit<SingletonCase, "resource" | "device" | "seed" | "snapshot" | "wireValue">,
  servers: readonly string[] = [],
): SingletonCase => ({
  resource,
  device,
  async seed(lab) {
    expect((await expresswayCall(device(lab), "PUT", path, seedWire)).status).toBe(200);
    for (const [i, address] of servers.entries()) {
      const answer = await expresswayCall(device(lab), "POST", "common/dns/dnsserver", dnsServerEntry(i + 1, address));
      expect(answer.status).toBe(201);
    }
  },
  async snapshot(lab) {
    const servers = path === "common/dns/dns" ? await dnsServers(device(lab)) : [];
    return { record: await expresswayGet(device(lab), path), servers };
  },
  async wireValue(lab, wire) {
    return (await expresswayGet(device(lab), path))[wire];
  },
  ...rest,
});

const cases: readonly SingletonCase[] = [
  expresswayCase(
    "ExpresswayDns",
    (l) => l.expC,
    "common/dns/dns",
    { SystemHostName: "expc-old", DomainName: "old.example" },
    {
      create: { systemHostName: "vcsc", domainName: "old.example", servers: ["172.16.85.162"] },
      recorded: { systemHostName: "expc-old", domainName: "old.example", servers: ["10.0.0.53", "10.0.0.54"] },
      unchangedOnCreate: "DomainName",
      update: ["domainName", "octavio.local", "DomainName", "octavio.local"],
      drift: { wire: { SystemHostName: "someone-else" }, field: "systemHostName", value: "someone-else" },
    },
    ["10.0.0.53", "10.0.0.54"],
  ),
  expresswayCase(
    "ExpresswayMra",
    (l) => l.expC,
    "common/mra",
    { SSO: "On" },
    {
      create: { enabled: true, sso: true },
      recorded: { enabled: false, sso: true },
      unchangedOnCreate: "SSO",
      update: ["sso", false, "SSO", "Off"],
      drift: { wire: { Enabled: "Off" }, field: "enabled", value: false },
    },
  ),
  expresswayCase(
    "ExpresswayTurn",
    (l) => l.expE,
    "edge/traversal/turn",
    { AuthenticationRealm: "TANDBERG", RequestsPort: 3479 },
    {
      create: { services: true, requestsPort: 3478, authenticationRealm: "turnuser", mediaPortRangeStart: 24000 },
      recorded: { services: false, requestsPort: 3479, authenticationRealm: "TANDBERG", mediaPortRangeStart: 24000 },
      unchangedOnCreate: "MediaPortRangeStart",
      update: ["requestsPort", 3480, "RequestsPort", 3480],
      drift: { wire: { TurnServices: "Off" }, field: "services", value: false },
    },
  ),
  {
    resource: "CmsXmppSettings",
    device: (l) => l.cms,
    async seed(lab) {
      const form = { uniqueName: "cb-old", domain: "old.example", sharedSecret: "old-secret" };
      expect((await cmsCall(lab.cms, "PUT", "/api/v1/system/configuration/xmpp", form)).status).toBe(200);
    },
    snapshot: cmsXmpp,
    create: { uniqueName: "cb1", domain: "cms.octavio.local", serverAddressOverride: "old:5223", sharedSecret: "s3" },
    recorded: { uniqueName: "cb-old", domain: "old.example", serverAddressOverride: "" },
    unchangedOnCreate: "",
    update: ["serverAddressOverride", "localhost:5223", "serverAddressOverride", "localhost:5223"],
    drift: { wire: { domain: "drifted.example" }, field: "domain", value: "drifted.example" },
    async wireValue(lab, wire) {
      return new RegExp(`<${wire}>([^<]*)</${wire}>`).exec(await cmsXmpp(lab))?.[1];
    },
  },
];

/** The bodies of the writes a device received since the last clear. */
function writes(device: EmulatorServer): { method: string; path: string; body: string }[] {
  return device.requests
    .filter((r) => r.method !== "GET")
    .map((r) => ({ method: r.method, path: r.path, body: r.body }));
}

function sentKeys(body: string): string[] {
  if (body.startsWith("{")) return Object.keys(JSON.parse(body) as object);
  return [...new URLSearchParams(body).keys()];
}

function drift(lab: TestDevices, c: SingletonCase): void {
  if (c.resource === "CmsXmppSettings") {
    lab.cms.patch("system/configuration/xmpp", "", c.drift.wire as Record<string, string>);
    return;
  }
  const path = { ExpresswayDns: "common/dns/dns", ExpresswayMra: "common/mra", ExpresswayTurn: "edge/traversal/turn" }[
    c.resource
  ] as string;
  (c.device(lab) as unknown as { patch: (p: string, n: string, f: Wire) => void }).patch(path, "", c.drift.wire);
}

describe.each(cases.map((c) => [c.resource, c] as const))("%s", (resource, c) => {
  const p = provider(resource);

  async function created(): Promise<{ id: string; outs: PropertyMap; before: unknown }> {
    await c.seed(lab());
    const before = await c.snapshot(lab());
    lab().clearRequests();
    const checked = await p.check({}, c.create);
    expect(checked.failures).toEqual([]);
    const result = await p.create(checked.inputs);
    return { ...result, before };
  }

  test("create records what it found, sends only what differs, and destroy restores it exactly", async () => {
    const { id, outs, before } = await created();
    expect(outs[RESTORE_VALUES]).toEqual(c.recorded);
    const sent = writes(c.device(lab())).flatMap((w) => sentKeys(w.body));
    expect(sent.length).toBeGreaterThan(0);
    if (c.unchangedOnCreate) expect(sent).not.toContain(c.unchangedOnCreate);
    expect(await c.snapshot(lab())).not.toEqual(before);
    await p.delete(id, outs);
    expect(await c.snapshot(lab())).toEqual(before);
  });

  test("an unchanged diff sends nothing; read shows no drift", async () => {
    const { id, outs } = await created();
    const news = (await p.check({}, c.create)).inputs;
    lab().clearRequests();
    expect(await p.diff(id, outs, news)).toMatchObject({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(lab().requestCount()).toBe(0);
    const read = await p.read(id, outs);
    expect((await p.diff(id, read.props as PropertyMap, news)).changes).toBe(false);
  });

  test("a one-field update is one PUT carrying that field only; destroy still restores", async () => {
    const { id, outs, before } = await created();
    const [field, value, wire, wireValue] = c.update;
    const news = (await p.check({}, { ...c.create, [field]: value })).inputs;
    expect((await p.diff(id, outs, news)).changes).toBe(true);
    lab().clearRequests();
    const updated = await p.update(id, outs, news);
    const sent = writes(c.device(lab()));
    expect(sent.map((w) => w.method)).toEqual(["PUT"]);
    expect(sentKeys(sent[0].body)).toEqual([wire]);
    expect(await c.wireValue(lab(), wire)).toEqual(wireValue);
    expect(updated.outs[RESTORE_VALUES]).toEqual(c.recorded);
    await p.delete(id, updated.outs);
    expect(await c.snapshot(lab())).toEqual(before);
  });

  test("drift is shown on read and repaired by update", async () => {
    const { id, outs } = await created();
    drift(lab(), c);
    const read = await p.read(id, outs);
    expect(read.props?.[c.drift.field]).toEqual(c.drift.value);
    expect(read.props?.[RESTORE_VALUES]).toEqual(c.recorded);
    const news = (await p.check({}, c.create)).inputs;
    expect((await p.diff(id, read.props as PropertyMap, news)).changes).toBe(true);
    const repaired = await p.update(id, read.props as PropertyMap, news);
    expect((await p.read(id, repaired.outs)).props?.[c.drift.field]).toEqual(c.create[c.drift.field]);
  });
});

describe("ExpresswayDns servers", () => {
  const p = provider("ExpresswayDns");

  test("a changed server list writes only the entries that differ, by index", async () => {
    const { id, outs } = await p.create((await p.check({}, { servers: ["10.0.0.1", "10.0.0.2", "10.0.0.3"] })).inputs);
    lab().clearRequests();
    const news = (await p.check({}, { servers: ["10.0.0.1", "10.0.0.9"] })).inputs;
    await p.update(id, outs, news);
    expect(writes(lab().expC).map((w) => `${w.method} ${w.body}`)).toEqual([
      'PUT {"DefaultDNSServers":{"index":2,"address":"10.0.0.9"}}',
      'DELETE {"index":3}',
    ]);
    expect(await dnsServers(lab().expC)).toEqual([
      { index: 1, address: "10.0.0.1" },
      { index: 2, address: "10.0.0.9" },
    ]);
  });

  test("on the Expressway-E too (profile expresswayE), leaving the C alone", async () => {
    const { outs } = await p.create(
      (await p.check({}, { profile: "expresswayE", systemHostName: "vcse", domainName: "octavio.com" })).inputs,
    );
    expect(await expresswayGet(lab().expE, "common/dns/dns")).toMatchObject({
      SystemHostName: "vcse",
      DomainName: "octavio.com",
    });
    expect(await expresswayGet(lab().expC, "common/dns/dns")).not.toHaveProperty("SystemHostName");
    expect(outs[RESTORE_VALUES]).toEqual({ systemHostName: null, domainName: null });
  });
});

describe("reads a settings object needs, no more", () => {
  const requestsTo = (device: EmulatorServer, path: string) =>
    device.requests.filter((r) => r.path.endsWith(path)).map((r) => r.method);

  test("server entries the stack does not declare are never read: create, refresh, destroy", async () => {
    const p = provider("ExpresswayDns");
    lab().clearRequests();
    const { id, outs } = await p.create((await p.check({}, { profile: "expresswayE", systemHostName: "vcse" })).inputs);
    expect((await p.read(id, outs)).props).toMatchObject({ systemHostName: "vcse" });
    await p.delete(id, outs);
    expect(requestsTo(lab().expE, "common/dns/dnsserver")).toEqual([]);
    expect(requestsTo(lab().expE, "common/dns/dns")).toEqual(["GET", "PUT", "GET", "GET", "PUT"]);
  });

  test("TURN's unconfirmed wire names are mapped by the keys create just read: one GET, one PUT", async () => {
    const p = provider("ExpresswayTurn");
    lab().clearRequests();
    await p.create((await p.check({}, { services: true, authenticationRealm: "turnuser" })).inputs);
    expect(requestsTo(lab().expE, "edge/traversal/turn")).toEqual(["GET", "PUT"]);
  });
});

describe("singleton lifecycle details", () => {
  test("a field declared later is recorded before it is changed; one no longer declared is put back", async () => {
    const p = provider("ExpresswayMra");
    expect((await expresswayCall(lab().expC, "PUT", "common/mra", { SSO: "On" })).status).toBe(200);
    const first = await p.create((await p.check({}, { enabled: true })).inputs);
    expect(first.outs[RESTORE_VALUES]).toEqual({ enabled: false });
    const second = await p.update(first.id, first.outs, (await p.check({}, { enabled: true, sso: false })).inputs);
    expect(second.outs[RESTORE_VALUES]).toEqual({ enabled: false, sso: true });
    expect(await expresswayGet(lab().expC, "common/mra")).toEqual({ Enabled: "On", SSO: "Off" });
    lab().clearRequests();
    const third = await p.update(first.id, second.outs, (await p.check({}, { enabled: true })).inputs);
    expect(writes(lab().expC).map((w) => w.body)).toEqual(['{"SSO":"On"}']);
    expect(third.outs[RESTORE_VALUES]).toEqual({ enabled: false });
  });

  test("a write-only secret is never recorded and is named as not restorable", async () => {
    const p = provider("CmsXmppSettings");
    const { outs } = await p.create(
      (await p.check({}, { domain: "cms.octavio.local", sharedSecret: "s3cr3t" })).inputs,
    );
    expect(JSON.stringify(outs)).not.toContain("s3cr3t");
    expect(outs[RESTORE_VALUES]).toEqual({ domain: "" });
    expect(outs[NOT_RESTORABLE]).toEqual(["sharedSecret"]);
  });

  test("a secret declared later is named as not restorable; once undeclared it is left on the device", async () => {
    const p = provider("CmsXmppSettings");
    const first = await p.create((await p.check({}, { domain: "cms.octavio.local" })).inputs);
    expect(first.outs[NOT_RESTORABLE]).toBeUndefined();
    const withSecret = (await p.check({}, { domain: "cms.octavio.local", sharedSecret: "s3cr3t" })).inputs;
    const second = await p.update(first.id, first.outs, withSecret);
    expect(second.outs[NOT_RESTORABLE]).toEqual(["sharedSecret"]);
    expect(lab().cms.list("system/configuration/xmpp")[0].fields).toMatchObject({ sharedSecret: "s3cr3t" });
    lab().clearRequests();
    const third = await p.update(first.id, second.outs, (await p.check({}, { domain: "cms.octavio.local" })).inputs);
    expect(writes(lab().cms).flatMap((w) => sentKeys(w.body))).not.toContain("sharedSecret");
    expect(lab().cms.list("system/configuration/xmpp")[0].fields).toMatchObject({ sharedSecret: "s3cr3t" });
    expect(third.outs[NOT_RESTORABLE]).toBeUndefined();
  });

  test("destroy clears a field the device did not have and writes only the fields that differ", async () => {
    const p = provider("ExpresswayDns");
    expect((await expresswayCall(lab().expC, "PUT", "common/dns/dns", { DomainName: "old.example" })).status).toBe(200);
    const inputs = (await p.check({}, { systemHostName: "vcsc", domainName: "old.example" })).inputs;
    const { id, outs } = await p.create(inputs);
    expect(outs[RESTORE_VALUES]).toEqual({ systemHostName: null, domainName: "old.example" });
    lab().clearRequests();
    await p.delete(id, outs);
    expect(writes(lab().expC).map((w) => `${w.method} ${w.body}`)).toEqual(['PUT {"SystemHostName":""}']);
    expect((await expresswayGet(lab().expC, "common/dns/dns")).SystemHostName ?? "").toBe("");
    lab().clearRequests();
    await p.delete(id, outs);
    expect(writes(lab().expC)).toEqual([]);
  });

  test("a field cleared without a recorded value goes to the device default, not an empty value", async () => {
    // State written before restoreValues existed has nothing to put back: null means the device default.
    const settings = deviceProfilesFrom({ get: (key) => lab().config.get(key) }).resolve("expresswayC");
    const objects = new ExpresswaySettingsObjects(expresswayDns, undefined, settings);
    await objects.update("common/dns/dns", {}, { systemHostName: "vcsc", requestsPortRange: "Custom" });
    lab().clearRequests();
    await objects.update("common/dns/dns", {}, { systemHostName: null, requestsPortRange: null });
    expect(writes(lab().expC).map((w) => w.body)).toEqual([
      '{"SystemHostName":"","DNSRequestsPortRange":"UseEphemeralPortRange"}',
    ]);
  });

  test("a device that already has every declared value gets no write at all", async () => {
    const p = provider("ExpresswayMra");
    lab().clearRequests();
    const { outs } = await p.create((await p.check({}, { enabled: false, sso: false })).inputs);
    expect(writes(lab().expC)).toEqual([]);
    expect(outs[RESTORE_VALUES]).toEqual({ enabled: false, sso: false });
  });
});

describe("destroy gives back exactly what create read, letter case included (issue 24 item 3)", () => {
  test("CMS XMPP domain", async () => {
    const form = { uniqueName: "cb-old", domain: "CMS.Octavio.Local" };
    expect((await cmsCall(lab().cms, "PUT", "/api/v1/system/configuration/xmpp", form)).status).toBe(200);
    const p = provider("CmsXmppSettings");
    const { id, outs } = await p.create((await p.check({}, { uniqueName: "cb1", domain: "new.octavio.local" })).inputs);
    expect(outs[RESTORE_VALUES]).toEqual({ uniqueName: "cb-old", domain: "CMS.Octavio.Local" });
    await p.delete(id, outs);
    expect(await cmsXmpp(lab())).toContain("<domain>CMS.Octavio.Local</domain>");
  });

  test("Expressway DNS server host names", async () => {
    const found = ["DNS1.Octavio.Local", "10.0.0.54"];
    for (const [i, address] of found.entries())
      expect(
        (await expresswayCall(lab().expC, "POST", "common/dns/dnsserver", dnsServerEntry(i + 1, address))).status,
      ).toBe(201);
    const p = provider("ExpresswayDns");
    const { id, outs } = await p.create((await p.check({}, { servers: ["10.0.0.1"] })).inputs);
    expect(outs[RESTORE_VALUES]).toEqual({ servers: found });
    await p.delete(id, outs);
    expect(await dnsServers(lab().expC)).toEqual([
      { index: 1, address: "DNS1.Octavio.Local" },
      { index: 2, address: "10.0.0.54" },
    ]);
  });

  test("a value differing only in a case the device ignores is neither written nor restored", async () => {
    const form = { uniqueName: "cb-old", domain: "CMS.Octavio.Local" };
    expect((await cmsCall(lab().cms, "PUT", "/api/v1/system/configuration/xmpp", form)).status).toBe(200);
    const p = provider("CmsXmppSettings");
    lab().clearRequests();
    const { id, outs } = await p.create(
      (await p.check({}, { uniqueName: "cb-old", domain: "cms.octavio.local" })).inputs,
    );
    expect(writes(lab().cms)).toEqual([]);
    const read = await p.read(id, outs);
    expect((await p.diff(id, read.props ?? {}, { uniqueName: "cb-old", domain: "cms.octavio.local" })).changes).toBe(
      false,
    );
    await p.delete(id, outs);
    expect(writes(lab().cms)).toEqual([]);
    expect(await cmsXmpp(lab())).toContain("<domain>CMS.Octavio.Local</domain>");
  });
});

// Last in the file: startTestDevices points the provider at the devices it starts.
describe("a create that fails half-way", () => {
  test("still records what it found, so the next up converges and destroy restores", async () => {
    const faulty = await startTestDevices({
      faults: { rules: [{ kind: "error", methods: ["POST"], path: "/api/provisioning/common/dns/dnsserver" }] },
    });
    try {
      const p = provider("ExpresswayDns");
      expect((await expresswayCall(faulty.expC, "PUT", "common/dns/dns", { SystemHostName: "expc-old" })).status).toBe(
        200,
      );
      const inputs = (await p.check({}, { systemHostName: "vcsc", servers: ["172.16.85.162"] })).inputs;
      const failure = await p.create(inputs).then(
        () => undefined,
        (error: unknown) => error as { name: string; id: string; properties: PropertyMap },
      );
      expect(failure?.name).toBe("PartialFailure");
      expect(failure?.properties[RESTORE_VALUES]).toEqual({ systemHostName: "expc-old", servers: [] });
      expect(failure?.properties.servers).toEqual([]);
      faulty.expC.faults.clear();
      const updated = await p.update(failure?.id as string, failure?.properties as PropertyMap, inputs);
      expect(await dnsServers(faulty.expC)).toEqual([{ index: 1, address: "172.16.85.162" }]);
      await p.delete(failure?.id as string, updated.outs);
      expect(await expresswayGet(faulty.expC, "common/dns/dns")).toMatchObject({ SystemHostName: "expc-old" });
      expect(await dnsServers(faulty.expC)).toEqual([]);
    } finally {
      await faulty.close();
    }
  });
});
