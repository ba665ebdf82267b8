import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Devices, profileSettings, startDevices } from "../../emulator/devices";
import { type FakeEngineOptions, readState, runCommand } from "../../lab/fake-engine";
import { findPulumiCli, runWithAutomation } from "../../lab/real-engine";
import { configFromSettings } from "../../lab/stack/config";
import { expectDeclaredObjects, expectDeviceAsFound } from "./declared-objects";
import {
  type ExampleStack,
  exampleStack,
  PROGRAM,
  PROJECT,
  ROOT,
  requireFreshBuild,
  STACK,
  settingsSnapshot,
  writes,
} from "./example-stack";

/**
 * The provider's partial-failure path through the SDK's host, and the example through the
 * real engine when the pulumi CLI is on PATH. The example's own lifecycle against each CMS
 * release is in example-cms22.test.ts and example-cms38.test.ts.
 */

describe("partial failure through the host (ErrorResourceInitFailed in grpc-status-details-bin)", () => {
  let devices: Devices;
  let cms: Devices["cms"];
  let dir: string;

  beforeAll(async () => {
    requireFreshBuild();
    devices = await startDevices();
    cms = devices.cms;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-engine-partial-failure-"));
  });
  afterAll(async () => {
    await devices?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test(
    "6. a create that leaves the object on the device is kept in state with its init errors " +
      "and the device values; the next up repairs it",
    async () => {
      // A one-resource program: adopt an existing space (the provider's adoption PUT is made to fail).
      const program = path.join(dir, "adopt.js");
      fs.writeFileSync(
        program,
        `const { CmsSpace } = require(${JSON.stringify(path.join(ROOT, "dist", "provider"))});\n` +
          `const space = new CmsSpace("adopted", ` +
          `{ name: "Adopted room", uri: "adoptme", callId: "200202", adopt: true });\n` +
          `exports.spaceId = space.id;\n`,
      );
      const posted = await fetch(`${cms.url}/api/v1/coSpaces`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${cms.username}:${cms.password}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "name=Somebody%27s+room&uri=adoptme&callId=200202",
      });
      expect(posted.status).toBe(200);
      const existing = cms.list("coSpaces")[0];
      cms.faults.set({ rules: [{ kind: "unauthorized", methods: ["PUT"], path: "/api/v1/coSpaces", count: 1 }] });

      const options: FakeEngineOptions = {
        projectDir: ROOT,
        program,
        stack: "partial",
        statePath: path.join(dir, "state.json"),
        config: { ...configFromSettings(profileSettings(devices.byProfile)), "cms:maxRetries": "0" },
        print: () => undefined,
      };
      const failed = await runCommand("up", options);
      expect(failed.ok).toBe(false);
      expect(failed.steps).toEqual([
        expect.objectContaining({
          name: "adopted",
          action: "adopt",
          status: "failed",
          id: existing.id,
          initErrors: [expect.stringContaining("adopted")],
        }),
      ]);
      const kept = readState(options.statePath, PROJECT, "partial").resources.find((r) => r.name === "adopted");
      expect(kept).toMatchObject({
        id: existing.id,
        initErrors: [expect.stringContaining("could not bring it to the declared values")],
      });
      expect(cms.get("coSpaces", existing.id)?.fields.name).toBe("Somebody's room");

      // The partial-failure properties hold what the device has, so the next up sends the difference.
      expect(kept?.outputs.name).toBe("Somebody's room");
      const retried = await runCommand("up", options);
      expect(retried.ok).toBe(true);
      expect(retried.steps).toEqual([
        expect.objectContaining({ name: "adopted", action: "update", status: "done", id: existing.id }),
      ]);
      expect(cms.requests.filter((r) => r.method === "PUT").map((r) => r.outcome)).toEqual([401, 200]);
      expect(cms.get("coSpaces", existing.id)?.fields.name).toBe("Adopted room");
      expect(
        readState(options.statePath, PROJECT, "partial").resources.find((r) => r.name === "adopted")?.initErrors,
      ).toBeUndefined();

      const destroyed = await runCommand("destroy", options);
      expect(destroyed.ok).toBe(true);
      expect(cms.list("coSpaces")).toEqual([]);
    },
  );
});

const pulumiCli = findPulumiCli();
if (!pulumiCli) {
  console.warn(
    "SKIPPED: the same scenario through the Automation API needs the pulumi CLI on PATH; " +
      "none found, so that suite is skipped (not passed).",
  );
}

(pulumiCli ? describe : describe.skip)(
  "lifecycle through the real engine (Automation API, local file backend) [needs the pulumi CLI on PATH]",
  () => {
    let stack: ExampleStack;
    let workDir: string;

    beforeAll(async () => {
      stack = await exampleStack("2.2");
      workDir = fs.mkdtempSync(path.join(os.tmpdir(), "real-engine-lifecycle-"));
    });
    afterAll(async () => {
      await stack?.close();
      if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    });

    test("up creates the declared objects, a second up changes nothing, destroy restores the devices", async () => {
      const printed: string[] = [];
      const opts = {
        projectDir: ROOT,
        program: PROGRAM,
        stack: STACK,
        workDir,
        passphrase: randomBytes(16).toString("hex"),
        config: stack.config(),
        print: (line: string) => printed.push(line),
      };
      await runWithAutomation("up", opts);
      expectDeclaredObjects(stack);
      for (const e of [stack.devices.cms, stack.devices.expC, stack.devices.expE]) e.clearRequests();
      const again = await runWithAutomation("up", opts);
      expect(again.changes.create ?? 0).toBe(0);
      expect(writes(stack.devices)).toEqual([]);
      await runWithAutomation("destroy", opts);
      expectDeviceAsFound(stack, settingsSnapshot(stack.devices, "2.2"));
      const output = printed.join("\n");
      for (const value of Object.values(stack.secrets)) expect(output).not.toContain(value);
    });
  },
);
