import * as pulumi from "@pulumi/pulumi";
import {
  CmsCallMatch,
  CmsSpace,
  CmsTurnServer,
  ExpresswayCredential,
  ExpresswayDomain,
  ExpresswayZone,
} from "../../provider";

/**
 * Proxy WebRTC over Expressway with dual domain (Cisco TAC documents 211301 / 210800):
 * internal domain octavio.local (CMS at cms.octavio.local), external domain octavio.com.
 * The device addresses below are data written into the devices' configuration; the
 * provider only ever talks to the management URLs of the device profiles
 * (cms:url, expresswayC:url, expresswayE:url).
 */

const config = new pulumi.Config();
const internalDomain = config.get("internalDomain") ?? "octavio.local";
const externalDomain = config.get("externalDomain") ?? "octavio.com";
const expresswayEInsideAddress = config.get("expresswayEInsideAddress") ?? "172.16.85.168";
const expresswayEPublicAddress = config.get("expresswayEPublicAddress") ?? "10.88.246.156";
const expresswayEFqdn = config.get("expresswayEFqdn") ?? `vcse.${externalDomain}`;
const expresswayCFqdn = config.get("expresswayCFqdn") ?? `vcsc.${internalDomain}`;
const joinHost = config.get("joinHost") ?? `join.${externalDomain}`;
const turnPassword = config.requireSecret("turnPassword");
const traversalPassword = config.requireSecret("traversalPassword");
const spacePasscode = config.getSecret("spacePasscode");

// Expressway-E: local authentication database (TURN user for CMS, traversal user for the C side).
const turnUser = new ExpresswayCredential("turn-user", { name: "turnuser", password: turnPassword });
const traversalUser = new ExpresswayCredential("traversal-user", { name: "Tuser", password: traversalPassword });

// Expressway-E: Unified Communications traversal server zone; it authenticates the C side as Tuser.
const serverZone = new ExpresswayZone("ut-zone-server", {
  side: "server",
  name: "UT Zone",
  authenticationUsername: traversalUser.name,
  sipPort: 7001,
  tlsVerifySubjectName: expresswayCFqdn,
});

// Expressway-C: both domains, and the traversal client zone towards the E side.
const internal = new ExpresswayDomain("domain-internal", { name: internalDomain, sip: true });
const external = new ExpresswayDomain("domain-external", { name: externalDomain, sip: true });
const clientZone = new ExpresswayZone(
  "ut-zone-client",
  {
    side: "client",
    name: "UT Zone",
    peerAddresses: [expresswayEFqdn],
    authenticationUsername: traversalUser.name,
    authenticationPassword: traversalPassword,
    sipPort: serverZone.sipPort.apply((port) => port ?? 7001),
    hopCount: 15,
  },
  { dependsOn: [serverZone] },
);

// CMS: TURN through the Expressway-E, the space guests join, and call matching for both domains.
const turn = new CmsTurnServer("turn", {
  serverAddress: expresswayEInsideAddress,
  clientAddress: expresswayEPublicAddress,
  username: turnUser.name,
  password: turnPassword,
  type: "expressway",
  tcpPortNumberOverride: 3478,
});
const space = new CmsSpace("proxy-webrtc", {
  name: "Proxy webRTC",
  uri: "proxywebrtc",
  callId: "100101",
  ...(spacePasscode ? { passcode: spacePasscode } : {}),
});
const matchInternal = new CmsCallMatch("match-internal", {
  domain: `cms.${internalDomain}`,
  priority: 10,
  resolveToCoSpaces: true,
});
const matchExternal = new CmsCallMatch("match-external", {
  domain: externalDomain,
  priority: 10,
  resolveToCoSpaces: true,
});

export const turnServerId = turn.id;
export const spaceId = space.id;
export const callMatchIds = { internal: matchInternal.id, external: matchExternal.id };
export const expresswayDomains = [internal.name, external.name];
export const traversalZone = { client: clientZone.name, server: serverZone.name };
export const guestUrl = pulumi.interpolate`https://${joinHost}/meeting/${space.callId}`;
export const sipUri = pulumi.interpolate`${space.uri}@${externalDomain}`;
