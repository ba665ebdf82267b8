import { allDescriptions } from "../../provider/schema";
import { cmsDtmfProfile } from "../../provider/schema/cms-tenancy";
import { UNKNOWN } from "../../provider/unknown";
import { provider, useTestDevices } from "../support/test-devices";

/**
 * Bad inputs across every resource: each is refused by `check` with a message that
 * names the field, the value (never a secret's) and what is allowed, and not one
 * request reaches a device.
 */

const turn = {
  serverAddress: "172.16.85.168",
  clientAddress: "10.88.246.156",
  username: "turnuser",
  password: "pw-1",
  type: "expressway",
  tcpPortNumberOverride: 3478,
};
const space = { name: "Proxy webRTC", uri: "proxywebrtc", callId: "100101", passcode: "1234" };
const match = { domain: "octavio.com", priority: 10 };
const domain = { name: "octavio.local", sip: true };
const clientZone = {
  side: "client",
  name: "UT Zone",
  peerAddresses: ["vcse.octavio.com"],
  authenticationUsername: "Tuser",
  authenticationPassword: "pw-2",
  sipPort: 7001,
  hopCount: 15,
};
const serverZone = {
  side: "server",
  name: "UT Zone",
  authenticationUsername: "Tuser",
  tlsVerifySubjectName: "vcsc.octavio.local",
};
const credential = { name: "turnuser", password: "pw-3" };
const webBridge = { url: "https://cms.octavio.local" };
const xmpp = { domain: "cms.octavio.local" };
const dns = { systemHostName: "vcsc" };
const mra = { enabled: true };
const turnSettings = { services: true };
const outbound = { domain: "skype.octavio.com", trunkType: "lync", sipControlEncryption: "encrypted" };
const legProfile = { name: "Skype content", presentationContributionAllowed: true };
const callProfile = { participantLimit: 100 };
const systemProfiles = {};
const searchRule = { name: "To CMS", targetName: "CMS" };
const transform = { priority: 10, patternString: "(.*)@octavio\\.local" };
const neighborZone = { name: "CMS", peerAddresses: ["cms.octavio.local"] };
const cucm = { publisher: "cucm.octavio.local", axlUsername: "axluser", axlPassword: "pw-1" };
const tenant = { name: "Octavio" };
const dtmf = { muteSelfAudio: "*1" };
/** Every DTMF key sequence field, each with one of the ways a sequence can be wrong. */
const DTMF_MISTAKES: readonly (readonly [unknown, RegExp])[] = [
  ["*A", /"\*A" .*DTMF keys 0-9, \* and #/],
  ["1 2", /"1 2" .*DTMF keys/],
  ["", /"" .*1 to 32 characters/],
  ["#".repeat(33), /1 to 32 characters are allowed \(got 33\)/],
  [12, /12 .*a string is required/],
];
const forwarding = { matchPattern: "partner.example.com", action: "forward" };
const ldapServer = { address: "dc1.octavio.local", portNumber: 636, secure: true, password: "pw-1" };
const ldapMapping = { jidMapping: "$sAMAccountName$@octavio.com" };
const ldapSource = {
  server: "7f3c9a2e-5b1d-4c8e-9a6f-2d4e8b1c0a35",
  mapping: "7f3c9a2e-5b1d-4c8e-9a6f-2d4e8b1c0a36",
  baseDn: "ou=Users,dc=octavio,dc=local",
};
const SPACE_ID = "3f2c9a2e-5b1d-4c8e-9a6f-2d4e8b1c0a35";
const accessMethod = { space: SPACE_ID, uri: "team.guest", callId: "100102" };
const member = { space: SPACE_ID, userJid: "alice@octavio.com" };
const PERMISSIONS = [
  "canDestroy",
  "canAddRemoveMember",
  "canChangeName",
  "canChangeUri",
  "canChangeCallId",
  "canChangePasscode",
  "canPostMessage",
  "canRemoveSelf",
  "canDeleteAllMessages",
  "canChangeNonMemberAccessAllowed",
];

type Case = readonly [resource: string, base: Record<string, unknown>, field: string, value: unknown, expected: RegExp];

const cases: readonly Case[] = [
  ["CmsTurnServer", turn, "serverAddress", "172.16.85.300", /"172\.16\.85\.300".*not a valid IPv4 address/],
  ["CmsTurnServer", turn, "serverAddress", "1.2.3", /"1\.2\.3".*not a valid IPv4 address/],
  ["CmsTurnServer", turn, "clientAddress", "fe80::1::2", /"fe80::1::2".*not a valid IPv6 address/],
  ["CmsTurnServer", turn, "clientAddress", "vcse..octavio.com", /"vcse\.\.octavio\.com".*host name/],
  ["CmsTurnServer", turn, "serverAddress", "-vcse.octavio.com", /"-vcse\.octavio\.com".*host name/],
  ["CmsTurnServer", turn, "serverAddress", "vcse.octavio.com ", /"vcse\.octavio\.com ".*white space/],
  ["CmsTurnServer", turn, "serverAddress", "vсse.octavio.com", /"vсse\.octavio\.com".*look-alike Unicode/],
  ["CmsTurnServer", turn, "tcpPortNumberOverride", 0, /tcpPortNumberOverride 0 .*from 1 to 65535/],
  ["CmsTurnServer", turn, "tcpPortNumberOverride", 65536, /tcpPortNumberOverride 65536 .*from 1 to 65535/],
  ["CmsTurnServer", turn, "tcpPortNumberOverride", 3478.5, /3478\.5 .*whole number from 1 to 65535/],
  ["CmsTurnServer", turn, "tcpPortNumberOverride", "3478", /"3478" .*whole number/],
  ["CmsTurnServer", turn, "type", "Expressway", /"Expressway" .*one of standard, acano, cms, expressway, lyncEdge/],
  ["CmsTurnServer", turn, "password", "", /password \(secret value\) .*1 to 128 characters/],
  ["CmsTurnServer", turn, "serverAddress", undefined, /serverAddress is required/],
  [
    "CmsTurnServer",
    turn,
    "udpPortNumberOverride",
    3478,
    /no property "udpPortNumberOverride" \(did you mean "tcpPortNumberOverride"\?\).*Allowed: serverAddress/,
  ],
  ["CmsSpace", space, "callId", "10010a", /callId "10010a" .*1 to 19 decimal digits/],
  ["CmsSpace", space, "callId", "12345678901234567890", /"12345678901234567890" .*1 to 19 characters/],
  ["CmsSpace", space, "callId", 100101, /callId 100101 .*a string is required/],
  ["CmsSpace", space, "uri", "proxy webrtc", /uri "proxy webrtc" .*white space/],
  ["CmsSpace", space, "uri", "proxywebrtc@octavio.com", /"proxywebrtc@octavio\.com" .*without '@domain'/],
  ["CmsSpace", space, "uri", "", /uri "" .*1 to 200 characters/],
  ["CmsSpace", space, "uri", "prоxywebrtc", /"prоxywebrtc" .*look-alike Unicode/],
  ["CmsSpace", space, "passcode", "12ab", /passcode \(secret value\) .*decimal digits/],
  ["CmsSpace", space, "defaultLayout", "grid", /"grid" .*one of allEqual, speakerOnly/],
  ["CmsSpace", space, "nonMemberAccess", "yes", /nonMemberAccess "yes" .*true or false/],
  ["CmsSpace", space, "tenant", "sales", /tenant "sales" .*a tenant id/],
  ["CmsSpace", space, "callProfile", "default", /callProfile "default" .*a call profile id/],
  ["CmsSpace", space, "callLegProfile", "host", /callLegProfile "host" .*a call leg profile id/],
  ["CmsSpace", space, "ownerJid", "alice", /ownerJid "alice" .*a user JID, user@domain/],
  ["CmsSpace", space, "requireCallId", "yes", /requireCallId "yes" .*true or false/],
  ["CmsAccessMethod", accessMethod, "space", "team", /space "team" .*a space id/],
  ["CmsAccessMethod", accessMethod, "space", undefined, /space.*required/i],
  ["CmsAccessMethod", accessMethod, "uri", "team guest", /uri "team guest" .*white space/],
  ["CmsAccessMethod", accessMethod, "callId", "10010a", /callId "10010a" .*1 to 19 decimal digits/],
  ["CmsAccessMethod", accessMethod, "passcode", "12ab", /passcode \(secret value\) .*decimal digits/],
  ["CmsAccessMethod", accessMethod, "callLegProfile", "guest", /callLegProfile "guest" .*a call leg profile id/],
  ["CmsAccessMethod", accessMethod, "scope", "hidden", /scope "hidden" .*one of public, private/],
  ["CmsAccessMethod", accessMethod, "importance", -1, /importance -1 .*0 to 2147483647/],
  ["CmsSpaceMember", member, "space", "", /space "" .*1 to 36 characters/],
  ["CmsSpaceMember", member, "userJid", "alice", /userJid "alice" .*a user JID, user@domain/],
  ["CmsSpaceMember", member, "callLegProfile", "guest", /callLegProfile "guest" .*a call leg profile id/],
  ...PERMISSIONS.map(
    (name): Case => ["CmsSpaceMember", member, name, "yes", new RegExp(`${name} "yes" .*true or false`)],
  ),
  ["CmsSpace", space, "name", "x".repeat(201), /name "x+\.\.\." .*1 to 200 characters are allowed \(got 201\)/],
  ["CmsSpace", space, "cdrTag", "t".repeat(101), /cdrTag .*1 to 100 characters are allowed \(got 101\)/],
  ["CmsCallMatch", match, "domain", "*.octavio.com", /"\*\.octavio\.com" .*wildcards are not allowed/],
  ["CmsCallMatch", match, "domain", "", /domain "" .*1 to 253 characters/],
  ["CmsCallMatch", match, "domain", "octavio", /"octavio" .*complete DNS domain/],
  ["CmsCallMatch", match, "domain", "octavio.com.", /"octavio\.com\." .*complete DNS domain/],
  ["CmsCallMatch", match, "domain", "octavio.123", /"octavio\.123" .*last label starts with a letter/],
  ["CmsCallMatch", match, "domain", "octаvio.com", /"octаvio\.com" .*look-alike Unicode/],
  ["CmsCallMatch", match, "priority", -1, /priority -1 .*from 0 to 2147483647/],
  ["CmsCallMatch", match, "priority", 1.5, /priority 1\.5 .*whole number/],
  ["CmsCallMatch", match, "resolveToCoSpaces", "true", /resolveToCoSpaces "true" .*true or false/],
  ["CmsCallMatch", match, "tenant", "not-a-uuid", /tenant "not-a-uuid" .*tenant id \(lower-case UUID\)/],
  ["ExpresswayDomain", domain, "name", "*.octavio.local", /"\*\.octavio\.local" .*wildcards are not allowed/],
  ["ExpresswayDomain", domain, "name", "octavio_local.com", /"octavio_local\.com" .*complete DNS domain/],
  ["ExpresswayDomain", domain, "sip", "On", /sip "On" .*true or false/],
  ["ExpresswayZone", clientZone, "side", "both", /side "both" .*one of client, server/],
  ["ExpresswayZone", clientZone, "hopCount", 0, /hopCount 0 .*from 1 to 255/],
  ["ExpresswayZone", clientZone, "hopCount", 256, /hopCount 256 .*from 1 to 255/],
  ["ExpresswayZone", clientZone, "sipPort", 65536, /sipPort 65536 .*from 1 to 65535/],
  ["ExpresswayZone", clientZone, "peerAddresses", [], /peerAddresses \[\] .*1 to 6 entries are allowed \(got 0\)/],
  [
    "ExpresswayZone",
    clientZone,
    "peerAddresses",
    [
      "a.octavio.com",
      "b.octavio.com",
      "c.octavio.com",
      "d.octavio.com",
      "e.octavio.com",
      "f.octavio.com",
      "g.octavio.com",
    ],
    /1 to 6 entries are allowed \(got 7\)/,
  ],
  [
    "ExpresswayZone",
    clientZone,
    "peerAddresses",
    ["vcse.octavio.com", "300.1.1.1"],
    /entry 1 \("300\.1\.1\.1"\): not a valid IPv4 address/,
  ],
  [
    "ExpresswayZone",
    clientZone,
    "authenticationMode",
    "NoCheck",
    /"NoCheck" .*one of DoNotCheckCredentials, TreatAsAuthenticated, CheckCredentials/,
  ],
  ["ExpresswayZone", clientZone, "acceptProxiedRegistrations", "allow", /"allow" .*one of Allow, Deny/],
  [
    "ExpresswayZone",
    clientZone,
    "tlsVerifySubjectName",
    "vcsc.octavio.local",
    /"tlsVerifySubjectName" does not apply to a ExpresswayZone with side "client"/,
  ],
  [
    "ExpresswayZone",
    clientZone,
    "name",
    "z".repeat(1025),
    /name "z+\.\.\." .*1 to 1024 characters are allowed \(got 1025\)/,
  ],
  ["ExpresswayZone", clientZone, "authenticationUsername", "T user", /"T user" .*without white space/],
  ["ExpresswayZone", serverZone, "tlsVerifySubjectName", undefined, /tlsVerifySubjectName is required/],
  ["ExpresswayCredential", credential, "name", "turn user", /"turn user" .*without white space/],
  ["CmsTurnServer", turn, "username", "u".repeat(129), /username "u+\.\.\." .*1 to 128 characters/],
  ["CmsSpace", space, "secondaryUri", "room@octavio.com", /secondaryUri "room@octavio\.com" .*without '@domain'/],
  ["CmsCallMatch", match, "resolveToIvrs", "no", /resolveToIvrs "no" .*true or false/],
  ["CmsCallMatch", match, "resolveToUsers", 0, /resolveToUsers 0 .*true or false/],
  ["CmsCallMatch", match, "resolveToLyncConferences", "on", /resolveToLyncConferences "on" .*true or false/],
  ["CmsCallMatch", match, "resolveToLyncSimplejoin", "off", /resolveToLyncSimplejoin "off" .*true or false/],
  ["ExpresswayDomain", domain, "edgeSip", "Off", /edgeSip "Off" .*true or false/],
  ["ExpresswayDomain", domain, "edgeXmpp", 1, /edgeXmpp 1 .*true or false/],
  ["ExpresswayDomain", domain, "xmppFederation", "On", /xmppFederation "On" .*true or false/],
  ["ExpresswayZone", clientZone, "authenticationPassword", "", /authenticationPassword \(secret value\) .*1 to 128/],
  ["ExpresswayZone", clientZone, "iceSupport", "On", /iceSupport "On" .*true or false/],
  ["ExpresswayZone", clientZone, "multistream", "Off", /multistream "Off" .*true or false/],
  ["ExpresswayZone", clientZone, "poisonMode", 1, /poisonMode 1 .*true or false/],
  ["ExpresswayZone", clientZone, "preloadedSipRoutes", "yes", /preloadedSipRoutes "yes" .*true or false/],
  ["ExpresswayZone", clientZone, "parameterPreservation", "no", /parameterPreservation "no" .*true or false/],
  ["ExpresswayZone", clientZone, "retryInterval", 0, /retryInterval 0 .*from 1 to 65535/],
  ["ExpresswayCredential", credential, "name", "", /name "" .*1 to 1024 characters/],
  [
    "ExpresswayCredential",
    credential,
    "password",
    "p".repeat(129),
    /password \(secret value\) .*1 to 128 characters are allowed \(got 129\)/,
  ],
  ["CmsWebBridge", webBridge, "url", "", /url "" .*1 to 255 characters/],
  ["CmsWebBridge", webBridge, "tenant", "tenant-1", /tenant "tenant-1" .*object id \(lower-case UUID\)/],
  ["CmsWebBridge", webBridge, "resourceArchive", "a".repeat(256), /resourceArchive "a+\.\.\." .*1 to 255/],
  ["CmsWebBridge", webBridge, "idEntryMode", "open", /idEntryMode "open" .*disabled, secure, legacy/],
  ["CmsWebBridge", webBridge, "allowWeblinkAccess", "yes", /allowWeblinkAccess "yes" .*true or false/],
  ["CmsWebBridge", webBridge, "showSignIn", 1, /showSignIn 1 .*true or false/],
  ["CmsWebBridge", webBridge, "resolveCoSpaceCallIds", "true", /resolveCoSpaceCallIds "true" .*true or false/],
  ["CmsWebBridge", webBridge, "resolveLyncConferenceIds", "no", /resolveLyncConferenceIds "no" .*true or false/],
  ["CmsWebBridge", webBridge, "webBridgeProfile", "ABC", /webBridgeProfile "ABC" .*object id/],
  ["CmsXmppSettings", xmpp, "uniqueName", "", /uniqueName "" .*1 to 255 characters/],
  ["CmsXmppSettings", xmpp, "domain", "*.octavio.local", /domain "\*\.octavio\.local" .*wildcard/],
  ["CmsXmppSettings", xmpp, "serverAddressOverride", "", /serverAddressOverride "" .*1 to 255/],
  ["CmsXmppSettings", xmpp, "sharedSecret", "s".repeat(256), /sharedSecret \(secret value\) .*1 to 255/],
  ["ExpresswayDns", dns, "systemHostName", "h".repeat(64), /systemHostName "h+\.\.\." .*63 characters/],
  ["ExpresswayDns", dns, "domainName", "d".repeat(254), /domainName "d+\.\.\." .*253 characters/],
  ["ExpresswayDns", dns, "requestsPortRange", "", /requestsPortRange "" .*1 to 64 characters/],
  ["ExpresswayDns", dns, "requestsPortRangeStart", 80, /requestsPortRangeStart 80 .*1024 to 65535/],
  ["ExpresswayDns", dns, "requestsPortRangeEnd", 70000, /requestsPortRangeEnd 70000 .*1024 to 65535/],
  ["ExpresswayDns", dns, "servers", ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5", "6.6.6.6"], /servers .*5/],
  ["ExpresswayDns", dns, "servers", ["172.16.85.300"], /servers .*"172\.16\.85\.300"/],
  ["ExpresswayMra", mra, "enabled", "On", /enabled "On" .*true or false/],
  ["ExpresswayMra", mra, "sso", "Off", /sso "Off" .*true or false/],
  ["ExpresswayTurn", turnSettings, "services", "On", /services "On" .*true or false/],
  ["ExpresswayTurn", turnSettings, "requestsPort", 80, /requestsPort 80 .*1024 to 65535/],
  ["ExpresswayTurn", turnSettings, "authenticationRealm", "", /authenticationRealm "" .*1 to 128/],
  ["ExpresswayTurn", turnSettings, "mediaPortRangeStart", 1000, /mediaPortRangeStart 1000 .*1024 to 65535/],
  ["ExpresswayTurn", turnSettings, "mediaPortRangeEnd", 65536, /mediaPortRangeEnd 65536 .*1024 to 65535/],
  ["ExpresswayTurn", turnSettings, "delegatedCredentialChecking", "yes", /delegatedCredentialChecking "yes"/],
  ["CmsOutboundRule", outbound, "domain", "skype octavio.com", /domain "skype octavio\.com" .*wildcards allowed/],
  ["CmsOutboundRule", outbound, "domain", undefined, /domain is required/],
  ["CmsOutboundRule", outbound, "priority", -1, /priority -1 .*0 to 2147483647/],
  ["CmsOutboundRule", outbound, "sipProxy", "", /sipProxy "" .*1 to 255 characters/],
  ["CmsOutboundRule", outbound, "trunkType", "skype", /trunkType "skype" .*one of sip, lync, avaya/],
  ["CmsOutboundRule", outbound, "localContactDomain", "*.octavio.com", /localContactDomain .*wildcard/],
  ["CmsOutboundRule", outbound, "localFromDomain", "octavio com", /localFromDomain "octavio com"/],
  ["CmsOutboundRule", outbound, "sipControlEncryption", "tls", /"tls" .*one of auto, encrypted, unencrypted/],
  ["CmsOutboundRule", outbound, "failureAction", "retry", /failureAction "retry" .*one of stop, continue/],
  ["CmsOutboundRule", outbound, "scope", "cluster", /scope "cluster" .*one of global, callBridge/],
  ["CmsOutboundRule", outbound, "callBridge", "cb1", /callBridge "cb1" .*a call bridge id/],
  ["CmsOutboundRule", outbound, "callBridgeGroup", "group", /callBridgeGroup "group" .*a call bridge group id/],
  ["CmsOutboundRule", outbound, "tenant", "T", /tenant "T" .*a tenant id/],
  ["CmsOutboundRule", outbound, "callRouting", "turn", /callRouting "turn" .*one of default, traversal/],
  ["CmsCallLegProfile", legProfile, "name", "", /name "" .*1 to 200 characters/],
  ["CmsCallLegProfile", legProfile, "presentationContributionAllowed", "yes", /"yes" .*true or false/],
  ["CmsCallLegProfile", legProfile, "presentationViewingAllowed", 1, /presentationViewingAllowed 1 .*true or false/],
  ["CmsCallLegProfile", legProfile, "needsActivation", "yes", /needsActivation "yes" .*true or false/],
  ["CmsCallLegProfile", legProfile, "sipPresentationChannelEnabled", "on", /"on" .*true or false/],
  ["CmsCallLegProfile", legProfile, "bfcpMode", "client", /bfcpMode "client" .*serverOnly, serverAndClient/],
  ["CmsCallLegProfile", legProfile, "presentationDisplayMode", "dual", /"dual" .*dualStream, singleStream/],
  ["CmsCallLegProfile", legProfile, "sipMediaEncryption", "on", /"on" .*optional, required, prohibited/],
  ["CmsCallLegProfile", legProfile, "qualityPresentation", "4k", /"4k" .*unrestricted, max1080p30, max720p5/],
  ["CmsCallProfile", callProfile, "participantLimit", 0, /participantLimit 0 .*1 to 10000/],
  ["CmsCallProfile", callProfile, "messageBoardEnabled", "no", /messageBoardEnabled "no" .*true or false/],
  ["CmsCallProfile", callProfile, "locked", "no", /locked "no" .*true or false/],
  ["CmsCallProfile", callProfile, "recordingMode", "on", /recordingMode "on" .*disabled, manual, automatic/],
  ["CmsCallProfile", callProfile, "streamingMode", "on", /streamingMode "on" .*disabled, manual, automatic/],
  ["CmsCallProfile", callProfile, "lyncConferenceMode", "dualHome", /"dualHome" .*dualHomeCluster/],
  ["CmsCallProfile", callProfile, "gatewayAudioCallOptimization", "no", /"no" .*true or false/],
  ["CmsSystemProfiles", systemProfiles, "callLegProfile", "Skype content", /"Skype content" .*call leg profile id/],
  ["CmsSystemProfiles", systemProfiles, "callProfile", "default", /callProfile "default" .*a call profile id/],
  ["CmsTenant", tenant, "name", "", /name "" .*1 to 200 characters/],
  ["CmsTenant", tenant, "name", undefined, /name is required/],
  ["CmsTenant", tenant, "tenantGroup", "group-1", /tenantGroup "group-1" .*a tenant group id/],
  ["CmsTenant", tenant, "callLegProfile", "Skype content", /"Skype content" .*a call leg profile id/],
  ["CmsTenant", tenant, "callProfile", "default", /callProfile "default" .*a call profile id/],
  ["CmsTenant", tenant, "dtmfProfile", "ABC", /dtmfProfile "ABC" .*a DTMF profile id/],
  ["CmsTenant", tenant, "ivrBrandingProfile", "ivr", /"ivr" .*an IVR branding profile id/],
  ["CmsTenant", tenant, "callBrandingProfile", "brand", /"brand" .*a call branding profile id/],
  ["CmsTenant", tenant, "participantLimit", 0, /participantLimit 0 .*1 to 100000/],
  ["CmsTenant", tenant, "userProfile", "users", /userProfile "users" .*a user profile id/],
  ...cmsDtmfProfile.fields.map(
    (field, i) => ["CmsDtmfProfile", dtmf, field.name, ...DTMF_MISTAKES[i % DTMF_MISTAKES.length]] as const,
  ),
  ["CmsForwardingRule", forwarding, "matchPattern", "*", /matchPattern "\*" .*not "\*" alone/],
  ["CmsForwardingRule", forwarding, "matchPattern", undefined, /matchPattern is required/],
  ["CmsForwardingRule", forwarding, "priority", -1, /priority -1 .*0 to 2147483647/],
  ["CmsForwardingRule", forwarding, "action", "drop", /action "drop" .*one of forward, reject/],
  ["CmsForwardingRule", forwarding, "destinationDomain", "*.example.net", /destinationDomain .*wildcard/],
  ["CmsForwardingRule", forwarding, "callerIdMode", "keep", /callerIdMode "keep" .*regenerate, preserve/],
  ["CmsForwardingRule", forwarding, "tenant", "T", /tenant "T" .*a tenant id/],
  ["CmsForwardingRule", forwarding, "uriParameters", "drop", /uriParameters "drop" .*discard, forward/],
  ["CmsLdapServer", ldapServer, "address", "dc 1", /address "dc 1"/],
  ["CmsLdapServer", ldapServer, "portNumber", 0, /portNumber 0 .*1 to 65535/],
  ["CmsLdapServer", ldapServer, "username", "", /username "" .*1 to 255 characters/],
  ["CmsLdapServer", ldapServer, "password", "", /password .*1 to 255 characters/],
  ["CmsLdapServer", ldapServer, "secure", undefined, /secure is required/],
  ["CmsLdapServer", ldapServer, "usePagedResults", "no", /usePagedResults "no" .*true or false/],
  ["CmsLdapMapping", ldapMapping, "jidMapping", undefined, /jidMapping is required/],
  ["CmsLdapMapping", ldapMapping, "nameMapping", "", /nameMapping "" .*1 to 255 characters/],
  ["CmsLdapMapping", ldapMapping, "cdrTagMapping", "", /cdrTagMapping "" .*1 to 255 characters/],
  ["CmsLdapMapping", ldapMapping, "authenticationIdMapping", "", /authenticationIdMapping "" .*1 to 255/],
  ["CmsLdapMapping", ldapMapping, "coSpaceNameMapping", "x".repeat(256), /coSpaceNameMapping .*1 to 255/],
  ["CmsLdapMapping", ldapMapping, "coSpaceUriMapping", "", /coSpaceUriMapping "" .*1 to 255 characters/],
  ["CmsLdapMapping", ldapMapping, "coSpaceSecondaryUriMapping", "", /coSpaceSecondaryUriMapping "" .*1 to 255/],
  ["CmsLdapMapping", ldapMapping, "coSpaceCallIdMapping", "", /coSpaceCallIdMapping "" .*1 to 255 characters/],
  ["CmsLdapSource", ldapSource, "server", "dc1", /server "dc1" .*an LDAP server id/],
  ["CmsLdapSource", ldapSource, "mapping", undefined, /mapping is required/],
  ["CmsLdapSource", ldapSource, "baseDn", "", /baseDn "" .*1 to 1024 characters/],
  ["CmsLdapSource", ldapSource, "filter", "", /filter "" .*1 to 1024 characters/],
  ["CmsLdapSource", ldapSource, "tenant", "T", /tenant "T" .*a tenant id/],
  ["CmsLdapSource", ldapSource, "userProfile", "basic", /userProfile "basic" .*a user profile id/],
  ["CmsLdapSource", ldapSource, "nonMemberAccess", "no", /nonMemberAccess "no" .*true or false/],
  ["CmsLdapSource", ldapSource, "syncOnChange", "yes", /syncOnChange "yes" .*true or false/],
  ["CmsSpace", space, "profile", "bad profile!", /profile "bad profile!" .*device profile name/],
  ["ExpresswayCredential", credential, "adopt", "yes", /adopt "yes" .*true, false or "andWriteSecrets" is required/],
  ["ExpresswaySearchRule", searchRule, "name", "", /name "" .*1 to 50 characters/],
  ["ExpresswaySearchRule", searchRule, "priority", 0, /priority 0 .*from 1 to 65534/],
  ["ExpresswaySearchRule", searchRule, "description", "d".repeat(65), /description .*0 to 64 characters .*got 65/],
  ["ExpresswaySearchRule", searchRule, "protocol", "SIP2", /protocol "SIP2" .*one of Any, SIP, H323/],
  ["ExpresswaySearchRule", searchRule, "source", "Zone", /source "Zone" .*one of Any, AllZones, LocalZone, Named/],
  ["ExpresswaySearchRule", searchRule, "sourceName", "s".repeat(51), /sourceName .*0 to 50 characters/],
  ["ExpresswaySearchRule", searchRule, "mustAuthenticateRequest", true, /mustAuthenticateRequest true .*Yes, No/],
  ["ExpresswaySearchRule", searchRule, "mode", "Any", /mode "Any" .*one of AnyAlias, AliasPatternMatch/],
  ["ExpresswaySearchRule", searchRule, "patternType", "regex", /patternType "regex" .*Exact, Prefix, Suffix, Regex/],
  ["ExpresswaySearchRule", searchRule, "patternString", 7, /patternString 7 .*a string is required/],
  ["ExpresswaySearchRule", searchRule, "patternBehavior", "Drop", /patternBehavior "Drop" .*one of Strip, Leave/],
  ["ExpresswaySearchRule", searchRule, "replaceString", "r".repeat(1025), /replaceString .*0 to 1024 characters/],
  ["ExpresswaySearchRule", searchRule, "onSuccessfulMatch", "Halt", /onSuccessfulMatch "Halt" .*Continue, Stop/],
  ["ExpresswaySearchRule", searchRule, "targetName", undefined, /targetName is required/],
  ["ExpresswaySearchRule", searchRule, "state", "On", /state "On" .*one of Enabled, Disabled/],
  ["ExpresswayTransform", transform, "priority", 65535, /priority 65535 .*from 1 to 65534/],
  ["ExpresswayTransform", transform, "description", 1, /description 1 .*a string is required/],
  ["ExpresswayTransform", transform, "patternType", "Glob", /patternType "Glob" .*Exact, Prefix, Suffix, Regex/],
  ["ExpresswayTransform", transform, "patternString", "", /patternString "" .*1 to 1024 characters/],
  ["ExpresswayTransform", transform, "patternBehavior", "Add", /patternBehavior "Add" .*AddPrefix, AddSuffix/],
  ["ExpresswayTransform", transform, "replaceString", ["x"], /replaceString \["x"\] .*a string is required/],
  ["ExpresswayTransform", transform, "state", "Disabled ", /state "Disabled " .*one of Enabled, Disabled/],
  ["ExpresswayNeighborZone", neighborZone, "name", "", /name "" .*1 to 50 characters/],
  ["ExpresswayNeighborZone", neighborZone, "peerAddresses", ["cms octavio"], /"cms octavio".*white space/],
  ["ExpresswayNeighborZone", neighborZone, "hopCount", 0, /hopCount 0 .*from 1 to 255/],
  ["ExpresswayNeighborZone", neighborZone, "sipMode", "On", /sipMode "On" .*true or false/],
  ["ExpresswayNeighborZone", neighborZone, "sipPort", 0, /sipPort 0 .*from 1 to 65535/],
  ["ExpresswayNeighborZone", neighborZone, "sipTransport", "tls", /sipTransport "tls" .*one of TLS, TCP, UDP/],
  ["ExpresswayNeighborZone", neighborZone, "h323Mode", "Off", /h323Mode "Off" .*true or false/],
  ["ExpresswayCucmServer", cucm, "publisher", "cucm..octavio.local", /"cucm\.\.octavio\.local".*host name/],
  ["ExpresswayCucmServer", cucm, "axlUsername", "", /axlUsername "" .*1 to 1024 characters/],
  ["ExpresswayCucmServer", cucm, "axlPassword", "", /axlPassword \(secret value\) .*1 to 1024 characters/],
  ["ExpresswayCucmServer", cucm, "tlsVerify", "On", /tlsVerify "On" .*true or false/],
  ["ExpresswayCucmServer", cucm, "aesGcm", 1, /aesGcm 1 .*true or false/],
  ["ExpresswayCucmServer", cucm, "sipUpdateForSessionRefresh", "no", /sipUpdateForSessionRefresh "no" .*true or false/],
  ["ExpresswayCucmServer", cucm, "icePassthrough", "off", /icePassthrough "off" .*true or false/],
];

const lab = useTestDevices();

test("the table holds a bad input for every field of every resource", () => {
  const covered = new Set(cases.map((c) => `${c[0]}.${c[2]}`));
  const missing = allDescriptions.flatMap((d) =>
    d.fields.filter((f) => !f.local && !covered.has(`${d.resource}.${f.name}`)).map((f) => `${d.resource}.${f.name}`),
  );
  expect(missing).toEqual([]);
});

test.each(cases.map((c) => [`${c[0]}.${c[2]} = ${JSON.stringify(c[3])?.slice(0, 40)}`, c] as const))(
  "%s is refused in check",
  async (_title, [resource, base, field, value, expected]) => {
    lab().clearRequests();
    const inputs: Record<string, unknown> = { ...base, [field]: value };
    if (value === undefined) delete inputs[field];
    const { failures } = await provider(resource).check({}, inputs);
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe(field);
    expect(failures[0].reason).toMatch(expected);
    for (const secret of ["pw-1", "pw-2", "pw-3"]) expect(failures[0].reason).not.toContain(secret);
    expect(lab().requestCount()).toBe(0);
  },
);

describe("Pulumi's unknown-value sentinel during preview", () => {
  test.each([
    ["CmsTurnServer", turn, "tcpPortNumberOverride"],
    ["CmsSpace", space, "callId"],
    ["ExpresswayZone", clientZone, "peerAddresses"],
    ["ExpresswayZone", clientZone, "authenticationUsername"],
  ] as const)(
    "%s.%s unknown passes check untouched and diffs as a change, with zero requests",
    async (resource, base, field) => {
      lab().clearRequests();
      const p = provider(resource);
      const { failures, inputs } = await p.check({}, { ...base, [field]: UNKNOWN });
      expect(failures).toEqual([]);
      expect(inputs[field]).toBe(UNKNOWN);
      // Realistic old values: what a create recorded (device URL, secrets as digests), which
      // diff as no change against the same known inputs; only the unknown makes a change.
      const known = (await p.check({}, base)).inputs;
      const created = await p.create(known);
      lab().clearRequests();
      expect((await p.diff(created.id, created.outs, known)).changes).toBe(false);
      const diff = await p.diff(created.id, created.outs, inputs);
      expect(diff.changes).toBe(true);
      expect(lab().requestCount()).toBe(0);
      await p.delete(created.id, created.outs);
    },
  );

  test("an unknown side selects no variant yet: nothing fails, every field is still checked and kept", async () => {
    const p = provider("ExpresswayZone");
    const { failures, inputs } = await p.check({}, { ...clientZone, side: UNKNOWN });
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({
      side: UNKNOWN,
      peerAddresses: ["vcse.octavio.com"],
      authenticationPassword: "pw-2",
      hopCount: 15,
    });
    const bad = await p.check({}, { ...clientZone, side: UNKNOWN, hopCount: 0 });
    expect(bad.failures).toEqual([expect.objectContaining({ property: "hopCount" })]);
  });
});

describe("device-side refusals check cannot foresee map to clear errors", () => {
  beforeEach(() => {
    lab().cms.reset();
    lab().expC.reset();
    lab().expE.reset();
  });

  test("a callId already used by another space names that space's id and the clash", async () => {
    const p = provider("CmsSpace");
    const first = await p.create((await p.check({}, space)).inputs);
    const other = (await p.check({}, { ...space, uri: "another-room" })).inputs;
    await expect(p.create(other)).rejects.toThrow(
      new RegExp(`CmsSpace: a space with callId "100101" already exists on .* as id "${first.id}"`),
    );
    expect(lab().cms.list("coSpaces")).toHaveLength(1);
  });

  test("a tenant that does not exist is a refusal naming it, not a vanished rule", async () => {
    const p = provider("CmsCallMatch");
    const created = await p.create((await p.check({}, match)).inputs);
    const tenant = "0f0e0d0c-0b0a-4908-8706-050403020100";
    // The emulator has no tenant with that id, so it refuses the reference as a real CMS does.
    const news = (await p.check({}, { ...match, tenant })).inputs;
    const error = await p.update(created.id, created.outs, news).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      new RegExp(
        "refused to update incoming call matching rule: tenantDoesNotExist: " +
          'field CmsCallMatch\\.tenant "0f0e0d0c-[^"]*" is not the id of',
      ),
    );
    expect(lab().cms.list("inboundDialPlanRules")).toHaveLength(1);
  });

  test("an Expressway-E refuses a domain, in the device's own words, naming the domain", async () => {
    const p = provider("ExpresswayDomain");
    const inputs = (await p.check({}, { ...domain, profile: "expresswayE" })).inputs;
    await expect(p.create(inputs)).rejects.toThrow(
      new RegExp(
        String.raw`Expressway "expresswayE" \(http://127\.0\.0\.1:\d+\) refused to create domain "octavio\.local": ` +
          "You cannot configure domains on an Expressway-E",
      ),
    );
  });
});
