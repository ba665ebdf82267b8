import { onDevice, provider, useTestDevices } from "../support/test-devices";

/**
 * What the provider sends and reads, asserted on the emulators' recorded requests: update
 * sends only what changed (a cleared optional CMS field as `key=`), a POST answered 500
 * is not re-posted blindly, an object found after an ambiguous failure is ours only with
 * our values, and read reports drift on the address fields.
 */

const devices = useTestDevices({}, { devices: ["cms", "expC", "expE"], faults: true, requests: true });

const space = { name: "Body room", uri: "bodyroom", secondaryUri: "bodyroom2", callId: "100321", cdrTag: "tag-1" };
const turn = {
  serverAddress: "172.16.85.168",
  clientAddress: "10.88.246.156",
  username: "turnuser",
  password: "turn-pw-9",
  type: "expressway",
};

const bodies = (method: string) =>
  devices()
    .cms.requests.filter((r) => r.method === method)
    .map((r) => Object.fromEntries(new URLSearchParams(r.body).entries()));

test("update sends only the changed fields, and a cleared optional field as key=", async () => {
  const p = provider("CmsSpace");
  const created = await p.create((await p.check({}, space)).inputs);
  devices().cms.clearRequests();
  const { secondaryUri: _cleared, ...rest } = space;
  await p.update(created.id, created.outs, (await p.check({}, { ...rest, name: "Body room 2" })).inputs);
  expect(bodies("PUT")).toEqual([{ name: "Body room 2", secondaryUri: "" }]);
});

test("a POST that was applied but answered 500 is settled by a look-up, not posted again", async () => {
  devices().cms.faults.set({ rules: [{ kind: "applyThen500", methods: ["POST"], count: 1 }] });
  const p = provider("CmsSpace");
  const created = await p.create((await p.check({}, space)).inputs);
  expect(
    devices()
      .cms.list("coSpaces")
      .map((s) => s.id),
  ).toEqual([created.id]);
  expect(bodies("POST")).toHaveLength(1);
});

test("after an ambiguous failure, an object with the key but other values is refused, not taken as ours", async () => {
  const p = provider("CmsSpace");
  // Somebody else's space already holds the uri; our POST is refused, and that answer is lost.
  await p.create((await p.check({}, { ...space, name: "Somebody else's" })).inputs);
  devices().cms.faults.set({ rules: [{ kind: "commitThenDrop", methods: ["POST"], count: 1 }] });
  await expect(p.create((await p.check({}, space)).inputs)).rejects.toThrow(/already exists .*adopt: true/);
  expect(
    devices()
      .cms.list("coSpaces")
      .map((s) => s.fields.name),
  ).toEqual(["Somebody else's"]);
});

test.each([
  ["CmsSpace", space, { uri: "changedroom" }, "uri"],
  ["CmsSpace", space, { secondaryUri: "changedroom2" }, "secondaryUri"],
  ["CmsTurnServer", turn, { serverAddress: "172.16.85.200" }, "serverAddress"],
  ["CmsTurnServer", turn, { clientAddress: "10.88.246.200" }, "clientAddress"],
] as const)("%s: a change to %o made on the device shows in read", async (resource, declared, change, field) => {
  const p = provider(resource);
  const inputs = (await p.check({}, declared)).inputs;
  const created = await p.create(inputs);
  onDevice(devices(), resource, created.id, created.outs).patch(change);
  const read = await p.read(created.id, created.outs);
  expect(read.props?.[field]).toBe(Object.values(change)[0]);
  expect((await p.diff(created.id, read.props ?? {}, inputs)).changes).toBe(true);
});
