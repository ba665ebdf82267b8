import * as path from "node:path";
import type { StackConfig } from "../stack/config";
import { ShownOnce } from "./shown-once";
import type { Devices } from "../../emulator/devices";
import type { LabProgram } from "./lab-program";
import { countRequests } from "./request-count";
import type { StackCommands } from "./stack-commands";

/**
 * The lab's commands, each followed by what it cost the lab's own emulators and, after
 * up or preview, the program's manual steps (computed from the same config, --config included):
 * listed the first time they read so, one line afterwards unless `--show manual-steps`.
 */
export function reportingCommands(
  runner: StackCommands,
  /** The emulators this process started (their requests are counted); none when attached or on other devices. */
  started: Devices | undefined,
  config: StackConfig,
  program: LabProgram,
  stateDir: string,
): StackCommands {
  const shown = new ShownOnce(path.join(stateDir, "manual-steps-shown"));
  return {
    realEngine: runner.realEngine,
    async run(command, extra = {}) {
      const counted = started && countRequests(started);
      const ok = await runner.run(command, extra);
      if (counted && !extra.quiet) console.log(counted(command));
      if (ok && (command === "up" || command === "preview")) {
        console.log("");
        const lines = program.manualStepLines({ ...config, ...extra.config });
        for (const line of shown.once(lines, extra.show?.includes("manual-steps") ?? false)) console.log(line);
      }
      return ok;
    },
  };
}
