import { closeAllConnections } from "../../provider/device/http";
import { expresswayCall } from "../emulator/client";
import { provider, startTestDevices, type TestDevices } from "../support/test-devices";

/**
 * Expressway DNS server entries in the shape Cisco's REST API Summary Guide prints them,
 * `{"DefaultDNSServers": {"index": 2, "address": "10.0.0.2"}}` for GET, POST and PUT, next to the
 * bare entries live captures of the similar NTP list show: whichever the device uses, the
 * provider reads it, writes it and gives back what it found.
 */

let devices: TestDevices;
beforeAll(async () => {
  devices = await startTestDevices({ unconfirmed: ["dns-servers-wrapped"] });
});
afterAll(async () => {
  await closeAllConnections();
  await devices.close();
});
beforeEach(() => devices.clearRequests());

const serverWrites = () =>
  devices.expC.requests
    .filter((r) => r.path.endsWith("common/dns/dnsserver") && r.method !== "GET")
    .map((r) => `${r.method} ${r.body}`);

test("an empty list: the bare entry is refused, the wrapped one kept, and used from then on", async () => {
  const p = provider("ExpresswayDns");
  const { id, outs } = await p.create((await p.check({}, { servers: ["172.16.85.162", "172.16.85.163"] })).inputs);
  expect(serverWrites()).toEqual([
    'POST {"index":1,"address":"172.16.85.162"}',
    'POST {"DefaultDNSServers":{"index":1,"address":"172.16.85.162"}}',
    'POST {"DefaultDNSServers":{"index":2,"address":"172.16.85.163"}}',
  ]);
  expect((await p.read(id, outs)).props).toMatchObject({ servers: ["172.16.85.162", "172.16.85.163"] });
  devices.clearRequests();
  await p.delete(id, outs);
  expect(serverWrites()).toEqual(['DELETE {"index":1}', 'DELETE {"index":2}']);
  expect((await expresswayCall(devices.expC, "GET", "common/dns/dnsserver")).body).toEqual([]);
});

test("a device that answered wrapped entries is written wrapped at once, one entry as an object", async () => {
  const seeded = { DefaultDNSServers: { index: 1, address: "10.0.0.1" } };
  expect((await expresswayCall(devices.expC, "POST", "common/dns/dnsserver", seeded)).status).toBe(201);
  expect((await expresswayCall(devices.expC, "GET", "common/dns/dnsserver")).body).toEqual(seeded);
  devices.clearRequests();
  const p = provider("ExpresswayDns");
  const { id, outs } = await p.create((await p.check({}, { servers: ["172.16.85.162"] })).inputs);
  expect(outs.restoreValues).toMatchObject({ servers: ["10.0.0.1"] });
  expect(serverWrites()).toEqual(['PUT {"DefaultDNSServers":{"index":1,"address":"172.16.85.162"}}']);
  await p.delete(id, outs);
  expect((await expresswayCall(devices.expC, "GET", "common/dns/dnsserver")).body).toEqual(seeded);
});
