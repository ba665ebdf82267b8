import { PartialFailure } from "../../provider/errors";
import type { PropertyMap } from "../../provider/described-provider";
import { onDevice, provider, useTestDevices } from "../support/test-devices";

/**
 * Defect 1 of issue 11: a POST whose outcome is unknown, and whose recovery look-up fails
 * too, must leave the object in state (a pending create) so that the next `up` settles it
 * by natural key: no orphan, no duplicate, no adoption of an object with other values.
 */

const space = { name: "Pending room", uri: "pendingroom", callId: "100555", passcode: "73519024" };
const domain = { name: "pending.octavio.local" };

/** The POST lands but its answer is lost, then the look-up by natural key is refused (401). */
const landedThenLookupFails = [
  { kind: "commitThenDrop" as const, methods: ["POST"], count: 1 },
  { kind: "unauthorized" as const, methods: ["GET"], count: 1 },
];
/** The connection drops before the device applies the POST, then the look-up is refused. */
const lostThenLookupFails = [
  { kind: "reset" as const, methods: ["POST"], count: 1 },
  { kind: "unauthorized" as const, methods: ["GET"], count: 1 },
];

const devices = useTestDevices(
  { extraConfig: { "cms:maxRetries": "0", "expresswayC:maxRetries": "0" } },
  { devices: ["cms", "expC", "expE"], faults: true, requests: true },
);

/** `arm` sets the faults after check, whose one read of the device (preflight) must not meet them. */
async function pendingCreate(resource: string, declared: PropertyMap, arm: () => void): Promise<PartialFailure> {
  const p = provider(resource);
  const inputs = (await p.check({}, declared)).inputs;
  arm();
  const error = await p.create(inputs).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PartialFailure);
  return error as PartialFailure;
}

const postCount = (d: { requests: { method: string }[] }) => d.requests.filter((r) => r.method === "POST").length;

