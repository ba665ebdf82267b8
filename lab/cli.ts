import "../scripts/require-node";
import * as fs from "node:fs";
import * as path from "node:path";
import { profileSettings } from "../emulator/devices";
import { packageRoot } from "../provider/package-root";
import { StateFile } from "./fake-engine/state";
import { applyStatusFailures } from "../emulator/status-failures";
import { verifyLab } from "./command/verify";
import { USAGE, parseArgs } from "./command/args";
import { exampleSecrets } from "./command/example-secrets";
import { type LabDevices, attachToRunningLab, startLabDevices, stopLabDevices } from "./command/lab-devices";
import { printDeviceAccess } from "./command/print-devices";
import { reportingCommands } from "./command/command-report";
import { runConfigCommand } from "./command/config-command";
import { SavedConfig } from "./command/saved-config";
import { readCommands } from "./command/interactive";
import { labConfigOverrides } from "./command/lab-config";
import { labProgram } from "./command/lab-program";
import {
  forgetObjectsOfEmptyDevices,
  requireRealEngine,
  type StackCommands,
  stackCommands,
} from "./command/stack-commands";
import { emulatorOnlyFlags, envDevices } from "./command/env-devices";
import { programFileConfig } from "./command/program-file-config";
import { type StackConfig, configFromSettings } from "./stack/config";

