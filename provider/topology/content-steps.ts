import { compareVersions } from "../schema/versions";
import type { ContentPlan } from "./content-plan";
import { EXPRESSWAY_TURN_REST_SINCE, type ManualStep } from "./manual-steps";

/**
 * The steps of the Skype for Business content system (Cisco TAC 212580) that no management
 * API does, with the values of the same plan the resources are declared from. Sources:
 * /work/shared/reference/skype_turn_tcp.md rows 8, 10-13 (Expressway admin guide X14.2,
 * CMS API reference, RFC 6062); docs/sources.md.
 */

function expresswaySteps(plan: ContentPlan): ManualStep[] {
  const e = plan.expresswayE;
  const steps: ManualStep[] = [
    {
      device: "Expressway-E",
      where: "CLI (SSH as admin): xConfiguration Traversal Server TURN ProtocolMode",
      value: e.turnProtocolMode,
      why:
        "TCP relays (RFC 6062) are allowed only when ProtocolMode is TCP or Both, and only the CLI sets it; " +
        "otherwise CMS's TCP Allocate gets 442 and SfB content never arrives",
    },
  ];
  if (e.version !== undefined && compareVersions(e.version, EXPRESSWAY_TURN_REST_SINCE) < 0) {
    steps.push(
      {
        device: "Expressway-E",
        where: "Configuration > Traversal > TURN (no REST path before X8.11)",
        value:
          `TURN services On; requests port ${e.turnRequestsPort}; realm ${e.turnRealm}; ` +
          `media ports ${e.turnMediaPorts.start}-${e.turnMediaPorts.end}`,
        why: `X${e.version} has no /api/provisioning/edge/traversal/turn, so ExpresswayTurn cannot manage it`,
      },
      {
        device: "Expressway-E",
        where: "Maintenance > Option keys",
        value: "TURN Relays option key",
        why: "before X8.11 every TURN relay needs a licence; without the key no relay is allocated",
      },
    );
  }
  steps.push({
    device: "Expressway-E",
    where: "Configuration > Traversal > TURN: restart TURN services",
    value: "TURN services Off, then On",
    why: "TURN settings changed while the services run take effect only after a restart",
  });
  return steps;
}

function cmsSteps(plan: ContentPlan): ManualStep[] {
  return [
    {
      device: "CMS",
      where: "MMP (SSH): callbridge certs <key> <crt> <bundle>; callbridge listen a; callbridge restart",
      value: `certificate with subject ${plan.cms.fqdn}, signed by a CA the SfB servers trust`,
      why: "the SfB front end accepts the CMS trunk only over mutual TLS with a certificate it trusts",
    },
  ];
}

function sfbSteps(plan: ContentPlan): ManualStep[] {
  const { cms, sfb } = plan;
  return [
    {
      device: "Skype for Business",
      where: "SfB Management Shell: New-CsTrustedApplicationPool; New-CsTrustedApplication; Enable-CsTopology",
      value:
        `New-CsTrustedApplicationPool -Identity ${cms.fqdn} -Registrar ${sfb.frontEndPool} -Site ${sfb.site} ` +
        "-RequiresReplication $false -ThrottleAsServer $true -TreatAsAuthenticated $true; " +
        `New-CsTrustedApplication -ApplicationId cms -TrustedApplicationPoolFqdn ${cms.fqdn} -Port 5061`,
      why: "the front end trusts SIP from the CMS only as a trusted application (otherwise 403 on the trunk)",
    },
    {
      device: "Skype for Business",
      where: "SfB Management Shell: New-CsStaticRoute; Set-CsStaticRoutingConfiguration",
      value:
        `$r = New-CsStaticRoute -TLSRoute -Destination ${cms.fqdn} -Port 5061 -MatchUri ${cms.domain} ` +
        "-UseDefaultCertificate $true; Set-CsStaticRoutingConfiguration -Identity global -Route @{Add=$r}",
      why: `SfB users' calls to @${cms.domain} reach the CMS only through this route`,
    },
    {
      device: "Skype for Business",
      where: "every SfB front-end and Edge server: Trusted Root Certification Authorities",
      value: `the root CA that signed the CMS certificate (${cms.fqdn})`,
      why: "without it the TLS handshake on the trunk fails and no call, hence no content, is set up",
    },
  ];
}

function networkSteps(plan: ContentPlan): ManualStep[] {
  const { cms, expresswayE: e, sfb } = plan;
  return [
    {
      device: "DNS (external)",
      where: "public DNS of the CMS domain (federation)",
      value: `_sipfederationtls._tcp.${cms.domain} SRV 0 0 5061 ${cms.fqdn}; ${cms.fqdn} A <public address of the CMS>`,
      why: `SfB Edge servers of other organisations find the CMS for @${cms.domain} by this record`,
    },
    {
      device: "Firewall",
      where: "between the SfB Edge (and SfB clients outside) and the Expressway-E",
      value:
        `TURN ${e.address}:${e.turnRequestsPort} UDP and TCP; ` +
        `relays ${e.turnMediaPorts.start}-${e.turnMediaPorts.end} UDP and TCP; ` +
        `from the CMS ${cms.address} to ${e.address}:${e.turnRequestsPort} TCP`,
      why: `content from ${sfb.domain} flows SfB Edge -> Expressway-E TCP relay -> CMS; a closed port loses it`,
    },
  ];
}

/** The steps to do by hand: the Expressway-E's TURN first (the one the APIs cannot show), then CMS, SfB, network. */
export function contentManualSteps(plan: ContentPlan): ManualStep[] {
  return [...expresswaySteps(plan), ...cmsSteps(plan), ...sfbSteps(plan), ...networkSteps(plan)];
}
