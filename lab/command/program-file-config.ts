import * as path from "node:path";
import { PROFILES } from "../../emulator/devices";
import type { StackConfig } from "../stack/config";
import type { LabProgram } from "./lab-program";

/**
 * The program directory's own stack config (`Pulumi.<stack>.yaml`) as the lab's base config:
 * the lab's secrets, its devices and each command's --config come over it. The file's
 * device-profile settings (`cms:url`, `cms:caCert`…) are left out: the lab's devices are its
 * emulators or, with --devices env, the environment's, and stack config would win over the
 * environment in the provider. Encrypted values cannot be read here: the lab says which, and how to give them.
 */
export function programFileConfig(program: Pick<LabProgram, "stackConfig">): StackConfig {
  const file = program.stackConfig;
  if (!file) return {};
  const isDeviceSetting = (key: string) => (PROFILES as readonly string[]).includes(key.split(":", 1)[0]);
  const config = Object.fromEntries(Object.entries(file.values).filter(([key]) => !isDeviceSetting(key)));
  const name = path.basename(file.file);
  const left = Object.keys(file.values).length - Object.keys(config).length;
  console.log(
    `Stack config from ${name}: ${Object.keys(config).length} value(s)` +
      (left > 0 ? `; ${left} device-profile setting(s) left out (the lab's devices are named elsewhere).` : "."),
  );
  if (file.secureKeys.length > 0)
    console.log(
      `  ${name} holds encrypted values the lab cannot read: ${file.secureKeys.join(", ")}. ` +
        "Give them with --config KEY=VALUE, or once with `npm run lab -- config set KEY VALUE --secret`.",
    );
  return config;
}
