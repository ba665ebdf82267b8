import { parseStatusFailures, STATUS_FAILURES, type StatusFailure } from "../../emulator/status-failures";
import { COMMANDS, type Command } from "../stack/command";

/** The command line of `npm run lab`. */

export const USAGE = [
  "usage: npm run lab -- [up|preview|refresh|destroy] [--exit] [--cms-port N] [--expc-port N] [--expe-port N]",
  "                      [--config key=value]... [--state-dir DIR] [--automation]",
  "  up (default)  apply the example stack        preview  show the plan only",
  "  refresh       compare state with devices     destroy  delete everything the stack created",
  "  --exit        run the command and stop (default: keep the emulators running until Ctrl-C)",
  "  --config      extra stack config for this run, e.g. --config expresswayEPublicAddress=10.88.246.157",
  "  --automation  use the real engine through the Automation API (needs the pulumi CLI on PATH)",
  "  verify        read the devices' status, one pass/fail line per check (on fresh emulators: up first);",
  "                --fail NAME[,NAME] switches emulated failures on first:",
  `                ${Object.keys(STATUS_FAILURES).join(" ")}`,
  "  secrets: LAB_TURN_PASSWORD, LAB_TRAVERSAL_PASSWORD, LAB_SPACE_PASSCODE " +
    "(else generated once, saved encrypted in .lab/)",
].join("\n");

/** Ports asked for on the command line (0 = any free port), named like the files they are kept in. */
export interface RequestedPorts {
  cms: number;
  expC: number;
  expE: number;
}

export interface LabArgs {
  command: Command;
  exit: boolean;
  ports: RequestedPorts;
  config: Record<string, string>;
  stateDir?: string;
  automation: boolean;
  help: boolean;
  /** `verify`: read the devices' status after the command. */
  verify: boolean;
  /** Status failures to switch on for `verify` (emulators this lab starts only). */
  failures: StatusFailure[];
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

export function parseArgs(argv: readonly string[]): LabArgs {
  const args: LabArgs = {
    command: "up",
    exit: false,
    ports: { cms: 0, expC: 0, expE: 0 },
    config: {},
    automation: false,
    help: false,
    verify: false,
    failures: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (isCommand(arg)) args.command = arg;
    else if (arg === "verify") args.verify = true;
    else if (arg === "--fail") {
      args.failures.push(...parseStatusFailures(value ?? ""));
      i++;
    } else if (arg === "--exit") args.exit = true;
    else if (arg === "--automation") args.automation = true;
    else if (arg === "--help" || arg === "-h") args.help = true;
    else if (arg in PORT_FLAGS) {
      args.ports[PORT_FLAGS[arg]] = portNumber(arg, value);
      i++;
    } else if (arg === "--state-dir") {
      if (!value) throw new Error("--state-dir needs a directory");
      args.stateDir = value;
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
