import type { ConnectionSettings } from "../connection";
import { send } from "../device/http";
import { compareVersions, isVersion } from "../schema/versions";
import {
  type CmsTurnServer,
  getCmsLicence,
  getCmsTurnServer,
  getCmsTurnServerStatus,
  getCmsWebBridgeStatus,
  listCmsIds,
} from "./cms";
import { getExpresswayTunnels, getExpresswayTurnStatus } from "./expressway";
import { GUIDE_TCP, protocolModeCheck, tcpMediaPort, tcpRelayCheck, type TurnTcpCheckOptions } from "./turn-tcp";

/**
 * The guide's "Verify" section as checks on the running devices (read-only GETs only).
 * Each check names the guide's step it stands for and, on failure, quotes the device.
 */

export interface HealthCheck {
  /** Stable name, e.g. `cms-turn-status:<id>`. */
  readonly check: string;
  /** The guide's step or troubleshooting entry. */
  readonly guide: string;
  /** pass, fail, or skip (nothing to check, e.g. no web bridge on the device). */
  readonly result: "pass" | "fail" | "skip";
  /** What was found, in the device's words on failure. */
  readonly detail: string;
}

export interface HealthDevices {
  readonly cms: ConnectionSettings;
  readonly expresswayC: ConnectionSettings;
  readonly expresswayE: ConnectionSettings;
}

export interface HealthOptions {
  /** CMS TURN servers to check (default: every one on the CMS). */
  readonly turnServerIds?: readonly string[];
  /** CMS web bridges to check (default: every one on the CMS). */
  readonly webBridgeIds?: readonly string[];
  /**
   * Domains every Expressway-E peer must have an Active SSH tunnel for (default: the
   * Expressway-C's own domains), e.g. the CMS page's web bridge name cmsweb.octavio.com.
   * An empty list: the stack expects no tunnel (they carry Mobile and Remote Access, which
   * TAC 212580's system does not use), so the check is skipped.
   */
  readonly tunnelDomains?: readonly string[];
  /**
   * The TURN-over-TCP allocation for each CMS TURN server that carries TCP media (TAC 212580):
   * the address this machine reaches the Expressway-E's TURN port at, and the password.
   */
  readonly turnCheck?: TurnTcpCheckOptions;
}

const GUIDE = {
  licence: "Configure, CMS step 1: callbridge licence Activated (MMP `license`)",
  turn: "Verify: CMS TURN server status (API turnServers/<id>/status: reachable, round trip, mapped address)",
  webBridge: "Troubleshoot: Join button missing (web bridge connection to the Call Bridge)",
  expresswayTurn: "Verify: Expressway-E Status > TURN: Active, listening addresses, relays",
  tunnels: "Verify: Expressway-C Status > Unified Communications > SSH tunnels: Active per domain",
};

const failed = (check: string, guide: string, error: unknown): HealthCheck => ({
  check,
  guide,
  result: "fail",
  detail: error instanceof Error ? error.message : String(error),
});

async function licenceCheck(cms: ConnectionSettings): Promise<HealthCheck> {
  const check = "cms-licence";
  try {
    const licence = await getCmsLicence(cms);
    const status = licence.callBridge?.status;
    if (status === "activated")
      return {
        check,
        guide: GUIDE.licence,
        result: "pass",
        detail: `callBridge activated, expiry ${licence.callBridge?.expiry ?? "not given"}`,
      };
    const said = status
      ? `callBridge status ${status}${licence.callBridge?.expiry ? `, expiry ${licence.callBridge.expiry}` : ""}`
      : `no callBridge feature in ${licence.path}; the device answered: ${licence.deviceSaid}`;
    return { check, guide: GUIDE.licence, result: "fail", detail: said };
  } catch (error) {
    return failed(check, GUIDE.licence, error);
  }
}

async function turnServerCheck(cms: ConnectionSettings, id: string): Promise<HealthCheck> {
  const check = "cms-turn-status";
  try {
    const turn = await getCmsTurnServerStatus(cms, id);
    const hosts = turn.hosts.map(
      (h) =>
        `${h.address ?? "?"}:${h.portNumber ?? "?"} reachable ${h.reachable ?? "?"}` +
        (h.reachable ? `, ${h.roundTripTimeMs ?? "?"} ms, mapped ${h.mappedAddress ?? "?"}` : ""),
    );
    // Cisco's API reference describes host elements only; the guide's 2.2.1 capture adds a
    // leading <status>. Without one, the hosts decide.
    const statusOk = turn.status === "success" || turn.status === undefined;
    const ok = statusOk && turn.hosts.length > 0 && turn.hosts.every((h) => h.reachable === true);
    const judged = turn.status === undefined ? "no status element, judged by its hosts" : "status success";
    const found = ok
      ? `${judged}; ${hosts.join("; ")}`
      : turn.status === undefined && turn.hosts.length === 0
        ? `no status or host in the answer; the device answered: ${turn.deviceSaid}`
        : `status ${turn.status ?? "(none)"}; ${hosts.join("; ") || "no host reported"}`;
    const detail = `turnServer ${id}: ${found}`;
    return { check, guide: GUIDE.turn, result: ok ? "pass" : "fail", detail };
  } catch (error) {
    return failed(check, GUIDE.turn, error);
  }
}

