import * as pulumi from "@pulumi/pulumi";
import {
  CmsCallLegProfile,
  CmsCallMatch,
  CmsOutboundRule,
  CmsSystemProfiles,
  CmsTurnServer,
  ExpresswayCredential,
  ExpresswayTurn,
} from "../../provider";
import { assertContentPlan, contentManualSteps } from "../../provider/topology";
import { knownConfigValue } from "../dual-domain/known-config-value";
import { contentPlanOf } from "./content-plan";
import { readContentSettings } from "./settings";

/**
 * CMS presentation sharing with Skype for Business through the Expressway-E as CMS's TURN
 * server over TCP (Cisco TAC 212580). Every part a management API can do is declared here;
 * the others (ProtocolMode, certificates, the SfB side, DNS and firewall) are exported as
 * `manualSteps`. Values are the document's, each overridable by stack config (settings.ts,
 * README "Config keys"). The addresses below are data written into the devices'
 * configuration; the provider only talks to the device profiles' URLs (cms:url, expresswayE:url).
 */

export = async () => {
  const config = new pulumi.Config();
  const s = readContentSettings((key) => config.get(key));
  const turnPassword = config.requireSecret("turnPassword");

  // The system's failure modes, checked before any resource is declared: no device is contacted.
  const plan = contentPlanOf(s, await knownConfigValue(turnPassword));
  for (const warning of assertContentPlan(plan, s.waiveRules)) void pulumi.log.warn(warning);
  void pulumi.log.info(
    `CMS ${s.cmsVersion}: TURN server type "${s.turn.cmsServerType}" (${s.turn.cmsServerTypeReason}); ` +
      `${s.lyncSimpleJoin ? "Lync simple join declared (2.2+)" : "no Lync simple join (before 2.2)"}; ` +
      `Expressway ${s.expresswayVersion}: ` +
      `${s.turn.managed ? "TURN managed through its REST path" : "TURN is a manual step (no REST path)"}.`,
  );

  // Expressway-E: the TURN user CMS allocates with, and TURN itself (X8.11+; before, a manual step).
  const turnUser = new ExpresswayCredential("turn-user", { name: s.turn.username, password: turnPassword });
  const turnService = s.turn.managed
    ? new ExpresswayTurn("expressway-turn", {
        services: true,
        requestsPort: s.turn.requestsPort,
        authenticationRealm: s.turn.realm,
        mediaPortRangeStart: s.turn.mediaPortStart,
        mediaPortRangeEnd: s.turn.mediaPortEnd,
      })
    : undefined;

  // CMS: the Expressway-E as TURN server for TCP media (SfB content), the outbound rule to SfB,
  // call matching for the CMS domain with Lync join, and presentation allowed for everyone.
  const turn = new CmsTurnServer("turn", {
    serverAddress: s.expresswayE.address,
    clientAddress: s.expresswayE.address,
    username: turnUser.name,
    password: turnPassword,
    type: s.turn.cmsServerType,
    tcpPortNumberOverride: s.turn.cmsTcpPort,
  });
  const toSkype = new CmsOutboundRule("outbound-sfb", {
    domain: s.sfb.domain,
    priority: s.outbound.priority,
    sipProxy: s.sfb.pool,
    trunkType: "lync",
    sipControlEncryption: s.outbound.encryption,
    localContactDomain: s.cms.fqdn,
  });
  const match = new CmsCallMatch("match-cms", {
    domain: s.cms.domain,
    priority: s.callMatchPriority,
    resolveToCoSpaces: true,
    resolveToLyncConferences: true,
    ...(s.lyncSimpleJoin ? { resolveToLyncSimplejoin: true } : {}),
  });
  const presentation = new CmsCallLegProfile("presentation", {
    name: s.profileName,
    presentationContributionAllowed: true,
    presentationViewingAllowed: true,
    sipPresentationChannelEnabled: true,
    bfcpMode: "serverOnly",
  });
  const systemProfiles = new CmsSystemProfiles("system-profiles", { callLegProfile: presentation.id });

  return {
    cmsVersion: s.cmsVersion,
    expresswayVersion: s.expresswayVersion,
    turnServerId: turn.id,
    outboundRuleId: toSkype.id,
    callMatchId: match.id,
    callLegProfileId: presentation.id,
    systemProfiles: systemProfiles.id,
    expresswayTurn: turnService?.id ?? "manual step (no TURN REST path)",
    sfbDomain: s.sfb.domain,
    manualSteps: contentManualSteps(plan),
  };
};
