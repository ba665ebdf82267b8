import { parseStatusFailures, STATUS_FAILURES, type StatusFailure } from "../../emulator/status-failures";
import { parseUnconfirmedVariants, type UnconfirmedVariant } from "../../emulator/unconfirmed";
import { COMMANDS, type Command } from "../stack/command";
import { isVersion } from "../../provider/schema/versions";

/** The command line of `npm run lab`. */

export const USAGE = [
  "usage: npm run lab -- [up|preview|refresh|destroy] [--exit] [--cms-port N] [--expc-port N] [--expe-port N]",
  "                      [--cms-version V] [--expressway-version V]",
  "                      [--config key=value]... [--state-dir DIR] [--automation] [--verbose] [--program DIR]",
  "                      [--devices emulators|env]",
  "  up (default)  apply the example stack        preview  show the plan only",
  "  refresh       compare state with devices     destroy  delete everything the stack created",
  "  --exit        run the command and stop (default: keep the emulators running until Ctrl-C)",
  "  --config      stack config for this run: a key the program reads (e.g. expresswayEPublicAddress=10.88.246.157)",
  "                or a device-profile setting (e.g. cms:password=..., cms:timeoutSeconds=5); <profile>:url and",
  "                unknown keys are refused",
  "  --verbose     also print the engine's internal counters and the provider host's stack traces",
  "  --show outputs|manual-steps  print every stack output even when none changed, or the manual steps again",
  "                (by default a no-op is a few lines and the manual steps are listed when they first appear)",
  "  --cms-version         CMS release the emulator plays: 2.2 (the guide's, default) or 3.8 (current)",
  "  --expressway-version  Expressway release of both emulators (default X8.11.4, the first with every REST path " +
    "the stack uses; X8.9.2 is the guide's and has no TURN path)",
  "  --unconfirmed all|NAME[,NAME]  emulators that answer what no source settles another plausible way",
  "                (the provider must cope with each; see npm run emulator -- --help for the names)",
  "  --program DIR run this program directory (compiled to dist/DIR) instead of examples/dual-domain,",
  "                e.g. examples/skype-content (Skype for Business content, TAC 212580)",
  "                a directory outside the checkout (its own Pulumi.yaml, index.ts, Pulumi.<stack>.yaml) is compiled",
  "                on the fly with the checkout's TypeScript and runs against this checkout's provider",
  "  --devices env run against the devices the environment names (CMS_URL, CMS_USERNAME, CMS_PASSWORD,",
  "                EXPRESSWAYC_*, EXPRESSWAYE_*: the provider's own variables) instead of starting emulators",
  "  --automation  use the real engine through the Automation API (needs the pulumi CLI on PATH)",
  "  verify        read the devices' status, one pass/fail line per check (on fresh emulators: up first);",
  "                --fail NAME[,NAME] switches emulated failures on first:",
  `                ${Object.keys(STATUS_FAILURES).join(" ")}`,
  "  config [set KEY VALUE [--secret] | rm KEY]  stack config kept for every later command (pulumi config set)",
  "  secrets: LAB_TURN_PASSWORD, LAB_TRAVERSAL_PASSWORD, LAB_SPACE_PASSCODE " +
    "(else generated once, saved encrypted in .lab/)",
].join("\n");

/** What `--show` can ask to print that a run leaves out by default. */
export const SHOW_OPTIONS = ["outputs", "manual-steps"] as const;
export type ShowOption = (typeof SHOW_OPTIONS)[number];