async function webBridgeCheck(cms: ConnectionSettings, id: string): Promise<HealthCheck> {
  const check = "cms-web-bridge-status";
  try {
    const bridge = await getCmsWebBridgeStatus(cms, id);
    if (bridge.status === "success")
      return { check, guide: GUIDE.webBridge, result: "pass", detail: `webBridge ${id}: status success` };
    const detail = bridge.status
      ? `webBridge ${id}: status ${bridge.status}`
      : `webBridge ${id}: no status in the answer; the device answered: ${bridge.deviceSaid}`;
    return { check, guide: GUIDE.webBridge, result: "fail", detail };
  } catch (error) {
    return failed(check, GUIDE.webBridge, error);
  }
}

/** The first release that needs no TURN relay option key (admin guide X14.2, docs/sources.md). */
const RELAYS_WITHOUT_KEY = "8.11";

/**
 * Whether a device that reports no relay licence lacks one: only before X8.11, where relays
 * come from the "TURN Relays" option key. From X8.11 none is needed, so none is asked for.
 */
function missingRelayLicence(release: string | undefined, profile: string): string | undefined {
  if (release === undefined)
    return (
      "the release is not reported: before X8.11 it needs the TURN Relays option key; set " +
      `${profile}:version to the device's release to check`
    );
  if (compareVersions(release, RELAYS_WITHOUT_KEY) >= 0) return undefined;
  return `${release} needs the TURN Relays option key (Maintenance > Option keys); from X8.11 none is needed`;
}

/** Expressway-E Status > TURN, and its ProtocolMode judged against the CMS TURN servers' TCP media. */
async function expresswayTurnChecks(
  expE: ConnectionSettings,
  tcpServers: readonly CmsTurnServer[],
): Promise<HealthCheck[]> {
  const check = "expressway-e-turn";
  try {
    const turn = await getExpresswayTurnStatus(expE);
    const { current, peak, total } = turn.relays;
    const licensed = turn.licensedRelays;
    const counts =
      `relays ${current ?? "?"} in use (peak ${peak ?? "?"}, ${total ?? "?"} since restart), ` +
      `${licensed ? `${licensed} licensed` : "no licence reported"}, port ${turn.requestsPort ?? "?"}` +
      (turn.listeningAddresses.length ? `, listening on ${turn.listeningAddresses.join(", ")}` : "");
    const protocol = protocolModeCheck(turn.protocolMode, tcpServers, turn.deviceSaid);
    if (turn.status !== "Active")
      return [
        {
          check,
          guide: GUIDE.expresswayTurn,
          result: "fail",
          detail: `TURN server status ${turn.status ?? "(none)"}; ${counts}`,
        },
        protocol,
      ];
    if (licensed)
      return [{ check, guide: GUIDE.expresswayTurn, result: "pass", detail: `Active; ${counts}` }, protocol];
    // A stated `<profile>:version` wins over what the document says, as for every release check.
    const stated = expE.version ?? turn.release;
    const release = stated !== undefined && isVersion(stated) ? stated : undefined;
    const missing = missingRelayLicence(release, expE.profile);
    if (missing)
      return [
        {
          check,
          guide: GUIDE.expresswayTurn,
          result: "fail",
          detail: `TURN Active but no relay licence (${counts}): ${missing}`,
        },
        protocol,
      ];
    return [
      {
        check,
        guide: GUIDE.expresswayTurn,
        result: "pass",
        detail:
          `Active; ${counts.replace("no licence reported, ", "")}, no relay licence reported: ` +
          `${release} needs no TURN Relays option key (admin guide X14.2)`,
      },
      protocol,
    ];
  } catch (error) {
    return [
      failed(check, GUIDE.expresswayTurn, error),
      failed("expressway-e-turn-protocol", GUIDE_TCP.protocolMode, error),
    ];
  }
}

/** The CMS TURN servers' own fields, to find those with TCP media; a read failure is a failed relay check. */
async function turnServersWithTcp(
  cms: ConnectionSettings,
  ids: readonly string[],
): Promise<{ servers: CmsTurnServer[]; failures: HealthCheck[] }> {
  const servers: CmsTurnServer[] = [];
  const failures: HealthCheck[] = [];
  for (const id of ids) {
    try {
      const server = await getCmsTurnServer(cms, id);
      if (tcpMediaPort(server) !== undefined) servers.push(server);
    } catch (error) {
      failures.push(failed("cms-turn-tcp-relay", GUIDE_TCP.relay, error));
    }
  }
  return { servers, failures };
}

