import * as fs from "node:fs";
import * as path from "node:path";
import { type Devices, profileSettings } from "../../emulator/devices";
import { type FakeEngineOptions, type RunResult, type StackConfig, runCommand } from "../../lab/fake-engine";
import { configFromSettings } from "../../lab/stack/config";
import { PROGRAM, ROOT } from "./example-stack";
import { useEngineDevices } from "./engine-devices";

/**
 * Mistakes in a user's program and stack config, met where the user makes them: a
 * JavaScript program run by the engine (the program under the SDK, the provider in the
 * SDK's dynamic-provider host), not the provider's check called directly.
 *  - a misspelled resource argument is refused before any write, naming the nearest field;
 *  - a misspelled device-profile setting is warned about, naming the nearest setting;
 *  - a rule of the guide waived on purpose is named in one warning line per rule, every run.
 */

const PROVIDER = JSON.stringify(path.join(ROOT, "dist", "provider"));

describe("mistakes in the program and its stack config", () => {
  const lab = useEngineDevices("program-mistakes-");
  let devices: Devices;
  let dir: string;
  beforeAll(() => {
    ({ devices, dir } = lab());
  });

  const stackConfig = (extra: StackConfig = {}): StackConfig => ({
    ...configFromSettings(profileSettings(devices.byProfile)),
    ...extra,
  });
  const options = (name: string, source: string, config: StackConfig): FakeEngineOptions => {
    const program = path.join(dir, `${name}.js`);
    fs.writeFileSync(program, source);
    return {
      projectDir: ROOT,
      program,
      stack: name,
      statePath: path.join(dir, `${name}.json`),
      config,
      print: () => {},
    };
  };
  const text = (result: RunResult) => result.printed.join("\n");
  const writes = () =>
    [devices.cms, devices.expC, devices.expE].flatMap((d) => d.requests).filter((r) => r.method !== "GET");

  test("a misspelled argument (JavaScript, a spread) is refused with the field it meant, before writes", async () => {
    const source =
      `const { ExpresswayZone } = require(${PROVIDER});\n` +
      "const extra = { hopcount: 20 };\n" +
      'new ExpresswayZone("zone", { side: "server", name: "UT zone", authenticationUsername: "tuser", ' +
      'tlsVerifySubjectName: "expc.example.local", ...extra });\n';
    const before = writes().length;
    const result = await runCommand("up", options("misspelled", source, stackConfig()));
    expect(result.ok).toBe(false);
    expect(text(result)).toContain('ExpresswayZone has no property "hopcount" (did you mean "hopCount"?)');
    expect(text(result)).toContain("The preview failed: nothing was changed on any device.");
    expect(writes().length).toBe(before);
  });

  test("a misspelled setting of a device profile is warned about once, naming the setting it meant", async () => {
    const source =
      `const { CmsSpace, CmsCallMatch } = require(${PROVIDER});\n` +
      'new CmsSpace("room", { name: "Room", uri: "typoroom", callId: "500505" });\n' +
      'new CmsCallMatch("match", { domain: "typo.example.local", priority: 7, resolveToCoSpaces: true });\n';
    const config = stackConfig({ "cms:timeoutSecond": "30", "cms:insecur": "true", "otherProject:timeoutSecond": "1" });
    const opts = options("settings", source, config);
    const planned = await runCommand("preview", opts);
    expect(planned.ok).toBe(true);
    const output = text(planned).split("\n");
    const timeout = output.filter((l) => l.includes("cms:timeoutSecond is not a setting"));
    expect(timeout).toHaveLength(1);
    expect(timeout[0]).toContain("did you mean cms:timeoutSeconds?");
    const insecure = output.filter((l) => l.includes("cms:insecur is not a setting"));
    expect(insecure).toHaveLength(1);
    expect(insecure[0]).toContain("did you mean cms:insecure?");
    // Another namespace (not a device profile) is not the provider's business.
    expect(text(planned)).not.toContain("otherProject:");
    // Correct settings draw no warning.
    expect(text(planned)).not.toContain("cms:url is not a setting");
  });

  test("each waived rule of the guide prints one warning line, saying whether it finds a problem now", async () => {
    const config = stackConfig({
      turnPassword: { value: "Waiver-turn-1234", secret: true },
      traversalPassword: { value: "Waiver-trav-1234", secret: true },
      expresswayEWebAdminPort: "443",
      waiveRules: "web-admin-port,turn-credentials",
    });
    const planned = await runCommand("preview", { ...options("waiver", "", config), program: PROGRAM });
    expect(planned.ok).toBe(true);
    const warnings = planned.printed.filter((line) => /warning: .*rule ".*" is waived/.test(line));
    expect(warnings).toHaveLength(2);
    expect(warnings.filter((l) => l.includes('rule "web-admin-port" is waived'))).toEqual([
      expect.stringMatching(/it finds now: .*443/),
    ]);
    expect(warnings.filter((l) => l.includes('rule "turn-credentials" is waived'))).toEqual([
      expect.stringContaining("it finds nothing in this plan now"),
    ]);
  });
});
