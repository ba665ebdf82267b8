import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Devices, type DevicesOptions, profileSettings, startDevices } from "../../emulator/devices";
import { type FakeEngineOptions, type RunResult, runCommand } from "../../lab/fake-engine";
import { configFromSettings } from "../../lab/stack/config";
import { clearRequests, requireFreshBuild, ROOT } from "./example-stack";

/**
 * Single kinds where a user meets them: generated classes in a program the test writes, run by
 * the fake engine (every provider call through the SDK's dynamic-provider host over gRPC)
 * against fresh emulators, with a state file of its own. Shared by the kind suites
 * (sfb-kinds, cms-more-kinds, expressway-routing-kinds), so each states only its kinds' cases.
 */

export interface KindStack {
  readonly devices: Devices;
  /** Writes the program (the declarations, after `const p = require(<provider>)`) and runs a command. */
  run(command: "up" | "preview" | "refresh" | "destroy", declarations: string): Promise<RunResult>;
  /** Requests the emulators (CMS and both Expressways) saw since the last run started, as "METHOD path". */
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

/**
 * Fresh emulators (CMS at `cmsVersion`; `devices`: other emulator options, such as the Expressway
 * release or unconfirmed variants) and a folder for the program and its state.
 */
export async function kindStack(
  cmsVersion: string,
  project: string,
  deviceOptions: DevicesOptions = {},
): Promise<KindStack> {
  requireFreshBuild();
  const devices = await startDevices({ ...deviceOptions, cmsVersion });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${project}-`));
  dirs.push(dir);
  const program = path.join(dir, "index.js");
  const statePath = path.join(dir, "state.json");
  const options = (): FakeEngineOptions => ({
    projectDir: ROOT,
    program,
    project,
    stack: "kinds",
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

/**
 * One `new p.<kind>(name, args)` statement, held in a constant named after the resource so that
 * later statements can refer to it; `refs`: inputs given as program expressions (`server.id`).
 */
export function declare(
  kind: string,
  args: Record<string, unknown>,
  name = "it",
  refs: Readonly<Record<string, string>> = {},
): string {
  return `const ${constantFor(name)} = new p.${kind}(${JSON.stringify(name)}, ${inputsExpression(args, refs)});`;
}

/** The program constant that holds resource `name`. */
export const constantFor = (name: string): string => name.replace(/\W/g, "_");

/** Inputs as a program expression: `args`, plus `refs` given as expressions (`server.id`). */
export function inputsExpression(args: Record<string, unknown>, refs: Readonly<Record<string, string>> = {}): string {
  const inputs = Object.entries(refs).map(([key, expression]) => `${JSON.stringify(key)}: ${expression}`);
  return inputs.length === 0 ? JSON.stringify(args) : `{ ...${JSON.stringify(args)}, ${inputs.join(", ")} }`;
}

/** A kind a suite declares: its inputs, and the one field its update step changes (first) to a value (second). */
export interface DeclaredKind {
  readonly kind: string;
  readonly args: Record<string, unknown>;
  /** Inputs given as expressions naming earlier cases' resources (the constant is the kind's name). */
  readonly refs?: Readonly<Record<string, string>>;
  readonly change: readonly [field: string, value: unknown, ...rest: unknown[]];
}

/** One CMS kind's case in the round trip: what it declares, the one field an update changes, the drift. */
export interface KindCase extends DeclaredKind {
  readonly collection: string;
  /** One field changed for the update. */
  readonly change: readonly [string, unknown];
  /** A field changed on the device behind the stack's back (wire name, wire value). */
  readonly drift: readonly [string, string];
}

/** Every case declared, in order, each named after its kind; those named in `changed` with their one field changed. */
export function declareAll(cases: readonly DeclaredKind[], changed: readonly string[] = []): string {
  return cases
    .map((c) =>
      declare(c.kind, changed.includes(c.kind) ? { ...c.args, [c.change[0]]: c.change[1] } : c.args, c.kind, c.refs),
    )
    .join("\n");
}

/**
 * The lifecycle every kind keeps, through the engine: create (one POST each), a no-op up with 0
 * requests, one-field updates with one PUT each, drift shown by refresh without a write and
 * repaired by up, destroy leaving the collections empty.
 */
export async function roundTrip(s: KindStack, cases: readonly KindCase[]): Promise<void> {
  const { cms } = s.devices;
  const created = ok(await s.run("up", declareAll(cases)));
  expect(actions(created).sort()).toEqual(cases.map((c) => `${c.kind}:create`).sort());
  expect(s.writes().sort()).toEqual(cases.map((c) => `POST /api/v1/${c.collection}`).sort());
  const ids = Object.fromEntries(cases.map((c) => [c.kind, cms.list(c.collection).map((o) => o.id)]));
  for (const c of cases) expect(ids[c.kind]).toHaveLength(1);

  const again = ok(await s.run("up", declareAll(cases)));
  expect(again.steps.map((step) => step.action)).toEqual(cases.map(() => "same"));
  expect(s.requests()).toEqual([]);

  const changedKinds: string[] = [];
  for (const c of cases) {
    const [field, value] = c.change;
    changedKinds.push(c.kind);
    const changed = ok(await s.run("up", declareAll(cases, changedKinds)));
    expect(changed.steps.filter((step) => step.action !== "same")).toEqual([
      expect.objectContaining({ name: c.kind, action: "update", keys: [field] }),
    ]);
    expect(s.writes()).toEqual([`PUT /api/v1/${c.collection}/${ids[c.kind][0]}`]);
    expect(cms.get(c.collection, ids[c.kind][0])?.fields[field]).toBe(String(value));
  }
  const program = declareAll(cases, changedKinds);

  for (const c of cases) cms.patch(c.collection, ids[c.kind][0], { [c.drift[0]]: c.drift[1] });
  const refreshed = ok(await s.run("refresh", program));
  for (const c of cases)
    expect(refreshed.steps.find((step) => step.name === c.kind)).toMatchObject({
      action: "drift",
      keys: [c.drift[0]],
    });
  expect(s.writes()).toEqual([]);
  const repaired = ok(await s.run("up", program));
  expect(actions(repaired).sort()).toEqual(cases.map((c) => `${c.kind}:update`).sort());
  expect(s.writes().sort()).toEqual(cases.map((c) => `PUT /api/v1/${c.collection}/${ids[c.kind][0]}`).sort());
  for (const c of cases)
    expect(cms.get(c.collection, ids[c.kind][0])?.fields[c.drift[0]]).toBe(String(c.args[c.drift[0]]));

  ok(await s.run("destroy", ""));
  for (const c of cases) expect(cms.list(c.collection)).toEqual([]);
}

/**
 * `up` of one declaration fails with errors matching `expected`, before any request to the CMS
 * (`before: "requests"`: check refused it) or before any write (`"writes"`: a read of the release).
 */
export async function refusedUp(
  s: KindStack,
  kind: string,
  args: Record<string, unknown>,
  expected: RegExp,
  before: "requests" | "writes",
): Promise<void> {
  const result = await s.run("up", declare(kind, args));
  expect(result.ok).toBe(false);
  expect(result.errors.join("\n")).toMatch(expected);
  expect(before === "requests" ? s.requests() : s.writes()).toEqual([]);
}
