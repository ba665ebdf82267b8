import "../scripts/require-node";
import { randomBytes, randomInt } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import * as readline from "node:readline";
import { type CmsEmulator, startCmsEmulator } from "../emulator/cms";
import { profileSettings } from "../emulator/devices";
import { type ExpresswayEmulator, startExpresswayEmulator } from "../emulator/expressway";
import { type Command, type ConfigValue, type RunnerOptions, removeFromState, runCommand } from "./fake-engine";
import { findPulumiCli, runWithAutomation } from "./real-engine/automation";
import { SavedConfig, readProjectFile } from "./fake-engine/config";
import type { SecretsManager } from "./fake-engine/secrets";
import { StateFile, processAlive } from "./fake-engine/state";

/**
 * `npm run lab -- [up|preview|refresh|destroy] [--exit] [--cms-port N] [--expc-port N]
 *   [--expe-port N] [--config key=value]... [--state-dir DIR] [--automation]`
 *
 * Starts the CMS, Expressway-C and Expressway-E emulators on 127.0.0.1 (or attaches to
 * the ones a running `npm run lab` started), points the device profiles at them and
 * runs the example stack (examples/dual-domain) through the lab runner. State lives
 * in .lab/ (git-ignored). Without --exit the emulators keep running until Ctrl-C, and
 * commands can be typed (up, preview, refresh, destroy, quit).
 */

const USAGE = `usage: npm run lab -- [up|preview|refresh|destroy] [--exit] [--cms-port N] [--expc-port N] [--expe-port N]
                      [--config key=value]... [--state-dir DIR] [--automation]
  up (default)  apply the example stack        preview  show the plan only
  refresh       compare state with devices     destroy  delete everything the stack created
  --exit        run the command and stop (default: keep the emulators running until Ctrl-C)
  --config      extra stack config for this run, e.g. --config expresswayEPublicAddress=10.88.246.157
  --automation  use the real engine through the Automation API (needs the pulumi CLI on PATH)
  secrets: LAB_TURN_PASSWORD, LAB_TRAVERSAL_PASSWORD, LAB_SPACE_PASSCODE (else generated once, saved encrypted in .lab/)`;

const COMMANDS: readonly Command[] = ["up", "preview", "refresh", "destroy"];
const STACK = "lab";

interface CliOptions {
  command: Command;
  exit: boolean;
  ports: { cms: number; expC: number; expE: number };
  config: Record<string, string>;
  stateDir?: string;
  automation: boolean;
}

function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    command: "up",
    exit: false,
    ports: { cms: 0, expC: 0, expE: 0 },
    config: {},
    automation: false,
  };
  const port = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < 0 || n > 65535)
      throw new Error(`${flag} needs a port number from 0 to 65535, got ${JSON.stringify(value)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if ((COMMANDS as readonly string[]).includes(arg)) options.command = arg as Command;
    else if (arg === "--exit") options.exit = true;
    else if (arg === "--automation") options.automation = true;
    else if (arg === "--cms-port") {
      options.ports.cms = port(arg, value);
      i++;
    } else if (arg === "--expc-port") {
      options.ports.expC = port(arg, value);
      i++;
    } else if (arg === "--expe-port") {
      options.ports.expE = port(arg, value);
      i++;
    } else if (arg === "--state-dir") {
      if (!value) throw new Error("--state-dir needs a directory");
      options.stateDir = value;
      i++;
    } else if (arg === "--config") {
      const match = /^([^=]+)=(.*)$/.exec(value ?? "");
      if (!match) throw new Error(`--config needs key=value, got ${JSON.stringify(value)}`);
      options.config[match[1]] = match[2];
      i++;
    } else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  return options;
}

function projectRoot(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (
      fs.existsSync(manifest) &&
      (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === "cisco-edge-pulumi"
    )
      return dir;
  }
  throw new Error(`project root not found above ${__dirname}`);
}

// ---- the emulators: started here, or those of a lab still running in another terminal ----

interface Device {
  readonly url: string;
  readonly username: string;
  readonly password: string;
}

type Profile = "cms" | "expresswayC" | "expresswayE";
const LABELS: Record<Profile, string> = { cms: "CMS", expresswayC: "Expressway-C", expresswayE: "Expressway-E" };

interface Lab {
  readonly devices: Record<Profile, Device>;
  /** undefined when attached to another process's emulators. */
  readonly owned?: { cms: CmsEmulator; expC: ExpresswayEmulator; expE: ExpresswayEmulator };
  readonly attachedTo?: number;
}

interface LabFile {
  pid: number;
  started: string;
  devices: Record<Profile, { url: string; username: string; password: { secure: string } }>;
}

function loopbackPort(url: string): number | undefined {
  const parsed = new URL(url);
  return parsed.hostname === "127.0.0.1" ? Number(parsed.port) : undefined;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

async function attach(labFile: string, secrets: SecretsManager): Promise<Lab | undefined> {
  if (!fs.existsSync(labFile)) return undefined;
  const stored = JSON.parse(fs.readFileSync(labFile, "utf8")) as LabFile;
  if (stored.pid === process.pid || !processAlive(stored.pid)) return undefined;
  const devices = {} as Record<Profile, Device>;
  for (const profile of Object.keys(LABELS) as Profile[]) {
    const entry = stored.devices[profile];
    const port = entry ? loopbackPort(entry.url) : undefined;
    if (!entry || port === undefined || !(await portOpen(port))) return undefined;
    devices[profile] = { url: entry.url, username: entry.username, password: secrets.decrypt(entry.password.secure) };
  }
  return { devices, attachedTo: stored.pid };
}

/** Starts one emulator on the wanted port; a remembered (not requested) port that is taken falls back to a free one. */
async function onPort<T>(
  wanted: number,
  remembered: number | undefined,
  start: (port: number) => Promise<T>,
): Promise<T> {
  if (wanted || !remembered) return start(wanted);
  try {
    return await start(remembered);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    return start(0);
  }
}

async function startLab(ports: CliOptions["ports"], stateDir: string, secrets: SecretsManager): Promise<Lab> {
  // The ports of the previous lab, so device URLs recorded in state stay the same across restarts.
  const portsFile = path.join(stateDir, "ports.json");
  const last = fs.existsSync(portsFile)
    ? (JSON.parse(fs.readFileSync(portsFile, "utf8")) as Partial<CliOptions["ports"]>)
    : {};
  const cms = await onPort(ports.cms, last.cms, (port) => startCmsEmulator({ port }));
  const expC = await onPort(ports.expC, last.expC, (port) => startExpresswayEmulator({ personality: "C", port }));
  const expE = await onPort(ports.expE, last.expE, (port) => startExpresswayEmulator({ personality: "E", port }));
  fs.writeFileSync(portsFile, `${JSON.stringify({ cms: cms.port, expC: expC.port, expE: expE.port })}\n`);
  const devices: Record<Profile, Device> = {
    cms: { url: cms.url, username: cms.username, password: cms.password },
    expresswayC: { url: expC.url, username: expC.username, password: expC.password },
    expresswayE: { url: expE.url, username: expE.username, password: expE.password },
  };
  const stored: LabFile = {
    pid: process.pid,
    started: new Date().toISOString(),
    devices: Object.fromEntries(
      (Object.keys(devices) as Profile[]).map((p) => [
        p,
        {
          url: devices[p].url,
          username: devices[p].username,
          password: { secure: secrets.encrypt(devices[p].password) },
        },
      ]),
    ) as LabFile["devices"],
  };
  fs.writeFileSync(path.join(stateDir, "lab.json"), `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  return { devices, owned: { cms, expC, expE } };
}

