import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Devices, profileSettings, startDevices } from "../../emulator/devices";
import { type FakeEngineOptions, readState, runCommand } from "../../lab/fake-engine";
import { configFromSettings } from "../../lab/stack/config";

/**
 * Defect 1 of issue 11 through the engine (fake engine, the SDK's dynamic-provider host
 * over gRPC): a POST whose answer is lost and whose recovery look-up is refused leaves
 * the object in state as a pending create; the next `up` converges without `adopt: true`
 * and without a duplicate, refresh gives it the device's id, destroy removes it.
 * Self-contained: its own emulators and state, so suites run in any order.
 */

const ROOT = path.join(__dirname, "..", "..");
const PROJECT = "cisco-edge-dual-domain";

let devices: Devices;
let dir: string;
beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "dist", "provider", "index.js")))
    throw new Error("dist/provider is missing: run `npx tsc -p tsconfig.json` (npm test does) first");
  devices = await startDevices({ cmsVersion: "2.9" });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-engine-pending-create-"));
});
afterAll(async () => {
  await devices?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("a create of unknown outcome is kept pending, and the next up settles it with no duplicate", async () => {
  const program = path.join(dir, "space.js");
  fs.writeFileSync(
    program,
    `const { CmsSpace } = require(${JSON.stringify(path.join(ROOT, "dist", "provider"))});\n` +
      `new CmsSpace("pending", { name: "Pending room", uri: "pendingroom", callId: "200303" });\n`,
  );
  const options: FakeEngineOptions = {
    projectDir: ROOT,
    program,
    stack: "pending",
    statePath: path.join(dir, "state.json"),
    config: { ...configFromSettings(profileSettings(devices.byProfile)), "cms:maxRetries": "0" },
    print: () => undefined,
  };
  const { cms } = devices;
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

  cms.clearRequests();
  const retried = await runCommand("up", options);
  expect(retried.ok).toBe(true);
  expect(retried.steps).toEqual([expect.objectContaining({ name: "pending", action: "update", status: "done" })]);
  expect(cms.requests.filter((r) => r.method === "POST")).toEqual([]);
  expect(cms.list("coSpaces").map((s) => s.id)).toEqual([spaceId]);
  expect(resource()?.initErrors).toBeUndefined();
  expect(resource()?.outputs.deviceId).toBe(spaceId);

  const refreshed = await runCommand("refresh", options);
  expect(refreshed.ok).toBe(true);
  expect(resource()?.id).toBe(spaceId);

  const destroyed = await runCommand("destroy", options);
  expect(destroyed.ok).toBe(true);
  expect(cms.list("coSpaces")).toEqual([]);
});
