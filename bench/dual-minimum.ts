/**
 * The fewest requests each phase of the dual-domain example needs (examples/dual-domain,
 * CMS 2.2 and Expressway X8.11.4 as the guide and the emulators have them, every device at
 * its emulated defaults before `up`), reasoned per object from what the device must be told
 * or asked, not copied from a measurement. bench/run.ts compares what the provider sends
 * against these.
 *
 * Rules per kind:
 * - a collection object the device refuses duplicates of (space, Expressway domain, zone,
 *   credential): create is 1 POST, the refusal is the duplicate check;
 * - a collection object the device takes duplicates of (CMS web bridge, TURN server, call
 *   matching rule): create needs 1 look-up GET by natural key first, then 1 POST (adoption
 *   contract: never a duplicate);
 * - a settings object (always there): create needs 1 GET to record what the device has
 *   (destroy gives it back), then 1 PUT only where a declared value differs from the
 *   emulator's default; Expressway DNS servers live at their own path (common/dns/dnsserver):
 *   1 more GET to record them where they are declared, 1 POST per new entry;
 * - the device itself: 1 GET per device profile per run where anything is created (CMS
 *   system/status, Expressway sysinfo). Check reads it before any write (device/preflight.ts):
 *   a refused password or a release other than `<profile>:version` stops preview before up
 *   writes to another device, which nothing else can promise. The release check of versioned
 *   parts (CMS: XMPP and the web bridge's 2.x fields; Expressway-E: the TURN page, X8.11 on)
 *   reads the same answer, so it costs nothing more; the Expressway-C uses none and still
 *   needs the read;
 * - refresh: 1 GET per object, and 1 more for DNS servers where they are declared;
 * - destroy: 1 DELETE per collection object; 1 PUT per settings object whose values differ
 *   from what create found (all of them here: create changed each), and 1 DELETE per DNS
 *   server entry create added. The recorded values are in state: no GET is needed first.
 * - a no-op re-apply needs nothing: diff compares state and program without a request.
 */

export interface ObjectMinimum {
  /** The example's resource name and kind. */
  readonly object: string;
  readonly apply: number;
  readonly refresh: number;
  readonly destroy: number;
}

export const DUAL_DOMAIN_MINIMUM: readonly ObjectMinimum[] = [
  // Expressway-C: System > DNS. GET dns + GET dnsserver to record; host name and domain are
  // empty on the emulator (PUT), the one server is new (POST at dnsserver). Plus the C's own
  // read before any write (GET sysinfo, once for the device; nothing on the C is versioned).
  // Destroy: PUT the empty host name and domain back, DELETE the server entry.
  { object: "dns-c ExpresswayDns", apply: 5, refresh: 2, destroy: 2 },
  // MRA: GET to record; Enabled is Off by default and declared On: PUT. Destroy: PUT Off.
  { object: "mra-c ExpresswayMra", apply: 2, refresh: 1, destroy: 1 },
  // The device refuses a duplicate domain name: 1 POST each.
  { object: "domain-internal ExpresswayDomain", apply: 1, refresh: 1, destroy: 1 },
  { object: "domain-external ExpresswayDomain", apply: 1, refresh: 1, destroy: 1 },
  // The device refuses a duplicate zone name: 1 POST.
  { object: "ut-zone-client ExpresswayZone", apply: 1, refresh: 1, destroy: 1 },
  // Expressway-E: System > DNS without servers (the guide gives the E none): GET + PUT.
  { object: "dns-e ExpresswayDns", apply: 2, refresh: 1, destroy: 1 },
  { object: "mra-e ExpresswayMra", apply: 2, refresh: 1, destroy: 1 },
  // The device refuses a duplicate user name: 1 POST each.
  { object: "turn-user ExpresswayCredential", apply: 1, refresh: 1, destroy: 1 },
  { object: "traversal-user ExpresswayCredential", apply: 1, refresh: 1, destroy: 1 },
  // TURN: GET to record; services (Off) and realm (TANDBERG) differ, port 3478 and media
  // range 24000-29999 are the defaults: 1 PUT. Plus the E's own read before any write, which
  // also tells the release (TURN has a REST path from X8.11 on): 1 GET sysinfo, once for the
  // device. Destroy: PUT services and realm back.
  { object: "expressway-turn ExpresswayTurn", apply: 3, refresh: 1, destroy: 1 },
  { object: "ut-zone-server ExpresswayZone", apply: 1, refresh: 1, destroy: 1 },
  // CMS: XMPP settings, GET to record; unique name, domain and server address are empty on
  // the emulator: 1 PUT. Plus the CMS's own read before any write, which also tells the
  // release (XMPP is 2.x only): 1 GET system/status, once for the device (the web bridge's 2.x
  // fields share it). Destroy: PUT the empty values back.
  { object: "xmpp CmsXmppSettings", apply: 3, refresh: 1, destroy: 1 },
  // Web bridge: a collection the CMS takes duplicate URLs in: look-up GET + POST.
  { object: "web-bridge CmsWebBridge", apply: 2, refresh: 1, destroy: 1 },
  // TURN server: duplicates allowed on the CMS: look-up GET + POST.
  { object: "turn CmsTurnServer", apply: 2, refresh: 1, destroy: 1 },
  // Space: the CMS refuses a duplicate uri or callId: 1 POST.
  { object: "proxy-webrtc CmsSpace", apply: 1, refresh: 1, destroy: 1 },
  // Call matching rules: duplicates allowed: look-up GET + POST each.
  { object: "match-internal CmsCallMatch", apply: 2, refresh: 1, destroy: 1 },
  { object: "match-external CmsCallMatch", apply: 2, refresh: 1, destroy: 1 },
];

const sum = (phase: "apply" | "refresh" | "destroy") => DUAL_DOMAIN_MINIMUM.reduce((n, o) => n + o[phase], 0);

/** Per phase: apply 32 (GET 14, PUT 6, POST 12), refresh 18, destroy 18 (PUT 6, DELETE 12). */
export const dualDomainMinimum = {
  objects: DUAL_DOMAIN_MINIMUM.length,
  apply: sum("apply"),
  refresh: sum("refresh"),
  destroy: sum("destroy"),
} as const;