// ---- stack config: device profiles, the example's secrets, extra --config values ----

/** The example's secrets: from the environment, else saved in .lab/config.json (encrypted), else generated once and saved. */
function labSecrets(saved: SavedConfig): Record<string, ConfigValue> {
  const stored = saved.load();
  const wanted: [string, string, () => string][] = [
    ["turnPassword", "LAB_TURN_PASSWORD", () => randomBytes(15).toString("base64url")],
    ["traversalPassword", "LAB_TRAVERSAL_PASSWORD", () => randomBytes(15).toString("base64url")],
    [
      "spacePasscode",
      "LAB_SPACE_PASSCODE",
      () => `${randomInt(1, 10)}${Array.from({ length: 9 }, () => randomInt(0, 10)).join("")}`,
    ],
  ];
  const out: Record<string, ConfigValue> = {};
  const generated: Record<string, ConfigValue> = {};
  for (const [key, env, generate] of wanted) {
    const fromEnv = process.env[env];
    if (fromEnv) out[key] = { value: fromEnv, secret: true };
    else if (stored[key]) out[key] = stored[key];
    else out[key] = generated[key] = { value: generate(), secret: true };
  }
  if (Object.keys(generated).length > 0) saved.save({ ...stored, ...generated });
  return out;
}

function printLab(lab: Lab, stateDir: string, root: string): void {
  console.log("");
  console.log(
    lab.attachedTo
      ? `Emulators of the lab running as process ${lab.attachedTo} (loopback only):`
      : "Emulators (loopback only, in memory: they start empty each time the lab starts):",
  );
  for (const profile of Object.keys(LABELS) as Profile[]) {
    const d = lab.devices[profile];
    console.log(`  ${LABELS[profile].padEnd(13)} ${d.url.padEnd(24)} user ${d.username}  password ${d.password}`);
  }
  const { cms, expresswayC, expresswayE } = lab.devices;
  console.log("Try:");
  console.log(`  curl -s -u ${cms.username}:${cms.password} ${cms.url}/api/v1/coSpaces`);
  console.log(
    `  curl -s -u ${expresswayC.username}:${expresswayC.password} ${expresswayC.url}/api/provisioning/common/domain`,
  );
  console.log(
    `  curl -s -u ${expresswayE.username}:${expresswayE.password} ${expresswayE.url}/api/provisioning/common/credential`,
  );
  console.log(
    `State: ${path.relative(root, path.join(stateDir, "state.json"))} (secrets encrypted with ${path.relative(root, path.join(stateDir, "state.json.key"))})`,
  );
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const root = projectRoot();
  const stateDir = path.resolve(root, options.stateDir ?? ".lab");
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const statePath = path.join(stateDir, "state.json");
  const stateFile = new StateFile(statePath);
  const secrets = stateFile.secrets;
  const labFile = path.join(stateDir, "lab.json");
  const saved = new SavedConfig(path.join(stateDir, "config.json"), secrets);
  const stackSecrets = labSecrets(saved);

  let lab = await attach(labFile, secrets);
  if (lab) {
    console.log(
      `Attached to the emulators of the lab running as process ${lab.attachedTo}${Object.values(options.ports).some((p) => p) ? " (port flags ignored)" : ""}.`,
    );
  } else {
    lab = await startLab(options.ports, stateDir, secrets);
  }
  const current = lab;

  const config = (): RunnerOptions["config"] => {
    const out: Record<string, string | ConfigValue> = { ...stackSecrets, ...options.config };
    for (const setting of profileSettings(current.devices))
      out[setting.key] = setting.secret ? { value: setting.value, secret: true } : setting.value;
    return out;
  };
  const pulumi = findPulumiCli();
  if (options.automation && !pulumi)
    console.log(
      "NOTICE: --automation needs the pulumi CLI on PATH and none was found; using the lab runner (engine emulation) instead.",
    );

  const execute = async (command: Command): Promise<boolean> => {
    if (options.automation && pulumi) {
      const passphrase = saved.load().automationPassphrase?.value ?? randomBytes(24).toString("base64url");
      saved.save({ ...saved.load(), automationPassphrase: { value: passphrase, secret: true } });
      try {
        await runWithAutomation(command, {
          projectDir: root,
          stack: STACK,
          workDir: path.join(stateDir, "automation"),
          passphrase,
          config: config(),
        });
        return true;
      } catch (error) {
        console.error(`error: ${(error as Error).message}`);
        return false;
      }
    }
    const result = await runCommand(command, { projectDir: root, stack: STACK, statePath, config: config() });
    return result.ok;
  };

  // The emulators keep nothing between starts: objects in an old state are gone from fresh ones.
  let ok = true;
  if (current.owned && stateFile.exists() && !(options.automation && pulumi)) {
    const project = readProjectFile(root).name;
    const old = stateFile.load(project, STACK).resources.filter((r) => r.custom);
    const urls = new Set(Object.values(current.devices).map((d) => d.url));
    // Objects created on emulators that no longer run (other ports): nothing to ask, they are gone.
    const orphaned = old.filter((r) => typeof r.outputs.deviceUrl === "string" && !urls.has(r.outputs.deviceUrl));
    if (orphaned.length > 0) {
      console.log("The emulators just started empty, on other ports than the old state's objects:");
      removeFromState(
        { projectDir: root, stack: STACK, statePath },
        orphaned.map((r) => r.urn),
        "its emulator is no longer running (emulators keep objects in memory only)",
      );
    }
    if (old.length > orphaned.length) {
      if (options.command === "refresh") {
        console.log("The emulators just started empty: refresh will find every object of the old state gone.");
      } else {
        console.log(
          "The emulators just started empty: refreshing the old state first (its objects are gone and leave the state).",
        );
        ok = await execute("refresh");
      }
    }
  } else if (current.owned && options.automation && pulumi && options.command !== "refresh") {
    console.log("The emulators just started empty: refreshing the engine's state first.");
    ok = await execute("refresh");
  }
  if (ok) ok = await execute(options.command);
  else console.log(`The refresh failed: not running ${options.command}.`);
  printLab(current, stateDir, root);

  if (options.exit || !current.owned) {
    if (!current.owned && !options.exit) console.log("(Attached to another lab: its emulators keep running there.)");
    await shutdown(current, labFile);
    return ok ? 0 : 1;
  }

  console.log("\nEmulators running. Type up, preview, refresh, destroy or quit (or press Ctrl-C).");
  let busy = false;
  const input = readline.createInterface({ input: process.stdin, terminal: false });
  input.on("line", async (line) => {
    const word = line.trim();
    if (!word) return;
    if (word === "quit" || word === "exit") {
      await shutdown(current, labFile);
      process.exit(0);
    }
    if (!(COMMANDS as readonly string[]).includes(word))
      return console.log(`unknown command ${JSON.stringify(word)}: up, preview, refresh, destroy, quit`);
    if (busy) return console.log("busy: wait for the running command to finish");
    busy = true;
    try {
      await execute(word as Command);
    } finally {
      busy = false;
    }
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.log("\nStopping the emulators.");
      void shutdown(current, labFile).then(() => process.exit(0));
    });
  }
  return new Promise<number>(() => undefined);
}

async function shutdown(lab: Lab, labFile: string): Promise<void> {
  if (!lab.owned) return;
  await Promise.all([lab.owned.cms.close(), lab.owned.expC.close(), lab.owned.expE.close()]);
  try {
    const stored = JSON.parse(fs.readFileSync(labFile, "utf8")) as LabFile;
    if (stored.pid === process.pid) fs.rmSync(labFile, { force: true });
  } catch {
    // already gone
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`lab: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
