import { expresswayCall } from "../emulator/client";
import { provider, type TestDevices, useTestDevices } from "../support/test-devices";

/**
 * Expressway DNS server entries in both shapes a device may use. The emulator's default is the
 * one Cisco's REST API Summary Guide X14.2 prints, `{"DefaultDNSServers": {"index": 2, "address":
 * "10.0.0.2"}}` for GET, POST and PUT and `{"index": 2}` for DELETE; `--unconfirmed dns-servers-bare`
 * answers bare entries and a JSON array, as live captures of the similar NTP list show. Whichever
 * the device uses, the provider reads it, writes it and gives back what it found.
 */

const serverWrites = (devices: TestDevices) =>
  devices.expC.requests
    .filter((r) => r.path.endsWith("common/dns/dnsserver") && r.method !== "GET")
    .map((r) => `${r.method} ${r.body}`);

/** Two servers on an empty list, with these writes; read back; then emptied again by index. */
async function twoServersAndBack(devices: TestDevices, posts: readonly string[]): Promise<void> {
  const p = provider("ExpresswayDns");
  const { id, outs } = await p.create((await p.check({}, { servers: ["172.16.85.162", "172.16.85.163"] })).inputs);
  expect(serverWrites(devices)).toEqual(posts);
  expect((await p.read(id, outs)).props).toMatchObject({ servers: ["172.16.85.162", "172.16.85.163"] });
  devices.clearRequests();
  await p.delete(id, outs);
  expect(serverWrites(devices)).toEqual(['DELETE {"index":1}', 'DELETE {"index":2}']);
  expect((await expresswayCall(devices.expC, "GET", "common/dns/dnsserver")).body).toEqual([]);
}

/**
 * One entry seeded (`seeded`, listed back as `listed`): the provider changes it with the one write
 * `put`, in the shape the device answered, and puts the seeded entry back on delete.
 */
async function oneEntryChangedAndRestored(devices: TestDevices, seeded: object, listed: unknown, put: string) {
  expect((await expresswayCall(devices.expC, "POST", "common/dns/dnsserver", seeded)).status).toBe(201);
  expect((await expresswayCall(devices.expC, "GET", "common/dns/dnsserver")).body).toEqual(listed);
  devices.clearRequests();
  const p = provider("ExpresswayDns");
  const { id, outs } = await p.create((await p.check({}, { servers: ["172.16.85.162"] })).inputs);
  expect(outs.restoreValues).toMatchObject({ servers: ["10.0.0.1"] });
  expect(serverWrites(devices)).toEqual([put]);
  await p.delete(id, outs);
  expect((await expresswayCall(devices.expC, "GET", "common/dns/dnsserver")).body).toEqual(listed);
}

describe("the documented shape (the emulator's default)", () => {
  const devices = useTestDevices({}, { devices: ["expC"], requests: true });

  test("the emulator takes and answers the guide's bodies", async () => {
    const entry = { DefaultDNSServers: { index: 2, address: "10.0.0.2" } };
    expect(await expresswayCall(devices().expC, "POST", "common/dns/dnsserver", entry)).toMatchObject({
      status: 201,
      body: { Message: "The operation was successful" },
    });
    expect((await expresswayCall(devices().expC, "GET", "common/dns/dnsserver")).body).toEqual(entry);
    const moved = { DefaultDNSServers: { index: 2, address: "10.0.0.3" } };
    expect(await expresswayCall(devices().expC, "PUT", "common/dns/dnsserver", moved)).toMatchObject({
      status: 200,
      body: { Message: "The operation was successful" },
    });
    const bare = await expresswayCall(devices().expC, "POST", "common/dns/dnsserver", {
      index: 1,
      address: "10.0.0.1",
    });
    expect(bare.status).toBe(400);
    expect(await expresswayCall(devices().expC, "DELETE", "common/dns/dnsserver", { index: 2 })).toMatchObject({
      status: 200,
      body: { Message: "The operation was successful" },
    });
    expect((await expresswayCall(devices().expC, "GET", "common/dns/dnsserver")).body).toEqual([]);
  });

  test("an empty list is written wrapped at once, and emptied by index", async () => {
    await twoServersAndBack(devices(), [
      'POST {"DefaultDNSServers":{"index":1,"address":"172.16.85.162"}}',
      'POST {"DefaultDNSServers":{"index":2,"address":"172.16.85.163"}}',
    ]);
  });

  test("a list holding one entry (answered as an object) is changed and restored wrapped", async () => {
    const seeded = { DefaultDNSServers: { index: 1, address: "10.0.0.1" } };
    await oneEntryChangedAndRestored(
      devices(),
      seeded,
      seeded,
      'PUT {"DefaultDNSServers":{"index":1,"address":"172.16.85.162"}}',
    );
  });
});

describe("bare entries (--unconfirmed dns-servers-bare)", () => {
  const devices = useTestDevices(
    { unconfirmed: ["dns-servers-bare"] },
    { devices: ["expC"], requests: true, faults: true },
  );

  test("an entry refused in both shapes fails with what the device said to each, and nothing half-made", async () => {
    // First in this block: the provider has not seen this device's shape yet.
    devices().expC.faults.set({
      rules: [{ kind: "refuse400", methods: ["POST"], path: "/api/provisioning/common/dns/dnsserver", count: 2 }],
    });
    const p = provider("ExpresswayDns");
    const failure = await p.create((await p.check({}, { servers: ["172.16.85.162"] })).inputs).catch((e: Error) => e);
    expect(String(failure)).toMatch(
      /Operation refused \(injected fault\).*; the same entry bare: .*Operation refused \(injected fault\)/,
    );
    expect(serverWrites(devices())).toHaveLength(2);
    expect((await expresswayCall(devices().expC, "GET", "common/dns/dnsserver")).body).toEqual([]);
  });

  test("an empty list: the wrapped entry is refused, the bare one kept, and used from then on", async () => {
    await twoServersAndBack(devices(), [
      'POST {"DefaultDNSServers":{"index":1,"address":"172.16.85.162"}}',
      'POST {"index":1,"address":"172.16.85.162"}',
      'POST {"index":2,"address":"172.16.85.163"}',
    ]);
  });

  test("a device that answered bare entries is written bare at once", async () => {
    const seeded = { index: 1, address: "10.0.0.1" };
    await oneEntryChangedAndRestored(devices(), seeded, [seeded], 'PUT {"index":1,"address":"172.16.85.162"}');
  });
});