/** Names in a provisioning list (the Expressway-C's domains); read-only GET. */
async function expresswayNames(expC: ConnectionSettings, path: string, key: string): Promise<string[]> {
  const answer = await send(expC, { method: "GET", path: `/api/provisioning/${path}` });
  if (answer.status !== 200) return [];
  try {
    const records = JSON.parse(answer.body) as unknown;
    return Array.isArray(records)
      ? records.flatMap((r) => {
          const value = (r as Record<string, unknown>)?.[key];
          return Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
        })
      : [];
  } catch {
    return [];
  }
}

async function tunnelsCheck(expC: ConnectionSettings, wanted?: readonly string[]): Promise<HealthCheck> {
  const check = "expressway-c-ssh-tunnels";
  try {
    const { tunnels, deviceSaid } = await getExpresswayTunnels(expC);
    if (tunnels.length === 0)
      return {
        check,
        guide: GUIDE.tunnels,
        result: "fail",
        detail: `no SSH tunnels reported; the device answered: ${deviceSaid}`,
      };
    const domains = wanted ?? (await expresswayNames(expC, "common/domain", "Name"));
    const row = (t: (typeof tunnels)[number]) => `${t.target ?? "?"} x ${t.domain ?? "?"}: ${t.status ?? "(none)"}`;
    const notActive = tunnels.filter((t) => t.status !== "Active");
    const missing = domains.filter((d) => !tunnels.some((t) => t.domain?.toLowerCase() === d.toLowerCase()));
    if (notActive.length === 0 && missing.length === 0)
      return { check, guide: GUIDE.tunnels, result: "pass", detail: tunnels.map(row).join("; ") };
    // A domain gets a tunnel from Configuration > Domains (with MRA on), a web bridge name
    // from the Cisco Meeting Server page, which no API sets: say where each comes from.
    const why =
      "; a domain is tunnelled once it is an Expressway-C domain with MRA on, the web bridge name once " +
      "Configuration > Unified Communications > Cisco Meeting Server has it as guest account client URI";
    const problems = [...notActive.map(row), ...(missing.length ? [`no tunnel for ${missing.join(", ")}${why}`] : [])];
    return { check, guide: GUIDE.tunnels, result: "fail", detail: problems.join("; ") };
  } catch (error) {
    return failed(check, GUIDE.tunnels, error);
  }
}

async function idsOr(
  given: readonly string[] | undefined,
  cms: ConnectionSettings,
  collection: string,
): Promise<string[] | Error> {
  if (given) return [...given];
  try {
    return await listCmsIds(cms, collection);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Every check of the guide's Verify section, read-only, in the guide's order. */
export async function gatherHealth(devices: HealthDevices, options: HealthOptions = {}): Promise<HealthCheck[]> {
  const checks: HealthCheck[] = [await licenceCheck(devices.cms)];
  const turnIds = await idsOr(options.turnServerIds, devices.cms, "turnServers");
  if (turnIds instanceof Error) checks.push(failed("cms-turn-status", GUIDE.turn, turnIds));
  else if (turnIds.length === 0)
    checks.push({ check: "cms-turn-status", guide: GUIDE.turn, result: "fail", detail: "no TURN server on the CMS" });
  else for (const id of turnIds) checks.push(await turnServerCheck(devices.cms, id));
  const tcp = await turnServersWithTcp(devices.cms, turnIds instanceof Error ? [] : turnIds);
  const bridgeIds = await idsOr(options.webBridgeIds, devices.cms, "webBridges");
  if (bridgeIds instanceof Error) checks.push(failed("cms-web-bridge-status", GUIDE.webBridge, bridgeIds));
  else if (bridgeIds.length === 0)
    checks.push({
      check: "cms-web-bridge-status",
      guide: GUIDE.webBridge,
      result: "skip",
      detail: "no web bridge in the CMS API (configured by MMP only, or not declared)",
    });
  else for (const id of bridgeIds) checks.push(await webBridgeCheck(devices.cms, id));
  checks.push(...(await expresswayTurnChecks(devices.expresswayE, tcp.servers)));
  checks.push(...tcp.failures);
  for (const server of tcp.servers) checks.push(await tcpRelayCheck(server, options.turnCheck));
  if (options.tunnelDomains?.length === 0)
    checks.push({
      check: "expressway-c-ssh-tunnels",
      guide: GUIDE.tunnels,
      result: "skip",
      detail: "no SSH tunnel expected: the stack uses no Mobile and Remote Access, which the tunnels carry",
    });
  else checks.push(await tunnelsCheck(devices.expresswayC, options.tunnelDomains));
  return checks;
}

/** True when no check failed (skipped ones do not count). */
export const healthy = (checks: readonly HealthCheck[]): boolean => checks.every((c) => c.result !== "fail");
