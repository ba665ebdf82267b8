import { readState, runCommand } from "../../lab/fake-engine";
import { ENGINE_TEST_TIMEOUT_MS, useEngineDevices } from "./engine-devices";
import { PROJECT } from "./example-stack";

/**
 * Defect 1 of issue 11 through the engine (fake engine, the SDK's dynamic-provider host
 * over gRPC): a POST whose answer is lost and whose recovery look-up is refused leaves
 * the object in state as a pending create; the next `up` converges without `adopt: true`
 * and without a duplicate, refresh gives it the device's id, destroy removes it.
 * Self-contained: its own emulators and state, so suites run in any order.
 */

const lab = useEngineDevices("fake-engine-pending-create-", { cmsVersion: "2.9" });

test(
  "a create of unknown outcome is kept pending, and the next up settles it with no duplicate",
  async () => {
    const declare = (name: string) =>
      lab().program(
        "space",
        ["CmsSpace"],
        `new CmsSpace("pending", { name: ${JSON.stringify(name)}, uri: "pendingroom", callId: "200303" });`,
      );
    const options = lab().options("pending", declare("Pending room"), { "cms:maxRetries": "0" });
    const { cms } = lab().devices;
    const resource = () => readState(options.statePath, PROJECT, "pending").resources.find((r) => r.name === "pending");
    cms.faults.set({
      rules: [
        { kind: "commitThenDrop", methods: ["POST"], count: 1 },
        // The look-up after the lost answer (preview's own read of the device, system/status, is not refused).
        { kind: "unauthorized", methods: ["GET"], path: "/api/v1/coSpaces", count: 1 },
      ],
    });

    const failed = await runCommand("up", options);
    expect(failed.ok).toBe(false);
    expect(cms.list("coSpaces")).toHaveLength(1);
    const spaceId = cms.list("coSpaces")[0].id;
    expect(resource()).toMatchObject({
      id: expect.stringMatching(/^pending-create-/),
      outputs: expect.objectContaining({ pendingCreate: true }),
      initErrors: [expect.stringContaining("pending create")],
    });

    // The next up also changes a value: the object settles with the declared one, not the recorded one.
    declare("Renamed room");
    cms.clearRequests();
    const retried = await runCommand("up", options);
    expect(retried.ok).toBe(true);
    expect(retried.steps).toEqual([expect.objectContaining({ name: "pending", action: "update", status: "done" })]);
    expect(cms.requests.filter((r) => r.method === "POST")).toEqual([]);
    expect(cms.list("coSpaces").map((s) => s.id)).toEqual([spaceId]);
    expect(cms.list("coSpaces")[0].fields.name).toBe("Renamed room");
    expect(resource()?.initErrors).toBeUndefined();
    expect(resource()?.outputs.deviceId).toBe(spaceId);

    const refreshed = await runCommand("refresh", options);
    expect(refreshed.ok).toBe(true);
    expect(resource()?.id).toBe(spaceId);

    const destroyed = await runCommand("destroy", options);
    expect(destroyed.ok).toBe(true);
    expect(cms.list("coSpaces")).toEqual([]);
  },
  ENGINE_TEST_TIMEOUT_MS,
);

test(
  "a pending create whose adoption fails half-way keeps what settles it; the next up converges",
  async () => {
    // Issue 24 item 2: the adoption's partial failure dropped the pending marker and the device id
    // while the engine kept the placeholder id, so the next update failed "space not found",
    // refresh dropped the resource and the space stayed on the device.
    const declare = (adopt: boolean) =>
      lab().program(
        "adopt",
        ["CmsSpace"],
        `new CmsSpace("adopted", { name: "Adopt room", uri: "adoptroom", callId: "200404", adopt: ${adopt} });`,
      );
    const options = lab().options("adopt", declare(false), { "cms:maxRetries": "0" });
    const { cms } = lab().devices;
    cms.reset();
    const resource = () => readState(options.statePath, PROJECT, "adopt").resources.find((r) => r.name === "adopted");
    cms.faults.set({
      rules: [
        { kind: "commitThenDrop", methods: ["POST"], count: 1 },
        // The look-up after the lost answer (preview's own read of the device, system/status, is not refused).
        { kind: "unauthorized", methods: ["GET"], path: "/api/v1/coSpaces", count: 1 },
      ],
    });
    expect((await runCommand("up", options)).ok).toBe(false);
    const spaceId = cms.list("coSpaces")[0].id;
    const placeholder = resource()?.id;
    expect(placeholder).toMatch(/^pending-create-/);

    // Someone else's values on it now: the next up adopts it (adopt: true), and its PUT fails.
    cms.patch("coSpaces", spaceId, { name: "Someone's room" });
    declare(true);
    cms.faults.set({ rules: [{ kind: "error", methods: ["PUT"], count: 1 }] });
    const adopting = await runCommand("up", options);
    expect(adopting.ok).toBe(false);
    expect(adopting.errors.join("\n")).toMatch(
      /adopted space "[-0-9a-f]+" .* could not bring it to the declared values/,
    );
    expect(resource()).toMatchObject({
      id: placeholder,
      outputs: expect.objectContaining({ pendingCreate: true, deviceId: spaceId }),
    });

    cms.faults.clear();
    const settled = await runCommand("up", options);
    expect(settled.errors).toEqual([]);
    expect(settled.ok).toBe(true);
    expect(cms.list("coSpaces").map((s) => [s.id, s.fields.name])).toEqual([[spaceId, "Adopt room"]]);

    const refreshed = await runCommand("refresh", options);
    expect(refreshed.ok).toBe(true);
    expect(resource()?.id).toBe(spaceId);

    expect((await runCommand("destroy", options)).ok).toBe(true);
    expect(cms.list("coSpaces")).toEqual([]);
  },
  ENGINE_TEST_TIMEOUT_MS,
);
