import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Devices, profileSettings, startDevices } from "../../emulator/devices";
import { parsePromptLine } from "../../lab/command/args";
import { labProgram } from "../../lab/command/lab-program";
import { labConfigOverrides } from "../../lab/command/lab-config";
import { type FakeEngineOptions, type RunResult, type StackConfig, runCommand } from "../../lab/fake-engine";
import { configFromSettings } from "../../lab/stack/config";
import { clearRequests, writes } from "./example-stack";

/**
 * Issue 12 in `npm run lab` (the fake engine's rendering): values in drift and plans,
 * per-resource lines, counts by outcome, each failure once, a non-zero exit, adoption
 * shown as adopt, mistakes stopped before the first write, and --config honoured or refused.
 */

const ROOT = path.join(__dirname, "..", "..");
const PROGRAM = path.join(ROOT, "dist", "examples", "dual-domain", "index.js");
const LAB_CLI = path.join(ROOT, "dist", "lab", "cli.js");
const PROJECT = "cisco-edge-dual-domain";

const secrets = {
  turnPassword: { value: `Turn-${randomBytes(9).toString("hex")}`, secret: true },
  traversalPassword: { value: `Trav-${randomBytes(9).toString("hex")}`, secret: true },
};

function stackConfig(devices: Devices, extra: StackConfig = {}): StackConfig {
  return { ...configFromSettings(profileSettings(devices.byProfile)), ...secrets, ...extra };
}