function showOptions(value: string | undefined): ShowOption[] {
  const names = (value ?? "").split(",").filter((n) => n !== "");
  const unknown = names.filter((n) => !(SHOW_OPTIONS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0)
    throw new Error(`--show needs ${SHOW_OPTIONS.join(" or ")} (comma-separated), got ${JSON.stringify(value)}`);
  return names as ShowOption[];
}

/** Ports asked for on the command line (0 = any free port), named like the files they are kept in. */
export interface RequestedPorts {
  cms: number;
  expC: number;
  expE: number;
}

/** Where the devices come from: emulators the lab starts (or attaches to), or the profile environment variables. */
export const DEVICE_SOURCES = ["emulators", "env"] as const;
export type DeviceSource = (typeof DEVICE_SOURCES)[number];

/** Releases asked for on the command line (undefined: the emulators' defaults). */
export interface RequestedVersions {
  cms?: string;
  expressway?: string;
}

export interface LabArgs {
  command: Command;
  exit: boolean;
  ports: RequestedPorts;
  versions: RequestedVersions;
  config: Record<string, string>;
  stateDir?: string;
  /** The program directory (--program); undefined: examples/dual-domain. */
  program?: string;
  /** `--devices`: emulators (default) or the devices the profile environment variables name. */
  devices: DeviceSource;
  automation: boolean;
  verbose: boolean;
  help: boolean;
  /** `verify`: read the devices' status after the command. */
  verify: boolean;
  /** Status failures to switch on for `verify` (emulators this lab starts only). */
  failures: StatusFailure[];
  /** Unconfirmed device behaviours the emulators this lab starts play (emulator/unconfirmed.ts). */
  unconfirmed: UnconfirmedVariant[];
  /** `--show`: what to print that a run leaves out by default. */
  show: ShowOption[];
  /** `config [set KEY VALUE [--secret] | rm KEY]`: the words after `config` (config-command.ts). */
  configCommand?: string[];
}

export function isCommand(word: string): word is Command {
  return (COMMANDS as readonly string[]).includes(word);
}

function portNumber(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${flag} needs a port number from 0 to 65535, got ${JSON.stringify(value)}`);
  return n;
}

const PORT_FLAGS: Readonly<Record<string, keyof RequestedPorts>> = {
  "--cms-port": "cms",
  "--expc-port": "expC",
  "--expe-port": "expE",
};

const VERSION_FLAGS: Readonly<Record<string, keyof RequestedVersions>> = {
  "--cms-version": "cms",
  "--expressway-version": "expressway",
};

function versionText(flag: string, value: string | undefined): string {
  if (value === undefined || !isVersion(value))
    throw new Error(`${flag} needs a release such as 2.2, 3.8 or X8.11.4, got ${JSON.stringify(value)}`);
  return value;
}

export function parseArgs(argv: readonly string[]): LabArgs {
  const args: LabArgs = {
    command: "up",
    exit: false,
    ports: { cms: 0, expC: 0, expE: 0 },
    versions: {},
    config: {},
    automation: false,
    verbose: false,
    help: false,
    verify: false,
    failures: [],
    unconfirmed: [],
    show: [],
    devices: "emulators",
  };
  // `config ...` is a command of its own: what follows is its arguments, but for --state-dir (where it is saved).
  const at = argv.indexOf("config");
  if (at >= 0) {
    const rest = argv.slice(at + 1);
    const dir = rest.indexOf("--state-dir");
    const words = dir >= 0 ? [...rest.slice(0, dir), ...rest.slice(dir + 2)] : rest;
    const before = parseArgs([...argv.slice(0, at), ...(dir >= 0 ? rest.slice(dir, dir + 2) : [])]);
    return { ...before, configCommand: words };
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (isCommand(arg)) args.command = arg;
    else if (arg === "verify") args.verify = true;
    else if (arg === "--fail") {
      args.failures.push(...parseStatusFailures(value ?? ""));
      i++;
    } else if (arg === "--unconfirmed") {
      args.unconfirmed.push(...parseUnconfirmedVariants(value ?? ""));
      i++;
    } else if (arg === "--show") {
      args.show.push(...showOptions(value));
      i++;
    } else if (arg === "--exit") args.exit = true;
    else if (arg === "--automation") args.automation = true;
    else if (arg === "--verbose" || arg === "-v") args.verbose = true;
    else if (arg === "--help" || arg === "-h") args.help = true;
    else if (arg in PORT_FLAGS) {
      args.ports[PORT_FLAGS[arg]] = portNumber(arg, value);
      i++;
    } else if (arg in VERSION_FLAGS) {
      args.versions[VERSION_FLAGS[arg]] = versionText(arg, value);
      i++;
    } else if (arg === "--state-dir") {
      if (!value) throw new Error("--state-dir needs a directory");
      args.stateDir = value;
      i++;
    } else if (arg === "--program") {
      if (!value) throw new Error("--program needs a program directory, e.g. examples/skype-content");
      args.program = value;
      i++;
    } else if (arg === "--devices") {
      if (!(DEVICE_SOURCES as readonly string[]).includes(value ?? ""))
        throw new Error(`--devices needs ${DEVICE_SOURCES.join(" or ")}, got ${JSON.stringify(value)}`);
      args.devices = value as DeviceSource;
      i++;
    } else if (arg === "--config") {
      const match = /^([^=]+)=(.*)$/.exec(value ?? "");
      if (!match) throw new Error(`--config needs key=value, got ${JSON.stringify(value)}`);
      args.config[match[1]] = match[2];
      i++;
    } else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  return args;
}

/** Flags that choose how the lab starts (and which emulators); a command typed at the prompt cannot change them. */
const START_ONLY = [
  "--exit",
  "--automation",
  "--state-dir",
  "--program",
  "--devices",
  "--unconfirmed",
  "verify",
  "--fail",
  ...Object.keys(PORT_FLAGS),
  ...Object.keys(VERSION_FLAGS),
];

/**
 * A command typed at the lab's prompt, with the same arguments as the command line
 * (`preview --config cms:timeoutSeconds=5 --verbose`). Words are split on blanks; a value
 * may be quoted ('a b' or "a b"). Flags that only make sense at start are refused, saying why.
 */
export function parsePromptLine(line: string): LabArgs {
  const words = [...line.matchAll(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g)].map((m) => m[0].replace(/["']/g, ""));
  const startOnly = words.filter((w) => START_ONLY.includes(w));
  if (startOnly.length > 0)
    throw new Error(
      `${startOnly.join(", ")} only apply when the lab starts (the emulators and state are already chosen); ` +
        "at the prompt: up|preview|refresh|destroy [--config key=value]... [--show WHAT] [--verbose]",
    );
  if (words[0] === "config") return parseArgs(words);
  if (words.length > 0 && !isCommand(words[0]))
    throw new Error(`unknown command ${JSON.stringify(words[0])}: up, preview, refresh, destroy, config, help, quit`);
  return parseArgs(words);
}
