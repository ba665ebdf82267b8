import type { PlannedCredential, PlannedTurnServer } from "./plan";

/**
 * What a Skype for Business content stack declares (Cisco TAC 212580: CMS presentation
 * sharing with Skype for Business, the Expressway-E as CMS's TURN server over TCP, RFC 6062),
 * as plain values: the input of the rules in rules.ts (SKYPE_CONTENT_RULES) and of
 * contentManualSteps. Built by a program from its config before it declares any resource,
 * so a broken configuration stops before any request. Passwords are held in memory only to
 * be compared; no message built from a plan contains them.
 */

export interface PlannedOutboundRule {
  readonly domain: string;
  /** CmsOutboundRule.trunkType (device default `sip`). */
  readonly trunkType?: string;
  /** CmsOutboundRule.sipControlEncryption (device default `auto`). */
  readonly sipControlEncryption?: string;
  readonly localContactDomain?: string;
  readonly sipProxy?: string;
}

export interface ContentPlan {
  readonly cms: {
    /** Software release when known (`2.2`, `3.8`). */
    readonly version?: string;
    /** Address of the CMS (data only: the TAC document's 10.48.54.230). */
    readonly address: string;
    /** FQDN of the Call Bridge: the SfB trusted application pool and the certificate's subject. */
    readonly fqdn: string;
    /** The CMS domain: incoming call matching and the SfB static route. */
    readonly domain: string;
    /** TURN servers carrying TCP media for SfB content (the Expressway-E). */
    readonly turnServers: readonly PlannedTurnServer[];
    readonly outboundRules: readonly PlannedOutboundRule[];
  };
  readonly expresswayE: {
    readonly address: string;
    /** Software release without the X (`8.9`, `8.11.4`). */
    readonly version?: string;
    readonly credentials: readonly PlannedCredential[];
    readonly turnRequestsPort: number;
    readonly turnMediaPorts: { readonly start: number; readonly end: number };
    readonly turnRealm: string;
    /** What `xConfiguration Traversal Server TURN ProtocolMode` is to be set to (manual step). */
    readonly turnProtocolMode: string;
  };
  readonly sfb: {
    /** The Skype for Business SIP domain (the outbound rule's domain). */
    readonly domain: string;
    /** The front-end pool FQDN: the outbound rule's proxy and the trusted application's registrar. */
    readonly frontEndPool: string;
    /** SfB site id for the trusted application pool (New-CsTrustedApplicationPool -Site). */
    readonly site: string;
  };
}