describe("the fake engine's output", () => {
  let devices: Devices;
  let dir: string;
  const options = (stack: string, config: StackConfig, extra: Partial<FakeEngineOptions> = {}): FakeEngineOptions => ({
    projectDir: ROOT,
    program: PROGRAM,
    stack,
    statePath: path.join(dir, `${stack}.json`),
    config,
    print: () => undefined,
    ...extra,
  });
  const text = (result: RunResult) => result.printed.join("\n");

  beforeAll(async () => {
    devices = await startDevices(); // the guide's CMS 2.2, the example's default cmsVersion
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-engine-output-"));
  });
  afterAll(async () => {
    await devices?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("1, 7. refresh and preview show drift as old → new values, in Pulumi's symbols and counts", async () => {
    const config = stackConfig(devices);
    const created = await runCommand("up", options("drift", config));
    expect(created.errors).toEqual([]);
    expect(created.ok).toBe(true);
    expect(text(created)).toMatch(/^ {2}\+ CmsSpace proxy-webrtc creating\.\.\.$/m);
    expect(text(created)).toMatch(/^ {2}\+ CmsSpace proxy-webrtc created \(\d+\.\ds\)$/m);
    expect(text(created)).toMatch(/^ {4}\+ 17 created$/m);
    expect(text(created)).not.toContain("Dynamic-provider host calls");

    const space = created.steps.find((s) => s.name === "proxy-webrtc");
    const rule = created.steps.find((s) => s.name === "match-internal");
    devices.cms.patch("coSpaces", space?.id ?? "", { name: "Renamed" });
    devices.cms.patch("inboundDialPlanRules", rule?.id ?? "", { priority: "5" });

    const refreshed = await runCommand("refresh", options("drift", config));
    expect(refreshed.ok).toBe(true);
    const refreshText = text(refreshed);
    expect(refreshText).toMatch(/^ {2}~ CmsSpace proxy-webrtc updated from the device \(drift\) \(\d+\.\ds\)$/m);
    expect(refreshText).toMatch(/^ {6}name: "Proxy webRTC" → "Renamed"$/m);
    expect(refreshText).toMatch(/^ {6}priority: 10 → 5$/m);
    expect(refreshText).toMatch(/^ {4}~ 2 updated$/m);
    expect(refreshText).toMatch(/^ {4}= 15 unchanged$/m);

    const planned = await runCommand("preview", options("drift", config));
    const planText = text(planned);
    expect(planText).toMatch(/^ {2}~ CmsSpace proxy-webrtc update$/m);
    expect(planText).toMatch(/^ {6}name: "Renamed" → "Proxy webRTC"$/m);
    expect(planText).toMatch(/^ {6}priority: 5 → 10$/m);
    expect(planText).toMatch(/^ {4}~ 2 to update$/m);

    // A changed secret is shown, masked.
    const rotated = { ...config, turnPassword: { value: `Turn-${randomBytes(9).toString("hex")}`, secret: true } };
    const rotatedPlan = await runCommand("preview", options("drift", rotated));
    expect(text(rotatedPlan)).toMatch(/^ {6}password: \[secret\] → \[secret\]$/m);

    const applied = await runCommand("up", options("drift", config, { verbose: true }));
    expect(applied.ok).toBe(true);
    expect(text(applied)).toMatch(/^ {2}~ CmsSpace proxy-webrtc updated \(\d+\.\ds\)$/m);
    expect(text(applied)).toMatch(/^ {6}name: "Renamed" → "Proxy webRTC"$/m);
    expect(text(applied)).toContain("Dynamic-provider host calls: ");
    expect(devices.cms.get("coSpaces", space?.id ?? "")?.fields.name).toBe("Proxy webRTC");
    for (const value of [secrets.turnPassword.value, secrets.traversalPassword.value])
      expect(text(applied) + text(refreshed) + planText).not.toContain(value);
    expect((await runCommand("destroy", options("drift", config))).ok).toBe(true);
  });

  test("6. a failing up counts by outcome, lists each failure once with why, and is not ok", async () => {
    // Preview reads each device first, so a wrong password stops it: here the CMS refuses only writes.
    devices.cms.faults.set({ rules: [{ kind: "unauthorized", methods: ["POST", "PUT"], path: "/api/v1/" }] });
    const result = await runCommand("up", options("failing", stackConfig(devices)));
    devices.cms.faults.set({ rules: [] });
    expect(result.ok).toBe(false);
    const failed = result.steps.filter((s) => s.status === "failed");
    const created = result.steps.filter((s) => s.status === "done" && s.action === "create");
    // Which CMS resources the program reaches before it stops on the first failure depends on timing.
    const cmsResources = ["match-external", "match-internal", "proxy-webrtc", "turn", "web-bridge", "xmpp"];
    expect(failed.length).toBeGreaterThan(0);
    for (const step of failed) expect(cmsResources).toContain(step.name);
    const output = text(result);
    expect(output).toMatch(new RegExp(`^ {4}\\+ ${created.length} created$`, "m"));
    expect(output).toMatch(new RegExp(`^ {4}\\*\\* ${failed.length} failed$`, "m"));
    expect(output).not.toMatch(/create FAILED|same FAILED|\d+ create$/m);
    for (const step of failed) {
      const heading = `  CmsSpace (${step.name}):`.replace("CmsSpace", step.type.split(":").pop() ?? "");
      expect(output.split("\n").filter((line) => line === heading)).toHaveLength(1);
      expect(output.split("\n").filter((line) => line.includes(step.error ?? "(none)"))).toHaveLength(1);
    }
    expect(output).toMatch(/error: create failed: .*HTTP 401.*check cms:username and cms:password/);
    expect(output).toContain(`up failed: ${failed.length} resource${failed.length === 1 ? "" : "s"} failed (`);
    const destroyed = await runCommand("destroy", options("failing", stackConfig(devices)));
    expect(destroyed.errors).toEqual([]);
    expect(devices.expC.list("common/domain")).toEqual([]);
  });

  test("4. with cms:url missing, preview fails naming it, and up writes nothing to any device", async () => {
    const config: Record<string, StackConfig[string]> = { ...stackConfig(devices) };
    delete config["cms:url"];
    delete config["cms:password"];
    clearRequests(devices);
    const planned = await runCommand("preview", options("incomplete", config));
    expect(planned.ok).toBe(false);
    expect(text(planned)).toContain("cms:url is not set");
    expect(text(planned)).toContain("cms:password is not set");
    const up = await runCommand("up", options("incomplete", config));
    expect(up.ok).toBe(false);
    expect(text(up)).toContain("The preview failed: nothing was changed on any device.");
    // Preview's own read of each device with planned changes is a GET: only writes must be none.
    expect(writes(devices)).toEqual([]);
    expect(devices.expC.list("common/domain")).toEqual([]);
  });

  test("8. adopt: true shows as adopt in preview, with the values the existing object will change", async () => {
    const program = path.join(dir, "adopt.js");
    fs.writeFileSync(
      program,
      `const { CmsSpace } = require(${JSON.stringify(path.join(ROOT, "dist", "provider"))});\n` +
        'new CmsSpace("room", { name: "Proxy webRTC", uri: "adoptme", callId: "300303", adopt: true });\n',
    );
    const cms = devices.byProfile.cms;
    const posted = await fetch(`${cms.url}/api/v1/coSpaces`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${cms.username}:${cms.password}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "name=Existing+room&uri=adoptme&callId=300303",
    });
    expect(posted.status).toBe(200);
    const existing = devices.cms.list("coSpaces").find((o) => o.fields.uri === "adoptme");
    const planned = await runCommand("preview", options("adopt", stackConfig(devices), { program }));
    expect(planned.ok).toBe(true);
    expect(planned.steps).toEqual([expect.objectContaining({ name: "room", action: "adopt", status: "planned" })]);
    const output = text(planned);
    expect(output).toMatch(/^ {2}~ CmsSpace room adopt/m);
    expect(output).toContain(
      `adopt CmsSpace "adoptme": existing object ${existing?.id} on ${cms.url} will be taken over; ` +
        'it changes name: "Existing room" → "Proxy webRTC"',
    );
    expect(output).toMatch(/^ {4}~ 1 to adopt$/m);
  });

  test("2. while a request waits, the provider's progress lines reach the output as they happen", async () => {
    const program = path.join(dir, "slow.js");
    fs.writeFileSync(
      program,
      `const { CmsSpace } = require(${JSON.stringify(path.join(ROOT, "dist", "provider"))});\n` +
        'new CmsSpace("slow", { name: "Slow room", uri: "slowroom", callId: "400404" });\n',
    );
    devices.cms.faults.set({ rules: [{ kind: "latency", ms: 1_500, methods: ["POST"], count: 1 }] });
    const lines: string[] = [];
    try {
      const config = stackConfig(devices, { "cms:progressSeconds": "0.2" });
      const result = await runCommand("up", options("slow", config, { program, print: (l) => lines.push(l) }));
      expect(result.ok).toBe(true);
      const started = lines.indexOf("  + CmsSpace slow creating...");
      const waiting = lines.findIndex((l) =>
        new RegExp(
          `^ {4}\\[provider\\] waiting for cms ${devices.byProfile.cms.url} POST /api/v1/coSpaces, \\d+ s$`,
        ).test(l),
      );
      const ended = lines.findIndex((l) => /^ {2}\+ CmsSpace slow created \(\d+\.\ds\)$/.test(l));
      expect(started).toBeGreaterThanOrEqual(0);
      expect(waiting).toBeGreaterThan(started);
      expect(ended).toBeGreaterThan(waiting);
      expect((await runCommand("destroy", options("slow", config, { program }))).ok).toBe(true);
    } finally {
      devices.cms.faults.set({ rules: [] });
    }
  });
});

describe("9. --config in npm run lab", () => {
  const programKeys = labProgram(ROOT).keys;

  test("the program's keys are found in its source and the example's settings, secret ones marked", () => {
    expect(programKeys).toEqual(
      expect.arrayContaining([
        { key: "expresswayEPublicAddress", secret: false },
        { key: "turnPassword", secret: true },
      ]),
    );
  });

  test("program keys and device settings are honoured, secret ones kept secret", () => {
    expect(
      labConfigOverrides(
        { expresswayEPublicAddress: "10.88.246.157", "cms:password": "x", "cms:timeoutSeconds": "5" },
        PROJECT,
        programKeys,
      ),
    ).toEqual({
      expresswayEPublicAddress: { value: "10.88.246.157" },
      "cms:password": { value: "x", secret: true },
      "cms:timeoutSeconds": { value: "5" },
    });
  });

  test("a misspelled key and a device URL are refused, each with its reason", () => {
    expect(() =>
      labConfigOverrides(
        { expresswayEPublicAdress: "1.2.3.4", "cms:url": "https://cms.example.com" },
        PROJECT,
        programKeys,
      ),
    ).toThrow(
      new RegExp(
        "expresswayEPublicAdress: neither the program nor a device profile reads it " +
          '\\(did you mean "expresswayEPublicAddress"\\?\\)' +
          '[^]*cms:url: the lab points device profile "cms" at its emulator on 127\\.0\\.0\\.1',
      ),
    );
  });

  test("the prompt accepts the command line's arguments and refuses start-only flags with a reason", () => {
    expect(parsePromptLine("preview --config cms:timeoutSeconds=5 --verbose")).toMatchObject({
      command: "preview",
      config: { "cms:timeoutSeconds": "5" },
      verbose: true,
    });
    expect(parsePromptLine('up --config joinHost="join.example.com"').config).toEqual({
      joinHost: "join.example.com",
    });
    expect(() => parsePromptLine("up --exit")).toThrow(/--exit only apply when the lab starts/);
    // Flags that choose the emulators are refused too, never silently dropped.
    for (const line of ["up --cms-version 3.8", "up --unconfirmed all", "up verify", "up verify --fail tunnel-failed"])
      expect(() => parsePromptLine(line)).toThrow(/only apply when the lab starts/);
    expect(() => parsePromptLine("upp")).toThrow(/unknown command "upp"/);
  });

  test("the lab exits non-zero: 2 for a refused --config (before starting anything), 1 for a failed run", () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-exit-"));
    try {
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [LAB_CLI, ...args, "--exit", "--state-dir", stateDir], {
          cwd: ROOT,
          encoding: "utf8",
        });
      const refused = run("preview", "--config", "hopcount=3");
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain("hopcount: neither the program nor a device profile reads it");
      expect(refused.stdout).not.toContain("Emulators");

      const failed = run("up", "--config", "cms:password=wrong-on-purpose");
      expect(failed.status).toBe(1);
      expect(failed.stdout).toContain("Diagnostics:");
      expect(failed.stdout).toMatch(/\*\* \d+ failed/);
      expect(failed.stdout).not.toContain("wrong-on-purpose");
    } finally {
      fs.rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
