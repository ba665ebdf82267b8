import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { readState, runCommand } from "../../lab/fake-engine";
import { ENGINE_TEST_TIMEOUT_MS, useEngineDevices } from "./engine-devices";
import { PROJECT } from "./example-stack";

/**
 * Issue 24 item 5: a secret field given as a plain string (not a config secret) is made
 * secret by the generated class, so the state file never holds it in plaintext: not in the
 * inputs, not in the outputs (a salted digest there). Through the generated classes, in a
 * program run by the engine (fake engine: the SDK serializes the registrations, the
 * dynamic-provider host runs the provider). Self-contained: its own emulators and state.
 */

const lab = useEngineDevices("fake-engine-secret-inputs-", { cmsVersion: "2.9" });

test(
  "plain-string secrets passed to the generated classes are never plaintext in the state file",
  async () => {
    const { devices } = lab();
    const password = `Plain-${randomBytes(9).toString("hex")}`;
    const passcode = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
    const program = lab().program(
      "plain-secrets",
      ["CmsSpace", "ExpresswayCredential"],
      `new ExpresswayCredential("turn-user", { name: "turnuser", password: ${JSON.stringify(password)} });\n` +
        `new CmsSpace("room", { name: "Plain room", uri: "plainroom", callId: "200505", ` +
        `passcode: ${JSON.stringify(passcode)} });`,
    );
    const printed: string[] = [];
    const options = { ...lab().options("plain", program), print: (line: string) => printed.push(line) };

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
  },
  ENGINE_TEST_TIMEOUT_MS,
);
