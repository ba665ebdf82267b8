import * as pulumi from "@pulumi/pulumi";
import {
  CmsCallMatch,
  CmsSpace,
  CmsTurnServer,
  CmsWebBridge,
  CmsXmppSettings,
  ExpresswayCredential,
  ExpresswayDns,
  ExpresswayDomain,
  ExpresswayMra,
  ExpresswayTurn,
  ExpresswayZone,
  edgeHealth,
} from "../../provider";
import { assertEdgePlan, manualSteps } from "../../provider/topology";
import { edgePlanOf } from "./edge-plan";
import { knownConfigValue } from "./known-config-value";
import { expectedTunnelDomains, isCms3, readSettings } from "./settings";

/**
 * Proxy WebRTC over Expressway with dual domain (Cisco TAC 211301): internal domain
 * octavio.local (CMS at cms.octavio.local), external domain octavio.com, guests join at
 * cmsweb.octavio.com. Every configuration step of the guide that a management API can do
 * is declared here; the others are exported as `manualSteps` (docs/guide-steps.md maps
 * each step). Values are the guide's, each overridable by stack config (settings.ts,
 * docs/dual-domain.md "Config keys"). The device addresses below are data written into the devices'
 * configuration; the provider only ever talks to the device profiles' management URLs
 * (cms:url, expresswayC:url, expresswayE:url).
 */

