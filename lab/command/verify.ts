import { profileSettings } from "../../emulator/devices";
import { applyStatusFailures, type ManualStepsDone, type StatusFailure } from "../../emulator/status-failures";
import { type ExampleSettings, expectedTunnelDomains } from "../../examples/dual-domain/settings";
import { deviceProfilesFrom } from "../../provider/connection";
import { gatherHealth, type HealthCheck, healthy } from "../../provider/status";
import type { TurnTcpCheckOptions } from "../../provider/status/turn-tcp";
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

/** What verify expects of the stack, from its config: the SSH tunnels, and the manual steps the lab plays as done. */
export interface LabExpectations {
  readonly tunnelDomains?: readonly string[];
  readonly done?: ManualStepsDone;
  /** TAC 212580's TCP relay check: where and with which password (the stack's CMS TURN password). */
  readonly turnCheck?: TurnTcpCheckOptions;
}

/**
 * From the example's settings: the guide's three SSH tunnels, and the web bridge name on the
 * Expressway-C's Cisco Meeting Server page, a manual step the lab's emulators play as done
 * (`--fail web-proxy-off` plays it as forgotten).
 */
export function labExpectations(
  settings: ExampleSettings,
  turnCheck: { readonly address?: string; readonly password?: string } = {},
): LabExpectations {
  return {
    tunnelDomains: expectedTunnelDomains(settings),
    done: { webProxyHosts: [settings.webBridge.externalHost] },
    turnCheck: {
      address: turnCheck.address,
      password: turnCheck.password,
      mediaRange: { start: settings.turn.mediaPortStart, end: settings.turn.mediaPortEnd },
    },
  };
}

export async function verifyLab(
  devices: Pick<LabDevices, "byProfile" | "started">,
  failures: readonly StatusFailure[],
  expected: LabExpectations = {},
): Promise<boolean> {
  if (failures.length > 0) {
    if (devices.started) {
      applyStatusFailures(devices.started, failures, expected.done);
      console.log(`Emulated failures switched on: ${failures.join(", ")}.`);
    } else console.log("(--fail only applies to emulators this lab starts; these belong to another lab.)");
  }
  const settings = Object.fromEntries(profileSettings(devices.byProfile).map((s) => [s.key, s.value]));
  const profiles = deviceProfilesFrom({ get: (key) => settings[key] });
  const checks = await gatherHealth(
    {
      cms: profiles.resolve("cms"),
      expresswayC: profiles.resolve("expresswayC"),
      expresswayE: profiles.resolve("expresswayE"),
    },
    {
      ...(expected.tunnelDomains ? { tunnelDomains: expected.tunnelDomains } : {}),
      ...(expected.turnCheck ? { turnCheck: expected.turnCheck } : {}),
    },
  );
  console.log("");
  console.log("Verify (the guide's Verify section, read-only):");
  const hosts = expected.done?.webProxyHosts ?? [];
  if (hosts.length > 0)
    console.log(
      `(The emulated Expressway-C tunnels ${hosts.join(", ")} as if its Cisco Meeting Server page, a manual ` +
        "step, were set; --fail web-proxy-off plays it unset.)",
    );
  for (const check of checks) console.log(formatCheck(check));
  const ok = healthy(checks);
  const failed = checks.filter((c) => c.result === "fail").length;
  console.log(ok ? `All ${checks.length} checks pass.` : `${failed} of ${checks.length} checks failed.`);
  return ok;
}
