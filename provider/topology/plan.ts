/**
 * What a collaboration-edge stack declares, as plain values: the input of the guide's
 * failure-mode rules (rules.ts) and of the list of steps no management API can do
 * (manual-steps.ts). A program builds it from the same config it declares its resources
 * from, before declaring them, so a broken configuration stops before any request.
 *
 * Secret values (passwords) are held here in memory only to be compared; no message
 * built from a plan ever contains them.
 */

export { compareVersions } from "../schema/versions";

export interface PlannedTurnServer {
  /** Address the Call Bridge uses (Expressway-E inside address). */
  readonly serverAddress: string;
  /** Address WebRTC clients use (Expressway-E public address). */
  readonly clientAddress: string;
  readonly username?: string;
  readonly password?: string;
  /** CMS turnServers.type (`standard` on 2.x, `expressway` from 2.9). */
  readonly type?: string;
  readonly tcpPortNumberOverride?: number;
}

export interface PlannedCredential {
  readonly name: string;
  readonly password?: string;
}

export interface EdgePlan {
  /** Internal domain, e.g. `octavio.local`. */
  readonly internalDomain: string;
  /** External domain, e.g. `octavio.com`. */
  readonly externalDomain: string;
  readonly cms: {
    /** Software version when known (`2.2.1`, `3.8.0`): the MMP steps differ between 2.x and 3.x. */
    readonly version?: string;
    /** The CMS domain (XMPP domain on 2.x), e.g. `cms.octavio.local`. */
    readonly domain: string;
    /** Domains of the incoming call matching rules. */
    readonly callMatchDomains: readonly string[];
    readonly turnServers: readonly PlannedTurnServer[];
    /** Web bridge URLs as the Call Bridge reaches them (`https://cmsweb.octavio.local` on 2.x, `c2w://…` on 3.x). */
    readonly webBridgeUrls: readonly string[];
    /** Whether the web bridge trusts the Call Bridge certificate (MMP `webbridge trust`); false is a mistake. */
    readonly webBridgeTrustsCallBridge: boolean;
  };
  readonly expresswayC: {
    /** System > DNS host name, e.g. `vcsc`. */
    readonly hostName: string;
    /** Domains configured on the Expressway-C for MRA (Configuration > Domains). */
    readonly mraDomains: readonly string[];
    /** Configuration > Unified Communications > Cisco Meeting Server: guest account client URI. */
    readonly guestAccountClientUri: string;
    /** The UC traversal client zone's credentials. */
    readonly traversalCredential?: PlannedCredential;
  };
  readonly expresswayE: {
    /** System > DNS host name, e.g. `vcse`. */
    readonly hostName: string;
    /** System > DNS domain name (the external domain). */
    readonly domain: string;
    readonly insideAddress: string;
    readonly publicAddress: string;
    /** Local authentication database users. */
    readonly credentials: readonly PlannedCredential[];
    /** TURN requests port (3478 by default). */
    readonly turnRequestsPort: number;
    /** TURN media ports (device default 24000-29999) and realm: the manual step where TURN has no REST path. */
    readonly turnMediaPorts?: { readonly start: number; readonly end: number };
    readonly turnRealm?: string;
    /** TCP 443 TURN service (X8.11+): TURN listens on 443 too. */
    readonly turnOn443: boolean;
    /** System > Administration > Web administrator port. */
    readonly webAdminPort: number;
    /** Expected subject alternative names of the Expressway-E server certificate. */
    readonly certificateSans: readonly string[];
    /** Software version when known (`8.9.2`, `8.11.4`): before the TURN REST path, TURN is a manual step. */
    readonly version?: string;
  };
  /** Port WebRTC clients and the Call Bridge use for TURN (3478). */
  readonly clientTurnPort: number;
}

/** Host part of a URL or a bare host name, lower-case. */
export function hostOf(urlOrHost: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(urlOrHost);
  return (match ? match[1] : urlOrHost).toLowerCase();
}

/** Whether `host` is `domain` or lies under it. */
export function isWithin(host: string, domain: string): boolean {
  const h = host.toLowerCase();
  const d = domain.toLowerCase();
  return h === d || h.endsWith(`.${d}`);
}
