import { ProviderBug } from "../errors";
import { expresswayTurn } from "../schema/expressway-settings";
import type { ObjectDescription } from "../schema/types";
import { compareVersions } from "../schema/versions";
import { type EdgePlan, hostOf } from "./plan";

/**
 * The guide's steps that no management API can do on any release we know of (see
 * docs/sources.md: TAC 211301, 213481, 213821 and the Expressway admin guides), with the
 * values computed from the same plan as the resources, so the list always matches
 * what `pulumi up` built.
 */

export interface ManualStep {
  readonly device:
    | "CMS"
    | "Expressway-C"
    | "Expressway-E"
    | "DNS (internal)"
    | "DNS (external)"
    | "Skype for Business"
    | "Firewall";
  /** Web UI path, MMP or CLI command. */
  readonly where: string;
  readonly value: string;
  /** What breaks without it. */
  readonly why: string;
}

/** First Expressway release with the /edge/traversal/turn REST path, as the ExpresswayTurn description says. */
export const EXPRESSWAY_TURN_REST_SINCE = firstRelease(expresswayTurn);

function firstRelease(desc: ObjectDescription): string {
  const since = desc.versions?.since;
  if (since === undefined) throw new ProviderBug(`${desc.resource} names no first release`);
  return since;
}

function isCms3(plan: EdgePlan): boolean {
  return plan.cms.version !== undefined && compareVersions(plan.cms.version, "3.0") >= 0;
}

function cmsSteps(plan: EdgePlan): ManualStep[] {
  const internalWebBridge = hostOf(plan.cms.webBridgeUrls[0] ?? `https://cmsweb.${plan.internalDomain}`);
  const steps: ManualStep[] = [
    {
      device: "CMS",
      where: "MMP (SSH): callbridge listen a; callbridge certs <key> <crt> <bundle>; callbridge restart",
      value: "callbridge listen a",
      why: "the Call Bridge must listen and present a certificate the web bridge and Expressway-C trust",
    },
  ];
  if (isCms3(plan)) {
    steps.push({
      device: "CMS",
      where:
        "MMP (SSH): webbridge3 https listen a:443; webbridge3 c2w listen a:9999; " +
        "webbridge3 certs ...; webbridge3 enable",
      value: `${internalWebBridge}:443, c2w on 9999`,
      why: "Web Bridge 3 serves the Web App; the Call Bridge reaches it over c2w (CMS 3.x has no XMPP)",
    });
    steps.push({
      device: "CMS",
      where: "MMP (SSH): callbridge trust c2w <web bridge certificate bundle>",
      value: "the web bridge's certificate bundle",
      why: "without the trust the Call Bridge cannot reach the web bridge (Join button missing)",
    });
    return steps;
  }
  steps.push(
    {
      device: "CMS",
      where: "MMP (SSH): webbridge listen a:443; webbridge certs <key> <crt> <bundle>",
      value: `a:443, certificate for ${internalWebBridge}`,
      why: "the web bridge serves the WebRTC client on 443",
    },
    {
      device: "CMS",
      where: "MMP (SSH): webbridge trust <callbridge certificate bundle>; webbridge enable",
      value: "callbridge.cer",
      why: 'without it the web page loads but the Join button is missing ("connect failure" fault)',
    },
    {
      device: "CMS",
      where: "MMP (SSH): xmpp listen a; xmpp domain; xmpp certs <key> <crt> <bundle>; xmpp enable",
      value: `xmpp domain ${plan.cms.domain}`,
      why: "CMS 2.x web bridge guests sign in over XMPP",
    },
    {
      device: "CMS",
      where: "MMP (SSH): xmpp callbridge add <unique call bridge name>",
      value: "prints the shared secret to declare in CmsXmppSettings.sharedSecret",
      why: "the Call Bridge authenticates to XMPP with this secret",
    },
    {
      device: "CMS",
      where:
        "MMP (SSH): xmpp multi_domain add <domain> <key> <crt> <bundle> (syntax inferred, see xmpp multi_domain list)",
      value: plan.externalDomain,
      why: "guests of the external domain must reach XMPP (the guide's dual domain)",
    },
  );
  return steps;
}

function expresswaySteps(plan: EdgePlan): ManualStep[] {
  const guestUri = hostOf(plan.expresswayC.guestAccountClientUri);
  const eFqdn = `${plan.expresswayE.hostName}.${plan.expresswayE.domain}`;
  const steps: ManualStep[] = [
    {
      device: "Expressway-C",
      where: "Configuration > Unified Communications > Cisco Meeting Server",
      value: `Meeting Server Web Proxy: Enable; Guest account client URI: ${guestUri}`,
      why: "the Expressway-C proxies the web bridge through the traversal zone (no REST path on any known release)",
    },
    {
      device: "Expressway-E",
      where: "System > Administration > Web server configuration > Web administrator port (restart)",
      value: String(plan.expresswayE.webAdminPort),
      why: "the web proxy needs TCP 443 on the Expressway-E; afterwards expresswayE:url must use this port",
    },
    {
      device: "Expressway-E",
      where: "Maintenance > Security > Server certificate (generate CSR, subject alternative names)",
      value: plan.expresswayE.certificateSans.join(", "),
      why: "browsers refuse the join page (insecure connection) unless the join name is a SAN",
    },
    {
      device: "Expressway-E",
      where: "CLI: xConfiguration Traversal Server TURN ProtocolMode",
      value: "Both",
      why: "TURN over TCP (RFC 6062) carries Skype for Business content with CMS; only the CLI sets it",
    },
  ];
  const version = plan.expresswayE.version;
  if (version !== undefined && compareVersions(version, EXPRESSWAY_TURN_REST_SINCE) < 0) {
    const media = plan.expresswayE.turnMediaPorts ?? { start: 24000, end: 29999 };
    const realm = plan.expresswayE.turnRealm ? `; realm ${plan.expresswayE.turnRealm}` : "";
    steps.push({
      device: "Expressway-E",
      where: "Configuration > Traversal > TURN (no REST path before X8.11)",
      value:
        `TURN services On; TURN requests port ${plan.expresswayE.turnRequestsPort}; ` +
        `media ports ${media.start}-${media.end}${realm}`,
      why: `X${version} has no /api/provisioning/edge/traversal/turn, so ExpresswayTurn cannot manage it`,
    });
  }
  steps.push(
    {
      device: "DNS (internal)",
      where: "internal DNS server",
      value:
        `${hostOf(plan.cms.webBridgeUrls[0] ?? `https://cmsweb.${plan.internalDomain}`)} A <CMS address>; ` +
        `${guestUri} A <CMS web bridge address> (or SRV _cms-web._tls.${guestUri})`,
      why: 'the Expressway-C resolves the guest URI to the web bridge; an internal name gives "Bad Request"',
    },
    {
      device: "DNS (external)",
      where: "public DNS",
      value:
        `${guestUri} A ${plan.expresswayE.publicAddress}; ${eFqdn} A ${plan.expresswayE.publicAddress}; ` +
        `_collab-edge._tls.${plan.externalDomain} SRV 0 0 8443 ${eFqdn}`,
      why: "guests outside reach the join page and TURN through the Expressway-E",
    },
  );
  return steps;
}

/** The steps to do by hand, in the guide's order: CMS first, then the Expressways, then DNS. */
export function manualSteps(plan: EdgePlan): ManualStep[] {
  return [...cmsSteps(plan), ...expresswaySteps(plan)];
}
