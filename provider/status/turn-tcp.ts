import { parseTransportAddress } from "../turn/address";
import { runTurnCheck } from "../turn/check";
import type { CmsTurnServer } from "./cms";
import type { HealthCheck } from "./health";

/**
 * TAC 212580's checks (skype_turn_tcp.md): Skype for Business content reaches CMS through a
 * TCP relay on the Expressway-E (RFC 6062). Neither device's API shows that it works: the
 * Expressway-E's ProtocolMode is read from /status.xml, and a TCP relay is allocated, the way
 * CMS does, for each CMS TURN server that carries TCP media.
 */

export const GUIDE_TCP = {
  protocolMode:
    "TAC 212580: Expressway-E TURN ProtocolMode allows TCP relays " +
    "(CLI xConfiguration Traversal Server TURN ProtocolMode)",
  relay: "TAC 212580: CMS allocates a TCP relay on its TURN server (RFC 6062) for Skype for Business content",
};

/** How to run the TCP relay check from where verify runs. */
export interface TurnTcpCheckOptions {
  /**
   * HOST or HOST:PORT at which this machine reaches the Expressway-E's TURN port: the CMS's
   * serverAddress is often an inside address the operator's machine cannot reach, so it is
   * never aimed at. Without a port, the CMS TURN server's TCP port. Unset: the check is skipped.
   */
  readonly address?: string;
  /** The TURN password (write-only on the CMS, so verify cannot read it there). */
  readonly password?: string;
  /** The Expressway-E's TURN media port range: a relay outside it fails. */
  readonly mediaRange?: { readonly start: number; readonly end: number };
  /** Per connection and answer (default 5 s). */
  readonly timeoutMs?: number;
}

/** lyncEdge's TCP port when none is set: 443, Skype Edge's TURN over TCP [I]. */
const LYNC_EDGE_TCP_PORT = 443;

/** The TCP port a CMS TURN server uses for TCP media, or undefined when it carries none. */
export function tcpMediaPort(server: CmsTurnServer): number | undefined {
  if (server.tcpPortNumberOverride !== undefined) return server.tcpPortNumberOverride;
  return server.type === "lyncEdge" ? LYNC_EDGE_TCP_PORT : undefined;
}

const names = (servers: readonly CmsTurnServer[]) =>
  servers.map((s) => `${s.id} (${s.serverAddress ?? "?"}:${tcpMediaPort(s)})`).join(", ");

/** The Expressway-E's ProtocolMode, judged against what the CMS TURN servers need. */
export function protocolModeCheck(
  protocolMode: string | undefined,
  tcpServers: readonly CmsTurnServer[],
  deviceSaid: string,
): HealthCheck {
  const check = "expressway-e-turn-protocol";
  const guide = GUIDE_TCP.protocolMode;
  const needs = tcpServers.length
    ? `CMS TURN servers with TCP media: ${names(tcpServers)}`
    : "no CMS TURN server carries TCP media";
  if (protocolMode === undefined)
    return {
      check,
      guide,
      result: "skip",
      detail:
        `no ProtocolMode in the Expressway-E's /status.xml TURN status (${needs}); ` +
        `the device answered: ${deviceSaid}`,
    };
  const tcpAllowed = /^(both|tcp)$/i.test(protocolMode);
  if (tcpAllowed || tcpServers.length === 0)
    return {
      check,
      guide,
      result: "pass",
      detail: `ProtocolMode ${protocolMode}: TCP relays ${tcpAllowed ? "allowed" : "off"}; ${needs}`,
    };
  return {
    check,
    guide,
    result: "fail",
    detail:
      `ProtocolMode ${protocolMode}: TCP relays are off, and ${needs}; Skype content cannot reach CMS. On the ` +
      "Expressway-E CLI: xConfiguration Traversal Server TURN ProtocolMode: Both",
  };
}

/** Allocates a TCP relay as CMS would, for one CMS TURN server, at the address verify was given. */
export async function tcpRelayCheck(server: CmsTurnServer, options: TurnTcpCheckOptions = {}): Promise<HealthCheck> {
  const check = "cms-turn-tcp-relay";
  const guide = GUIDE_TCP.relay;
  const port = tcpMediaPort(server) ?? LYNC_EDGE_TCP_PORT;
  const cmsUses = `CMS uses ${server.serverAddress ?? "?"}:${port}`;
  const skip = (why: string): HealthCheck => ({
    check,
    guide,
    result: "skip",
    detail: `turnServer ${server.id}: ${why}`,
  });
  if (!options.address)
    return skip(
      `not checked: no address to reach its TURN port from here (${cmsUses}, not contacted from this machine); ` +
        "name one in config turnCheckAddress (HOST or HOST:PORT)",
    );
  if (!server.username) return { ...skip("the CMS TURN server has no username"), result: "fail" };
  if (!options.password) return skip("not checked: no TURN password given to check with");
  let target: ReturnType<typeof parseTransportAddress>;
  try {
    target = parseTransportAddress(options.address, port);
  } catch (error) {
    return { ...skip(`turnCheckAddress ${(error as Error).message}`), result: "fail" };
  }
  const result = await runTurnCheck({
    server: target,
    username: server.username,
    password: options.password,
    timeoutMs: options.timeoutMs ?? 5_000,
    ...(options.mediaRange ? { mediaRange: options.mediaRange } : {}),
  });
  const aimed = `${target.address}:${target.port} as "${server.username}" (${cmsUses})`;
  return {
    check,
    guide,
    result: result.ok ? "pass" : "fail",
    detail: `turnServer ${server.id} at ${aimed}: ${result.verdict}`,
  };
}
