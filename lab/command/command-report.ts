import type { StackConfig } from "../stack/config";
import type { LabDevices } from "./lab-devices";
import type { LabProgram } from "./lab-program";
import { countRequests } from "./request-count";
import type { StackCommands } from "./stack-commands";

/**
 * The lab's commands, each followed by what it cost the lab's own emulators and, after
 * up or preview, the program's manual steps (computed from the same config, --config included).
 */
export function reportingCommands(
  runner: StackCommands,
  devices: LabDevices,
  config: StackConfig,
  program: LabProgram,
): StackCommands {
  return {
    realEngine: runner.realEngine,
    async run(command, extra = {}) {
      const counted = devices.started && countRequests(devices.started);
      const ok = await runner.run(command, extra);
      if (counted) console.log(counted(command));
      if (ok && (command === "up" || command === "preview")) {
        console.log("");
        for (const line of program.manualStepLines({ ...config, ...extra.config })) console.log(line);
      }
      return ok;
    },
  };
}