export = async () => {
  const config = new pulumi.Config();
  const s = readSettings((key) => config.get(key));
  const turnPassword = config.requireSecret("turnPassword");
  const cmsTurnPassword = config.getSecret("cmsTurnPassword") ?? turnPassword;
  const traversalPassword = config.requireSecret("traversalPassword");
  const spacePasscode = config.getSecret("spacePasscode");
  const xmppSharedSecret = config.getSecret("xmppSharedSecret");

  // The guide's failure modes, checked on the same values before any resource is declared:
  // a broken configuration fails preview with the rule's message and no device is contacted.
  const planSecrets = {
    turnPassword: await knownConfigValue(turnPassword),
    cmsTurnPassword: await knownConfigValue(cmsTurnPassword),
    traversalPassword: await knownConfigValue(traversalPassword),
  };
  const plan = edgePlanOf(s, planSecrets);
  for (const warning of assertEdgePlan(plan, s.waiveRules)) void pulumi.log.warn(warning);
  // The release decides the shape of the stack: say which choice was made and why, on every run.
  void pulumi.log.info(
    `CMS ${s.cmsVersion}: TURN server type "${s.turn.cmsServerType}" (${s.turn.cmsServerTypeReason}); ` +
      `${s.xmpp ? "XMPP settings declared (2.x)" : "no XMPP (3.x)"}; Expressway ${s.expresswayVersion}: ` +
      `${s.turn.managed ? "TURN managed through its REST path" : "TURN is a manual step (no REST path)"}.`,
  );

  // Expressway-C: System > DNS, Unified Communications (MRA), both domains.
  const dnsC = new ExpresswayDns("dns-c", {
    systemHostName: s.expresswayC.hostName,
    domainName: s.internalDomain,
    servers: [...s.expresswayC.dnsServers],
  });
  const mraC = new ExpresswayMra("mra-c", { enabled: s.mraEnabled });
  const internal = new ExpresswayDomain("domain-internal", { name: s.internalDomain, sip: true });
  const external = new ExpresswayDomain("domain-external", { name: s.externalDomain, sip: true });

  // Expressway-E: System > DNS with the external domain (the guide's "Expressway-E has the
  // external domain"), MRA, TURN, the local users (TURN user for CMS, traversal user for the C side).
  const dnsE = new ExpresswayDns("dns-e", {
    profile: "expresswayE",
    systemHostName: s.expresswayE.hostName,
    domainName: s.externalDomain,
    ...(s.expresswayE.dnsServers.length > 0 ? { servers: [...s.expresswayE.dnsServers] } : {}),
  });
  const mraE = new ExpresswayMra("mra-e", { profile: "expresswayE", enabled: s.mraEnabled });
  const turnUser = new ExpresswayCredential("turn-user", { name: s.turn.username, password: turnPassword });
  const traversalUser = new ExpresswayCredential("traversal-user", {
    name: s.traversal.username,
    password: traversalPassword,
  });
  // Before X8.11 the TURN page has no REST path: manualSteps then lists it instead.
  const turnService = s.turn.managed
    ? new ExpresswayTurn("expressway-turn", {
        services: true,
        requestsPort: s.turn.requestsPort,
        authenticationRealm: s.turn.realm,
        mediaPortRangeStart: s.turn.mediaPortStart,
        mediaPortRangeEnd: s.turn.mediaPortEnd,
      })
    : undefined;

  // The UC traversal zone: server side on the E (authenticates the C side as Tuser), client side on the C.
  const serverZone = new ExpresswayZone("ut-zone-server", {
    side: "server",
    name: s.traversal.zoneName,
    authenticationUsername: traversalUser.name,
    sipPort: s.traversal.port,
    hopCount: s.traversal.hopCount,
    tlsVerifySubjectName: s.expresswayC.fqdn,
  });
  const clientZone = new ExpresswayZone(
    "ut-zone-client",
    {
      side: "client",
      name: s.traversal.zoneName,
      peerAddresses: [s.expresswayE.fqdn],
      authenticationUsername: traversalUser.name,
      authenticationPassword: traversalPassword,
      sipPort: s.traversal.port,
      hopCount: s.traversal.hopCount,
    },
    { dependsOn: [serverZone] },
  );

  // CMS: Configuration > General (XMPP on 2.x, the web bridge), TURN through the Expressway-E,
  // the space guests join, and call matching for the CMS domain and the external domain.
  const xmpp = s.xmpp
    ? new CmsXmppSettings("xmpp", {
        domain: s.cmsDomain,
        uniqueName: s.xmpp.uniqueName,
        serverAddressOverride: s.xmpp.serverAddress,
        ...(xmppSharedSecret ? { sharedSecret: xmppSharedSecret } : {}),
      })
    : undefined;
  const webBridge = new CmsWebBridge(
    "web-bridge",
    isCms3(s.cmsVersion)
      ? { url: s.webBridge.url }
      : {
          url: s.webBridge.url,
          idEntryMode: "secure",
          allowWeblinkAccess: true,
          showSignIn: true,
          resolveCoSpaceCallIds: true,
          resolveLyncConferenceIds: false,
        },
  );
  const turn = new CmsTurnServer("turn", {
    serverAddress: s.expresswayE.insideAddress,
    clientAddress: s.expresswayE.publicAddress,
    username: turnUser.name,
    password: cmsTurnPassword,
    type: s.turn.cmsServerType,
    tcpPortNumberOverride: s.turn.cmsTcpPort,
  });
  const space = new CmsSpace("proxy-webrtc", {
    name: s.space.name,
    uri: s.space.uri,
    callId: s.space.callId,
    ...(spacePasscode ? { passcode: spacePasscode } : {}),
  });
  const matchInternal = new CmsCallMatch("match-internal", {
    domain: s.cmsDomain,
    priority: s.callMatchPriority,
    resolveToCoSpaces: true,
  });
  const matchExternal = new CmsCallMatch("match-external", {
    domain: s.externalDomain,
    priority: s.callMatchPriority,
    resolveToCoSpaces: true,
  });

  return {
    // The guide's Verify section, read from the devices after up when config `verify` is true
    // (never in preview; off by default so that a no-op up stays at zero requests).
    health: edgeHealth({
      enabled: s.verify,
      after: [turn, webBridge, clientZone, dnsE],
      tunnelDomains: expectedTunnelDomains(s),
      // TAC 212580's TCP relay check, from this machine, at the address config turnCheckAddress names
      // (HOST or HOST:PORT; never the inside address CMS uses, which this machine may not reach). Unset: skipped.
      turnCheck: {
        address: config.get("turnCheckAddress"),
        password: planSecrets.cmsTurnPassword,
        mediaRange: { start: s.turn.mediaPortStart, end: s.turn.mediaPortEnd },
      },
    }),
    cmsVersion: s.cmsVersion,
    expresswayVersion: s.expresswayVersion,
    turnServerType: { type: s.turn.cmsServerType, why: s.turn.cmsServerTypeReason },
    turnServerId: turn.id,
    spaceId: space.id,
    webBridgeId: webBridge.id,
    callMatchIds: { internal: matchInternal.id, external: matchExternal.id },
    expresswayDomains: [internal.name, external.name],
    traversalZone: { client: clientZone.name, server: serverZone.name },
    settings: {
      expresswayC: { dns: dnsC.id, mra: mraC.id },
      expresswayE: { dns: dnsE.id, mra: mraE.id, turn: turnService?.id ?? "manual step (no TURN REST path)" },
      cms: { xmpp: xmpp?.id ?? "none (CMS 3.x has no XMPP)" },
    },
    // Guests open the external web bridge name and enter the space's call id.
    guestUrl: `https://${s.webBridge.externalHost}`,
    guestCallId: s.space.callId,
    sipUri: pulumi.interpolate`${space.uri}@${s.cmsDomain}`,
    sipUriExternal: pulumi.interpolate`${space.uri}@${s.externalDomain}`,
    manualSteps: manualSteps(plan),
  };
};
