import * as path from "node:path";
import { PROFILES, type Profile } from "../../emulator/devices";
import type { LabDevices } from "./lab-devices";

const PROFILE_LABELS: Readonly<Record<Profile, string>> = {
  cms: "CMS",
  expresswayC: "Expressway-C",
  expresswayE: "Expressway-E",
};

/** After a command: where the emulators are, their logins, `curl` lines to try, and where the state is. */
export function printDeviceAccess(devices: LabDevices, stateDir: string, root: string): void {
  console.log("");
  console.log(
    devices.attachedTo
      ? `Emulators of the lab running as process ${devices.attachedTo} (loopback only):`
      : "Emulators (loopback only, in memory: they start empty each time the lab starts):",
  );
  for (const profile of PROFILES) {
    const d = devices.byProfile[profile];
    console.log(
      `  ${PROFILE_LABELS[profile].padEnd(13)} ${d.url.padEnd(24)} user ${d.username}  password ${d.password}`,
    );
  }
  const { cms, expresswayC, expresswayE } = devices.byProfile;
  const curl = (device: typeof cms, apiPath: string) =>
    `  curl -s -u ${device.username}:${device.password} ${device.url}${apiPath}`;
  console.log("Try:");
  console.log(curl(cms, "/api/v1/coSpaces"));
  console.log(curl(expresswayC, "/api/provisioning/common/domain"));
  console.log(curl(expresswayE, "/api/provisioning/common/credential"));
  const state = path.relative(root, path.join(stateDir, "state.json"));
  const key = path.relative(root, path.join(stateDir, "state.json.key"));
  console.log(`State: ${state} (secrets encrypted with ${key})`);
}
