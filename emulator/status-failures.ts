import type { Devices } from "./devices";
import { parseNamedList } from "./named-list";

/**
 * Failures of the guide's Verify checks that an emulated topology can be switched into
 * (`npm run emulator -- --status-failure ...`, `npm run lab -- verify --fail ...`, or a
 * test): they change only what the status calls and the TURN server report, never the stored
 * configuration.
 */

export const STATUS_FAILURES = {
  "turn-unreachable": "CMS TURN server status: the Expressway-E is not reachable",
  "web-bridge-failure": "CMS web bridge status: connectionFailure",
  "licence-expired": "CMS callBridge licence: expired",
  "turn-inactive": "Expressway-E TURN server: Inactive",
  "turn-relays-missing": "Expressway-E without a TURN relay licence (before X8.11: no TURN Relays option key)",
  "turn-tcp-off": "Expressway-E TURN ProtocolMode UDP: TCP relays refused with 442",
  "turn-wrong-password": "Expressway-E TURN answers 431 to every password, as when the CMS TURN password differs",
  "tunnel-failed": "Expressway-C SSH tunnels: Failed",
  "web-proxy-off": "Expressway-C Cisco Meeting Server page not set: no SSH tunnel for the web bridge name",
} as const;

export type StatusFailure = keyof typeof STATUS_FAILURES;

/** Checks a comma-separated list; throws naming the known failures. */
export function parseStatusFailures(list: string): StatusFailure[] {
  return parseNamedList(list, STATUS_FAILURES, "status failure");
}

/**
 * What the devices report because of a step done by hand, which no API can set and so no
 * emulator can learn from a stack: `npm run lab` plays these steps as done.
 */
export interface ManualStepsDone {
  /** Web bridge names on the Expressway-C's Cisco Meeting Server page (guest account client URI), tunnelled. */
  readonly webProxyHosts?: readonly string[];
}

/** Makes the devices report these failures (and nothing else wrong); an empty list makes them healthy. */
export function applyStatusFailures(
  devices: Pick<Devices, "cms" | "expC" | "expE">,
  failures: readonly StatusFailure[],
  done: ManualStepsDone = {},
): void {
  const on = new Set(failures);
  devices.cms.setStatusAnswers({
    ...(on.has("turn-unreachable") ? { turnServer: { reachable: false } } : {}),
    ...(on.has("web-bridge-failure") ? { webBridge: "connectionFailure" } : {}),
    ...(on.has("licence-expired") ? { licence: { callBridge: "expired" } } : {}),
  });
  devices.expE.setStatusAnswers({
    ...(on.has("turn-inactive") ? { turnServer: "Inactive" as const } : {}),
    ...(on.has("turn-relays-missing") ? { turnRelaysLicensed: null } : {}),
    ...(on.has("turn-tcp-off") ? { turnProtocolMode: "UDP" as const } : {}),
    ...(on.has("turn-wrong-password") ? { turnWrongPassword: true } : {}),
  });
  devices.expC.setStatusAnswers({
    ...(on.has("tunnel-failed") ? { tunnelStatus: "Failed" as const } : {}),
    ...(done.webProxyHosts && !on.has("web-proxy-off") ? { extraTunnelDomains: done.webProxyHosts } : {}),
  });
}
