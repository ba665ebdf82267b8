import { profileSettings } from "../../emulator/devices";
import { applyStatusFailures, type StatusFailure } from "../../emulator/status-failures";
import { deviceProfilesFrom } from "../../provider/connection";
import { gatherHealth, type HealthCheck, healthy } from "../../provider/status";
import type { LabDevices } from "./lab-devices";

/**
 * `npm run lab -- verify`: the guide's Verify checks against the lab's emulators, one
 * line per check, the device's words on failure. Only GETs reach the devices.
 */

const MARK: Readonly<Record<HealthCheck["result"], string>> = { pass: "PASS", fail: "FAIL", skip: "SKIP" };

export function formatCheck(check: HealthCheck): string {
  const head = `${MARK[check.result]}  ${check.check.padEnd(26)} ${check.detail}`;
  return check.result === "fail" ? `${head}\n      guide: ${check.guide}` : head;
}

export async function verifyLab(
  devices: Pick<LabDevices, "byProfile" | "started">,
  failures: readonly StatusFailure[],
): Promise<boolean> {
  if (failures.length > 0) {
    if (devices.started) {
      applyStatusFailures(devices.started, failures);
      console.log(`Emulated failures switched on: ${failures.join(", ")}.`);
    } else console.log("(--fail only applies to emulators this lab starts; these belong to another lab.)");
  }
  const settings = Object.fromEntries(profileSettings(devices.byProfile).map((s) => [s.key, s.value]));
  const profiles = deviceProfilesFrom({ get: (key) => settings[key] });
  const checks = await gatherHealth({
    cms: profiles.resolve("cms"),
    expresswayC: profiles.resolve("expresswayC"),
    expresswayE: profiles.resolve("expresswayE"),
  });
  console.log("");
  console.log("Verify (the guide's Verify section, read-only):");
  for (const check of checks) console.log(formatCheck(check));
  const ok = healthy(checks);
  const failed = checks.filter((c) => c.result === "fail").length;
  console.log(ok ? `All ${checks.length} checks pass.` : `${failed} of ${checks.length} checks failed.`);
  return ok;
}
