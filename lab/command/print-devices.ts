import * as path from "node:path";
import { PROFILES, type Profile } from "../../emulator/devices";
import type { LabDevices } from "./lab-devices";

const PROFILE_LABELS: Readonly<Record<Profile, string>> = {
  cms: "CMS",
  expresswayC: "Expressway-C",
  expresswayE: "Expressway-E",
};

/**
 * After a command: where the emulators are, their logins, `curl` lines to try, and where the
 * state is. `stopping`: the lab stops its emulators right after (--exit), so there is nothing
 * to try: only the state is named.
 */
export function printDeviceAccess(devices: LabDevices, stateDir: string, root: string, stopping = false): void {
  console.log("");
  const state = path.relative(root, path.join(stateDir, "state.json"));
  const key = path.relative(root, path.join(stateDir, "state.json.key"));
  if (devices.attachedTo) {
    // Their logins and curl lines were printed by the lab that started them.
    const urls = PROFILES.map((p) => `${PROFILE_LABELS[p]} ${devices.byProfile[p].url}`).join(", ");
    console.log(`Emulators of the lab running as process ${devices.attachedTo}: ${urls}.`);
    console.log(`State: ${state}`);
    return;
  }
  if (stopping) {
    console.log(
      `State: ${state} (secrets encrypted with ${key}). The emulators stop now (without --exit they keep running).`,
    );
    return;
  }
  console.log("Emulators (loopback only, in memory: they start empty each time the lab starts):");
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
  console.log(`State: ${state} (secrets encrypted with ${key})`);
}
