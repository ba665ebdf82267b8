import type { StunError, TransportAddress } from "./stun";

/**
 * A TURN server's error answer in the operator's terms (skype_turn_tcp.md §3; RFC 5766 §15,
 * RFC 6062 §6.3): which device setting to look at, not only the code.
 */

export interface RefusalContext {
  readonly username: string;
  /** The answer came to a request that carried credentials (a 401 then means a wrong password). */
  readonly authenticated: boolean;
  readonly alternateServer?: TransportAddress;
}

export function refusalMeaning(error: StunError, context: RefusalContext): string {
  const said = `${error.code} ${error.reason}`.trim();
  switch (error.code) {
    case 401:
      return context.authenticated
        ? `wrong password (${said} after credentials): the CMS TURN password for user "${context.username}" differs ` +
            "from the Expressway-E local user's; give both the same secret"
        : `${said} without a realm and nonce to answer with: the server does not offer long-term credentials`;
    case 431:
      return (
        `wrong password (${said}): the CMS TURN password for user "${context.username}" differs from the ` +
        "Expressway-E local user's; give both the same secret"
      );
    case 442:
      return (
        `TCP relays are off (${said}): the Expressway-E's TURN ProtocolMode allows UDP only; set it on the ` +
        "Expressway-E CLI: xConfiguration Traversal Server TURN ProtocolMode: Both"
      );
    case 486:
    case 508:
      return (
        `relays exhausted (${said}): the TURN server has no relay left for this user or in all; check ` +
        "Status > TURN relays on the Expressway-E (and its TURN Relays option key before X8.11)"
      );
    case 300: {
      const peer = context.alternateServer
        ? `${context.alternateServer.address}:${context.alternateServer.port}`
        : "(no ALTERNATE-SERVER given)";
      return (
        `a cluster peer was named (${said}, ALTERNATE-SERVER ${peer}): this Expressway-E's relays are full and ` +
        "it sends clients to another peer; check that peer too"
      );
    }
    case 438:
      return `stale nonce twice (${said}): the server keeps renewing its nonce; its clock or its cluster disagree`;
    case 437:
      return `allocation mismatch (${said}): an allocation already exists on this connection`;
    case 441:
      return `wrong credentials (${said}): the credentials differ from the ones the allocation was made with`;
    case 403:
      return `forbidden (${said}): the TURN server does not permit this peer address`;
    case 446:
      return `connection already exists (${said}) to that peer`;
    case 447:
      return `connection timeout or failure (${said}): the relay could not reach the peer over TCP`;
    default:
      return `refused: ${said}`;
  }
}