describe("a create whose outcome is unknown stays in state and converges on the next up", () => {
  test("CMS: the POST landed; the next update finds it by natural key, without a second POST", async () => {
    const failure = await pendingCreate("CmsSpace", space, () =>
      devices().cms.faults.set({ rules: landedThenLookupFails }),
    );
    expect(failure.message).toMatch(/is unknown .*looking it up failed too: .*HTTP 401.*pending create/);
    expect(failure.properties.pendingCreate).toBe(true);
    expect(devices().cms.list("coSpaces")).toHaveLength(1);
    const realId = devices().cms.list("coSpaces")[0].id;

    const p = provider("CmsSpace");
    const inputs = (await p.check({}, space)).inputs;
    expect((await p.diff(failure.id, failure.properties, inputs)).changes).toBe(true);
    devices().cms.clearRequests();
    const updated = await p.update(failure.id, failure.properties, inputs);
    expect(postCount(devices().cms)).toBe(0);
    expect(
      devices()
        .cms.list("coSpaces")
        .map((s) => s.id),
    ).toEqual([realId]);
    expect(updated.outs.deviceId).toBe(realId);
    expect(updated.outs.pendingCreate).toBeUndefined();
    expect((await p.diff(failure.id, updated.outs, inputs)).changes).toBe(false);

    // Refresh hands Pulumi the device's id and drops the bookkeeping.
    const read = await p.read(failure.id, updated.outs);
    expect(read.id).toBe(realId);
    expect(read.props?.deviceId).toBeUndefined();
    await p.delete(failure.id, updated.outs);
    expect(devices().cms.list("coSpaces")).toHaveLength(0);
  });

  test("CMS: the POST never landed; the next update creates the object once", async () => {
    const failure = await pendingCreate("CmsSpace", space, () =>
      devices().cms.faults.set({ rules: lostThenLookupFails }),
    );
    expect(devices().cms.list("coSpaces")).toHaveLength(0);
    const p = provider("CmsSpace");
    const updated = await p.update(failure.id, failure.properties, (await p.check({}, space)).inputs);
    expect(
      devices()
        .cms.list("coSpaces")
        .map((s) => s.id),
    ).toEqual([updated.outs.deviceId]);
  });

  test("the object found by natural key with other values is refused, not taken over", async () => {
    const failure = await pendingCreate("CmsSpace", space, () =>
      devices().cms.faults.set({ rules: landedThenLookupFails }),
    );
    const found = devices().cms.list("coSpaces")[0];
    devices().cms.patch("coSpaces", found.id, { name: "Somebody else's room" });
    const p = provider("CmsSpace");
    const inputs = (await p.check({}, space)).inputs;
    await expect(p.update(failure.id, failure.properties, inputs)).rejects.toThrow(/already exists .*adopt: true/);
    expect(devices().cms.get("coSpaces", found.id)?.fields.name).toBe("Somebody else's room");
    // Refresh keeps it pending; destroy leaves somebody else's object alone.
    expect((await p.read(failure.id, failure.properties)).id).toBe(failure.id);
    await p.delete(failure.id, failure.properties);
    expect(devices().cms.list("coSpaces")).toHaveLength(1);
  });

  test("refresh of a pending create drops it when nothing landed and settles it when it did", async () => {
    const lost = await pendingCreate("CmsSpace", space, () => devices().cms.faults.set({ rules: lostThenLookupFails }));
    expect(await provider("CmsSpace").read(lost.id, lost.properties)).toEqual({});
    const landed = await pendingCreate("CmsSpace", space, () =>
      devices().cms.faults.set({ rules: landedThenLookupFails }),
    );
    const read = await provider("CmsSpace").read(landed.id, landed.properties);
    expect(read.id).toBe(devices().cms.list("coSpaces")[0].id);
    expect(read.props?.pendingCreate).toBeUndefined();
  });

  test("destroy of a pending create deletes the object that landed", async () => {
    const failure = await pendingCreate("CmsSpace", space, () =>
      devices().cms.faults.set({ rules: landedThenLookupFails }),
    );
    await provider("CmsSpace").delete(failure.id, failure.properties);
    expect(devices().cms.list("coSpaces")).toHaveLength(0);
  });

  test("Expressway: the same for a domain", async () => {
    const failure = await pendingCreate("ExpresswayDomain", domain, () =>
      devices().expC.faults.set({ rules: landedThenLookupFails }),
    );
    const p = provider("ExpresswayDomain");
    devices().expC.clearRequests();
    const updated = await p.update(failure.id, failure.properties, (await p.check({}, domain)).inputs);
    expect(postCount(devices().expC)).toBe(0);
    expect(devices().expC.list("common/domain")).toHaveLength(1);
    expect(onDevice(devices(), "ExpresswayDomain", String(updated.outs.deviceId), updated.outs).get()).toBeDefined();
  });
});

describe("issue 18, item 6: the settling paths the first breakages survived", () => {
  test("a key with a later field unset (a rule without a tenant) is a key: an unknown POST is looked up", async () => {
    devices().cms.faults.set({ rules: [{ kind: "commitThenDrop", methods: ["POST"], count: 1 }] });
    const p = provider("CmsCallMatch");
    const created = await p.create((await p.check({}, { domain: "untenanted.octavio.com", priority: 4 })).inputs);
    expect(
      devices()
        .cms.list("inboundDialPlanRules")
        .map((r) => r.id),
    ).toEqual([created.id]);
    expect(postCount(devices().cms)).toBe(1);
  });

  test("a pending create settled by an update that also changes values ends with the declared values", async () => {
    const failure = await pendingCreate("CmsSpace", space, () =>
      devices().cms.faults.set({ rules: landedThenLookupFails }),
    );
    const p = provider("CmsSpace");
    const changed = { ...space, name: "Renamed pending room", nonMemberAccess: false };
    const inputs = (await p.check({}, changed)).inputs;
    const updated = await p.update(failure.id, failure.properties, inputs);
    expect(devices().cms.list("coSpaces")).toHaveLength(1);
    expect(devices().cms.list("coSpaces")[0].fields).toMatchObject({
      name: "Renamed pending room",
      nonMemberAccess: "false",
    });
    expect((await p.diff(failure.id, updated.outs, inputs)).changes).toBe(false);
    expect((await p.read(failure.id, updated.outs)).props).toMatchObject({ name: "Renamed pending room" });
  });
});