/**
 * `npm run lab -- [up|preview|refresh|destroy] [--exit] [--cms-port N] [--expc-port N]
 *   [--expe-port N] [--cms-version V] [--expressway-version V] [--config key=value]...
 *   [--state-dir DIR] [--automation] [--program DIR] [--devices emulators|env]`
 *
 * Starts the CMS, Expressway-C and Expressway-E emulators on 127.0.0.1 (or attaches to
 * the ones a running `npm run lab` started), points the device profiles at them and
 * runs the example stack (examples/dual-domain, or the program directory given with
 * --program) through the fake engine (lab/fake-engine),
 * or the real one with --automation. State lives in .lab/ (git-ignored). Without --exit
 * the emulators keep running until Ctrl-C, and commands can be typed (up, preview,
 * refresh, destroy, quit). With --devices env it starts no emulators and runs against the
 * devices the profile environment variables name (command/env-devices.ts).
 */

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const root = packageRoot();
  const program = labProgram(root, args.program);
  const overrides = (given: Record<string, string>) => labConfigOverrides(given, program.project, program.keys);
  const stateDir = path.resolve(root, args.stateDir ?? ".lab");
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const secrets = new StateFile(path.join(stateDir, "state.json")).secrets;
  const labFile = path.join(stateDir, "lab.json");
  const saved = new SavedConfig(path.join(stateDir, "config.json"), secrets);
  const configCommand = (words: readonly string[]) =>
    runConfigCommand(words, saved, (key, value) => overrides({ [key]: value })[key]);
  if (args.configCommand) {
    configCommand(args.configCommand);
    return 0;
  }
  const stackSecrets = exampleSecrets(saved);
  // What `config set` saved, then this command's --config: both win over the lab's own values (the
  // example's secrets: LAB_* variables first, as exampleSecrets reads them, then the saved ones).
  const runConfig = (given: Record<string, string>) => ({
    ...saved.stackConfig(),
    ...exampleSecrets(saved),
    ...overrides(given),
  });
  // Refused before anything starts: a misspelled or unusable key never reaches a run.
  const firstConfig = runConfig(args.config);
  const fileConfig = programFileConfig(program);
  // Typed at the prompt, until quit: the same commands, each with its own --config.
  const interact = (commands: StackCommands, stop: () => Promise<void>) => {
    readCommands(
      async (typed) => {
        if (typed.configCommand) return configCommand(typed.configCommand);
        await commands.run(typed.command, {
          config: runConfig(typed.config),
          verbose: typed.verbose,
          show: typed.show,
        });
      },
      stop,
      path.join(stateDir, "history"),
    );
    return new Promise<number>(() => undefined);
  };

  if (args.automation) requireRealEngine();
  if (args.devices === "env") {
    const refused = emulatorOnlyFlags(args);
    if (refused.length > 0)
      throw new Error(`${refused.join(", ")}: only for the lab's emulators, not with --devices env`);
    for (const line of envDevices()) console.log(line);
    const config: StackConfig = { ...fileConfig, ...stackSecrets };
    const commands = reportingCommands(
      stackCommands({ root, program, stateDir, saved, config, automation: args.automation }),
      undefined,
      config,
      program,
      stateDir,
    );
    const ok = await commands.run(args.command, { config: firstConfig, verbose: args.verbose, show: args.show });
    console.log(`State: ${path.join(stateDir, "state.json")}`);
    return args.exit ? (ok ? 0 : 1) : interact(commands, async () => undefined);
  }
  const attached = await attachToRunningLab(labFile, secrets);
  if (attached && args.failures.length > 0)
    throw new Error(
      `verify --fail switches failures on in emulators this lab starts, but the lab running as process ` +
        `${attached.attachedTo} owns these: run it there, or give this lab its own state (--state-dir DIR)`,
    );
  if (attached) {
    const flags =
      Object.values(args.ports).some((p) => p) || Object.keys(args.versions).length > 0 || args.unconfirmed.length > 0;
    const ignored = flags ? " (port, version and --unconfirmed flags ignored)" : "";
    console.log(`Attached to the emulators of the lab running as process ${attached.attachedTo}${ignored}.`);
  }
  const devices: LabDevices =
    attached ?? (await startLabDevices(args.ports, stateDir, secrets, args.versions, args.unconfirmed));
  if (devices.started && args.unconfirmed.length > 0)
    console.log(`Unconfirmed variants the emulators play: ${args.unconfirmed.join(", ")}.`);

  // The example picks its shape by release (TURN type, XMPP, web bridge): it learns the
  // emulated ones from config, never by guessing. --config wins over the lab's own values:
  // what the user gave is what runs.
  const config: StackConfig = {
    ...fileConfig,
    ...stackSecrets,
    cmsVersion: devices.versions.cms,
    expresswayVersion: devices.versions.expressway,
    // verify's TCP relay check reaches the emulated Expressway-E's TURN here, not at the topology's inside address.
    ...(devices.turnPort ? { turnCheckAddress: `127.0.0.1:${devices.turnPort}` } : {}),
    ...configFromSettings(profileSettings(devices.byProfile)),
  };
  const commands = reportingCommands(
    stackCommands({ root, program, stateDir, saved, config, automation: args.automation }),
    devices.started,
    config,
    program,
    stateDir,
  );
  // The program's shape on these releases was said when the emulators started: attached, one line.
  const intro = program.intro(devices.versions, { ...config, ...firstConfig });
  for (const line of devices.started ? intro : intro.slice(0, 1)) console.log(line);
  const expected = program.expectations({ ...config, ...firstConfig });
  if (devices.started) applyStatusFailures(devices.started, [], expected.done);

  let ok = true;
  if (devices.started) {
    const urls = new Set(Object.values(devices.byProfile).map((d) => d.url));
    ok = await forgetObjectsOfEmptyDevices(commands, args.command, root, program.project, stateDir, urls);
  }
  // verify on emulators another lab runs only reads; on fresh (empty) ones it brings the stack up first.
  if (!ok) console.log(`The refresh failed: not running ${args.command}.`);
  else if (!(args.verify && !devices.started))
    ok = await commands.run(args.command, { config: firstConfig, verbose: args.verbose, show: args.show });
  const stopsNow = devices.started !== undefined && (args.exit || args.verify);
  printDeviceAccess(devices, stateDir, root, stopsNow);
  if (ok && args.verify) ok = await verifyLab(devices, args.failures, expected);

  const stop = () => stopLabDevices(devices, labFile);
  if (args.exit || args.verify || !devices.started) {
    if (!devices.started && !args.exit) console.log("(Attached to another lab: its emulators keep running there.)");
    await stop();
    return ok ? 0 : 1;
  }
  return interact(commands, stop);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`lab: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
