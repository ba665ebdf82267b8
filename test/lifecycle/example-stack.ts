import { randomBytes, randomInt } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Devices, profileSettings, startDevices } from "../../emulator/devices";
import { type FakeEngineOptions, type RunResult, type StackConfig, runCommand } from "../../lab/fake-engine";
import { configFromSettings } from "../../lab/stack/config";
import { cmsCall, dnsServerEntry, expresswayCall } from "../emulator/client";
import type { UnconfirmedVariant } from "../../emulator/unconfirmed";

/**
 * The example stack (examples/dual-domain) on fresh emulators, for one test: each test
 * gets its own devices, state file and secrets, so no test depends on another's order.
 * The devices' settings singletons start from made-up "previous" values (not the
 * emulators' defaults), so that a destroy can be checked to put exactly those back.
 */

export const ROOT = path.join(__dirname, "..", "..");
export const PROGRAM = path.join(ROOT, "dist", "examples", "dual-domain", "index.js");
export const PROJECT = "cisco-edge-dual-domain";
export const STACK = "lifecycle";

export const CREDENTIALS = "common/credential";
export const DOMAINS = "common/domain";
export const CLIENT_ZONE = "controller/zone/unifiedcommunicationstraversal";
export const SERVER_ZONE = "edge/zone/unifiedcommunicationstraversal";
export const DNS = "common/dns/dns";
export const DNS_SERVERS = "common/dns/dnsserver";
export const MRA = "common/mra";
export const TURN = "edge/traversal/turn";
export const XMPP = "system/configuration/xmpp";

/** The compiled files the fake engine executes must not be older than their sources. */
export function requireFreshBuild(): void {
  const pairs: [string, string][] = [
    ["examples/dual-domain/index.ts", "dist/examples/dual-domain/index.js"],
    ["examples/dual-domain/settings.ts", "dist/examples/dual-domain/settings.js"],
    ["examples/dual-domain/edge-plan.ts", "dist/examples/dual-domain/edge-plan.js"],
    ["examples/dual-domain/known-config-value.ts", "dist/examples/dual-domain/known-config-value.js"],
    ["examples/skype-content/index.ts", "dist/examples/skype-content/index.js"],
    ["examples/skype-content/settings.ts", "dist/examples/skype-content/settings.js"],
    ["examples/skype-content/content-plan.ts", "dist/examples/skype-content/content-plan.js"],
    ["examples/spaces-from-csv/index.ts", "dist/examples/spaces-from-csv/index.js"],
    ["examples/spaces-from-csv/users.ts", "dist/examples/spaces-from-csv/users.js"],
    ["lab/fake-engine/program-child.ts", "dist/lab/fake-engine/program-child.js"],
    ["lab/fake-engine/protocol.ts", "dist/lab/fake-engine/protocol.js"],
    ["lab/fake-engine/property-map.ts", "dist/lab/fake-engine/property-map.js"],
  ];
  for (const [source, compiled] of pairs) {
    const out = path.join(ROOT, compiled);
    if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(path.join(ROOT, source)).mtimeMs) {
      throw new Error(
        `${compiled} is missing or older than ${source}: ` +
          "run `npx tsc -p tsconfig.json` (npm test does) before this suite",
      );
    }
  }
}

export interface ExampleSecrets {
  readonly turnPassword: string;
  readonly traversalPassword: string;
  readonly spacePasscode: string;
}

function newSecrets(): ExampleSecrets {
  return {
    turnPassword: `Turn-${randomBytes(9).toString("hex")}`,
    traversalPassword: `Trav-${randomBytes(9).toString("hex")}`,
    // 14 digits: long enough never to appear by chance in ids, ports or timestamps.
    spacePasscode: `${randomInt(1, 10)}${Array.from({ length: 13 }, () => randomInt(0, 10)).join("")}`,
  };
}

/** The settings the devices hold before the stack touches them (none of them the guide's values). */
async function seedPreviousSettings(d: Devices, cmsVersion: string, bareServers: boolean): Promise<void> {
  const ok = (what: string, status: number) => {
    if (status >= 300) throw new Error(`seeding ${what} answered ${status}`);
  };
  const server = (index: number, address: string) =>
    bareServers ? { index, address } : dnsServerEntry(index, address);
  ok(
    "C dns",
    (await expresswayCall(d.expC, "PUT", DNS, { SystemHostName: "expwy", DomainName: "example.net" })).status,
  );
  ok("C dnsserver", (await expresswayCall(d.expC, "POST", DNS_SERVERS, server(1, "192.0.2.53"))).status);
  ok("C dnsserver", (await expresswayCall(d.expC, "POST", DNS_SERVERS, server(2, "192.0.2.54"))).status);
  const eDns = { SystemHostName: "edge1", DomainName: "example.org" };
  ok("E dns", (await expresswayCall(d.expE, "PUT", DNS, eDns)).status);
  ok("E turn", (await expresswayCall(d.expE, "PUT", TURN, { RequestsPort: 3479, MediaPortRangeEnd: 28999 })).status);
  if (cmsVersion.startsWith("2.")) {
    const xmpp = { uniqueName: "old-cb", domain: "old.example", serverAddressOverride: "localhost:5222" };
    ok("CMS xmpp", (await cmsCall(d.cms, "PUT", `/api/v1/${XMPP}`, xmpp)).status);
  }
  for (const e of [d.cms, d.expC, d.expE]) e.clearRequests();
}

