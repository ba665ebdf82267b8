import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Devices, profileSettings, startDevices } from "../../emulator/devices";
import { type FakeEngineOptions, type RunResult, type StackConfig, runCommand } from "../../lab/fake-engine";
import { configFromSettings } from "../../lab/stack/config";
import { ROOT, requireFreshBuild } from "./example-stack";

/**
 * Mistakes in a user's program and stack config, met where the user makes them: a
 * JavaScript program run by the engine (the program under the SDK, the provider in the
 * SDK's dynamic-provider host), not the provider's check called directly.
 *  - a misspelled resource argument is refused before any write, naming the nearest field.
 */

const PROVIDER = JSON.stringify(path.join(ROOT, "dist", "provider"));

describe("mistakes in the program and its stack config", () => {
  let devices: Devices;
  let dir: string;

  beforeAll(async () => {
    requireFreshBuild();
    devices = await startDevices();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "program-mistakes-"));
  });
  afterAll(async () => {
    await devices?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const stackConfig = (extra: StackConfig = {}): StackConfig => ({
    ...configFromSettings(profileSettings(devices.byProfile)),
    ...extra,
  });
  const options = (name: string, source: string, config: StackConfig): FakeEngineOptions => {
    const program = path.join(dir, `${name}.js`);
    fs.writeFileSync(program, source);
    return { projectDir: ROOT, program, stack: name, statePath: path.join(dir, `${name}.json`), config, print: () => {} };
  };
  const text = (result: RunResult) => result.printed.join("\n");
  const writes = () =>
    [devices.cms, devices.expC, devices.expE].flatMap((d) => d.requests).filter((r) => r.method !== "GET");

  test("a misspelled argument (JavaScript, or a spread) is refused with the field it meant, before any write", async () => {
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
});
