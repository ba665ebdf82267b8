import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Devices, type DevicesOptions, profileSettings, startDevices } from "../../emulator/devices";
import { type FakeEngineOptions, type RunResult, runCommand } from "../../lab/fake-engine";
import { configFromSettings } from "../../lab/stack/config";
import { clearRequests, ROOT, requireFreshBuild } from "./example-stack";

/**
 * Resource kinds where a user meets them: generated classes in a small program run by the
 * fake engine, every provider call through the SDK's dynamic-provider host over gRPC, against
 * fresh emulators. Shared by the per-kind lifecycle suites (sfb-kinds, expressway-routing-kinds).
 */

export interface KindStack {
  readonly devices: Devices;
  /** Writes the program (one `new Kind(...)` statement per entry) and runs a command. */
  run(command: "up" | "preview" | "refresh" | "destroy", declarations: string): Promise<RunResult>;
  /** Requests the emulators saw since the last run started, as "METHOD path". */
  readonly requests: () => string[];
  readonly writes: () => string[];
  /** The state file the engine keeps (to check no secret is in it). */
  readonly statePath: string;
  close(): Promise<void>;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A stack of its own (emulators, folder, state) named `name`; the retry settings 0 so a refusal is final. */
export async function kindStack(name: string, devicesOptions: DevicesOptions = {}): Promise<KindStack> {
  requireFreshBuild();
  const devices = await startDevices(devicesOptions);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  dirs.push(dir);
  const program = path.join(dir, "index.js");
  const statePath = path.join(dir, "state.json");
  const options = (): FakeEngineOptions => ({
    projectDir: ROOT,
    program,
    project: `cisco-edge-${name}`,
    stack: name,
    statePath,
    config: {
      ...configFromSettings(profileSettings(devices.byProfile)),
      "cms:maxRetries": "0",
      "expresswayC:maxRetries": "0",
      "expresswayE:maxRetries": "0",
    },
    print: () => undefined,
  });
  const requests = () =>
    [devices.cms, devices.expC, devices.expE].flatMap((d) => d.requests.map((r) => `${r.method} ${r.path}`));
  return {
    devices,
    async run(command, declarations) {
      fs.writeFileSync(
        program,
        `const p = require(${JSON.stringify(path.join(ROOT, "dist", "provider"))});\n${declarations}\n`,
      );
      clearRequests(devices);
      return runCommand(command, options());
    },
    requests,
    writes: () => requests().filter((r) => !r.startsWith("GET ")),
    statePath,
    close: () => devices.close(),
  };
}

export const ok = (result: RunResult): RunResult => {
  if (!result.ok) throw new Error(`${result.command} failed:\n${result.errors.join("\n")}`);
  return result;
};

export const actions = (result: RunResult) => result.steps.map((s) => `${s.name}:${s.action}`);

/** One `new p.Kind(name, args)` statement. */
export const declare = (kind: string, args: Record<string, unknown>, name = "it") =>
  `new p.${kind}(${JSON.stringify(name)}, ${JSON.stringify(args)});`;

/** A kind a lifecycle suite declares, and the one field its update step changes. */
export interface DeclaredKind {
  readonly kind: string;
  readonly args: Record<string, unknown>;
  readonly change: readonly [field: string, value: unknown, ...rest: unknown[]];
}

/** Every case's kind declared, named by the kind; those named in `changed` with their one field changed. */
export const declareAll = (cases: readonly DeclaredKind[], changed: readonly string[] = []) =>
  cases
    .map((c) => declare(c.kind, changed.includes(c.kind) ? { ...c.args, [c.change[0]]: c.change[1] } : c.args, c.kind))
    .join("\n");
