import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Devices, type DevicesOptions, profileSettings, startDevices } from "../../emulator/devices";
import type { FakeEngineOptions, StackConfig } from "../../lab/fake-engine";
import { configFromSettings } from "../../lab/stack/config";
import { ROOT, requireFreshBuild } from "./example-stack";

/**
 * For a test file that runs small programs of its own through the fake engine: fresh
 * emulators and a temporary folder (programs, state and key files), started before its
 * tests and closed and removed after, so files run in any order.
 */
/**
 * Each engine command spawns the program and the provider host: a test running several of them
 * gets this long before jest calls it hung (a guard against hangs, not a limit on speed).
 */
export const ENGINE_TEST_TIMEOUT_MS = 300_000;

export interface EngineDevices {
  readonly devices: Devices;
  readonly dir: string;
  /** Writes `<name>.js`, a program that declares `body` with the named generated classes in scope. */
  program(name: string, classes: readonly string[], body: string): string;
  /** Fake-engine options for a stack of that program on these devices (state in the folder, output silent). */
  options(stack: string, program: string, config?: StackConfig): FakeEngineOptions;
}

export function useEngineDevices(folderPrefix: string, options: DevicesOptions = {}): () => EngineDevices {
  let started: EngineDevices | undefined;
  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, "dist", "provider", "index.js")))
      throw new Error("dist/provider is missing: run `npx tsc -p tsconfig.json` (npm test does) first");
    requireFreshBuild();
    const devices = await startDevices(options);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), folderPrefix));
    started = {
      devices,
      dir,
      program(name, classes, body) {
        const file = path.join(dir, `${name}.js`);
        const provider = JSON.stringify(path.join(ROOT, "dist", "provider"));
        const required = `const { ${classes.join(", ")} } = require(${provider});`;
        fs.writeFileSync(file, `${required}\n${body}\n`);
        return file;
      },
      options: (stack, program, config = {}) => ({
        projectDir: ROOT,
        program,
        stack,
        statePath: path.join(dir, `${stack}.json`),
        config: { ...configFromSettings(profileSettings(devices.byProfile)), ...config },
        print: () => undefined,
      }),
    };
  });
  afterAll(async () => {
    await started?.devices.close();
    if (started) fs.rmSync(started.dir, { recursive: true, force: true });
  });
  return () => {
    if (started === undefined) throw new Error("the engine devices are not started yet (use them inside a test)");
    return started;
  };
}
