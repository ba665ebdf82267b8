import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Devices, profileSettings, startDevices } from "../../emulator/devices";
import { type FakeEngineOptions, readState, runCommand } from "../../lab/fake-engine";
import { configFromSettings } from "../../lab/stack/config";

/**
 * Issue 24 item 5: a secret field given as a plain string (not a config secret) is made
 * secret by the generated class, so the state file never holds it in plaintext: not in the
 * inputs, not in the outputs (a salted digest there). Through the generated classes, in a
 * program run by the engine (fake engine: the SDK serializes the registrations, the
 * dynamic-provider host runs the provider). Self-contained: its own emulators and state.
 */

const ROOT = path.join(__dirname, "..", "..");
const PROJECT = "cisco-edge-dual-domain";

let devices: Devices;
let dir: string;
beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "dist", "provider", "index.js")))
    throw new Error("dist/provider is missing: run `npx tsc -p tsconfig.json` (npm test does) first");
  devices = await startDevices({ cmsVersion: "2.9" });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-engine-secret-inputs-"));
});
afterAll(async () => {
  await devices?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("plain-string secrets passed to the generated classes are never plaintext in the state file", async () => {
  const password = `Plain-${randomBytes(9).toString("hex")}`;
  const passcode = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  const program = path.join(dir, "plain-secrets.js");
  fs.writeFileSync(
    program,
    `const { CmsSpace, ExpresswayCredential } = require(${JSON.stringify(path.join(ROOT, "dist", "provider"))});\n` +
      `new ExpresswayCredential("turn-user", { name: "turnuser", password: ${JSON.stringify(password)} });\n` +
      `new CmsSpace("room", { name: "Plain room", uri: "plainroom", callId: "200505", ` +
      `passcode: ${JSON.stringify(passcode)} });\n`,
  );
  const printed: string[] = [];
  const options: FakeEngineOptions = {
    projectDir: ROOT,
    program,
    stack: "plain",
    statePath: path.join(dir, "state.json"),
    config: configFromSettings(profileSettings(devices.byProfile)),
    print: (line) => printed.push(line),
  };

  const result = await runCommand("up", options);
  expect(result.errors).toEqual([]);
  expect(result.ok).toBe(true);
  // The values did reach the devices: the test is about where else they went.
  expect(devices.expE.list("common/credential").map((r) => r.Password)).toEqual([password]);
  expect(devices.cms.list("coSpaces").map((s) => s.fields.passcode)).toEqual([passcode]);

  const stateText = fs.readFileSync(options.statePath, "utf8");
  for (const value of [password, passcode]) {
    expect(stateText).not.toContain(value);
    expect(stateText).not.toContain(Buffer.from(value).toString("base64"));
    expect(printed.join("\n")).not.toContain(value);
  }
  const resources = readState(options.statePath, PROJECT, "plain").resources;
  expect(resources.find((r) => r.name === "turn-user")?.secretInputs).toContain("password");
  expect(resources.find((r) => r.name === "room")?.secretInputs).toContain("passcode");

  expect((await runCommand("destroy", options)).ok).toBe(true);
});