/** Every settings singleton as the emulators hold it (write-only fields included). */
export function settingsSnapshot(d: Devices, cmsVersion: string): Record<string, unknown> {
  return {
    c: { dns: d.expC.list(DNS), servers: d.expC.list(DNS_SERVERS), mra: d.expC.list(MRA) },
    e: { dns: d.expE.list(DNS), servers: d.expE.list(DNS_SERVERS), mra: d.expE.list(MRA), turn: d.expE.list(TURN) },
    ...(cmsVersion.startsWith("2.") ? { xmpp: d.cms.list(XMPP) } : {}),
  };
}

export const allRequests = (d: Devices) => d.cms.requests.length + d.expC.requests.length + d.expE.requests.length;
export const writes = (d: Devices) =>
  [d.cms, d.expC, d.expE].flatMap((e) => e.requests.filter((r) => r.method !== "GET"));
export const requestLines = (d: Devices) =>
  (["cms", "expC", "expE"] as const).flatMap((k) => d[k].requests.map((r) => `${k} ${r.method} ${r.path}`));
export const clearRequests = (d: Devices) => {
  for (const e of [d.cms, d.expC, d.expE]) e.clearRequests();
};

export const byName = (result: RunResult) => Object.fromEntries(result.steps.map((s) => [s.name, s]));

export interface ExampleStack {
  readonly cmsVersion: string;
  readonly devices: Devices;
  readonly secrets: ExampleSecrets;
  readonly dir: string;
  readonly statePath: string;
  /** Everything the fake engine printed so far. */
  readonly printed: string[];
  /** The raw state file after every command. */
  readonly stateSnapshots: string[];
  /** Settings as the devices held them before the stack ran. */
  readonly before: Record<string, unknown>;
  config(extra?: Record<string, string | { value: string; secret: true }>): StackConfig;
  /** Runs a command; throws with the engine's errors when it fails. */
  run(command: RunResult["command"], config?: StackConfig): Promise<RunResult>;
  /** Runs a command and returns its result whether or not it failed. */
  attempt(command: RunResult["command"], config?: StackConfig): Promise<RunResult>;
  close(): Promise<void>;
}

/**
 * Fresh emulators of this CMS release (Expressways at their default release), seeded, and an
 * empty state; `unconfirmed`: device behaviours no source settles, played another way.
 */
export async function exampleStack(
  cmsVersion: string,
  unconfirmed: readonly UnconfirmedVariant[] = [],
): Promise<ExampleStack> {
  requireFreshBuild();
  const devices = await startDevices({ cmsVersion, unconfirmed });
  try {
    await seedPreviousSettings(devices, cmsVersion, unconfirmed.includes("dns-servers-bare"));
  } catch (error) {
    await devices.close();
    throw error;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-engine-lifecycle-"));
  const statePath = path.join(dir, "state.json");
  const secrets = newSecrets();
  const printed: string[] = [];
  const stateSnapshots: string[] = [];
  const config: ExampleStack["config"] = (extra = {}) => ({
    ...configFromSettings(profileSettings(devices.byProfile)),
    // As the lab does: the program learns the release from config, the emulator's own words.
    cmsVersion: devices.cms.softwareVersion,
    expresswayVersion: devices.expE.softwareVersion,
    turnPassword: { value: secrets.turnPassword, secret: true },
    traversalPassword: { value: secrets.traversalPassword, secret: true },
    spacePasscode: { value: secrets.spacePasscode, secret: true },
    ...extra,
  });
  const attempt: ExampleStack["attempt"] = async (command, override) => {
    const options: FakeEngineOptions = {
      projectDir: ROOT,
      program: PROGRAM,
      stack: STACK,
      statePath,
      config: override ?? config(),
      print: (line) => printed.push(line),
    };
    const result = await runCommand(command, options);
    if (fs.existsSync(statePath)) stateSnapshots.push(fs.readFileSync(statePath, "utf8"));
    return result;
  };
  return {
    cmsVersion,
    devices,
    secrets,
    dir,
    statePath,
    printed,
    stateSnapshots,
    before: settingsSnapshot(devices, cmsVersion),
    config,
    attempt,
    async run(command, override) {
      const result = await attempt(command, override);
      if (!result.ok) throw new Error(`${command} failed:\n${result.errors.join("\n")}\n${result.printed.join("\n")}`);
      return result;
    },
    async close() {
      await devices.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Neither the printed output nor any state file written holds a secret plaintext (stack's or devices'). */
export function expectNoSecretLeaked(stack: ExampleStack): void {
  const { devices, secrets } = stack;
  const values = [...Object.values(secrets), devices.cms.password, devices.expC.password, devices.expE.password];
  const output = stack.printed.join("\n");
  for (const value of values) expect(output).not.toContain(value);
  const files = fs.readdirSync(stack.dir).map((f) => path.join(stack.dir, f));
  for (const text of [...stack.stateSnapshots, ...files.map((file) => fs.readFileSync(file, "utf8"))]) {
    for (const value of values) expect(text).not.toContain(value);
  }
}
