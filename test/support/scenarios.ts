import type { PropertyMap } from "../../provider/described-provider";
import { descriptionFor } from "../../provider/schema";
import { fieldByName } from "../../provider/schema/types";

/** The description's example values (the dual-domain guide's) of the named fields. */
function examples(resource: string, ...names: readonly string[]): PropertyMap {
  const values: PropertyMap = {};
  for (const name of names) {
    const field = fieldByName(descriptionFor(resource), name);
    if (field?.example === undefined) throw new Error(`${resource}.${name} has no example`);
    values[name] = field.example;
  }
  return values;
}

/**
 * One scenario per resource kind: the inputs to create, each field to update in
 * place, an optional field to unset, an out-of-band drift, a bad input and a
 * device-side refusal. The lifecycle suite runs the same cases for every kind.
 * Written by field name (`ScenarioSpec`); the wire names come from the description.
 */
export interface Scenario {
  readonly resource: string;
  readonly create: PropertyMap;
  /** Wire fields expected on the device after create (write-only ones included: the emulators keep them). */
  readonly wire: Record<string, unknown>;
  /** field, new value, wire name, expected wire value */
  readonly updates: readonly (readonly [string, unknown, string, unknown])[];
  /**
   * An optional field present in `create`, its wire name, and the wire value after unset
   * (undefined = absent; the device default for a field that has one).
   */
  readonly unset?: readonly [string, string, unknown];
  /** Out-of-band wire change, the field it shows up in, and that field's value after refresh. */
  readonly drift: {
    readonly wire: Record<string, WireValue>;
    readonly field: string;
    readonly value: unknown;
  };
  readonly invalid: readonly [string, unknown, RegExp];
  /** Secret input values that must never appear in outputs. */
  readonly secrets: readonly string[];
  /**
   * Objects of other kinds to create first, one per field that refers to another object (`refersTo`):
   * `create` leaves those fields out, and each gets the id of its prerequisite (`withPrerequisites`).
   */
  readonly prerequisites: readonly Prerequisite[];
}

/** An object a scenario's field refers to: the field, the kind (its `refersTo`), and the inputs it is created with. */
export interface Prerequisite {
  readonly field: string;
  /** The field's wire name (where the device holds the id). */
  readonly wire: string;
  readonly resource: string;
  readonly create: PropertyMap;
}

/** The scenario's inputs (or `inputs`) with each prerequisite's id in its field; `ids` by field name. */
export function withPrerequisites(
  scenario: Scenario,
  ids: Readonly<Record<string, unknown>>,
  inputs: PropertyMap = scenario.create,
): PropertyMap {
  const missing = scenario.prerequisites.filter((p) => ids[p.field] === undefined).map((p) => p.field);
  if (missing.length > 0) throw new Error(`${scenario.resource}: no id for ${missing.join(", ")}`);
  return { ...inputs, ...Object.fromEntries(scenario.prerequisites.map((p) => [p.field, ids[p.field]])) };
}

type WireValue = string | number | string[];

/** A scenario as written: device values keyed by field name, never by wire name. */
interface ScenarioSpec {
  readonly resource: string;
  readonly create: PropertyMap;
  /** Device values expected after create, by field name. */
  readonly device: Record<string, unknown>;
  /** field, new value, expected device value */
  readonly updates: readonly (readonly [string, unknown, unknown])[];
  /** An optional field present in `create`, and its device value after unset. */
  readonly unset?: readonly [string, unknown];
  /** Out-of-band device change by field name, the field it shows up in, and that field's value after refresh. */
  readonly drift: { readonly device: Record<string, WireValue>; readonly field: string; readonly value: unknown };
  readonly invalid: readonly [string, unknown, RegExp];
  readonly secrets: readonly string[];
  /** The inputs of the object each field refers to, by field name (the kind comes from the field's `refersTo`). */
  readonly prerequisites?: Readonly<Record<string, PropertyMap>>;
}

/** The field's wire name, from the description; throws for a field it does not have. */
function wireName(resource: string, name: string): string {
  const field = fieldByName(descriptionFor(resource), name);
  if (!field) throw new Error(`${resource} has no field "${name}"`);
  return field.api;
}

function byWireName<T>(resource: string, values: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [wireName(resource, name), value]));
}

/** The kind a field refers to, from the description; throws for a field that refers to none. */
function referredKind(resource: string, name: string): string {
  const referred = fieldByName(descriptionFor(resource), name)?.refersTo?.resource;
  if (referred === undefined) throw new Error(`${resource}.${name} refers to no other kind (refersTo)`);
  return referred;
}

function scenarioOf(spec: ScenarioSpec): Scenario {
  const { resource, device, updates, unset, drift, prerequisites = {}, ...rest } = spec;
  return {
    ...rest,
    resource,
    prerequisites: Object.entries(prerequisites).map(([field, create]) => ({
      field,
      wire: wireName(resource, field),
      resource: referredKind(resource, field),
      create,
    })),
    wire: byWireName(resource, device),
    updates: updates.map(([field, value, wire]) => [field, value, wireName(resource, field), wire] as const),
    ...(unset ? { unset: [unset[0], wireName(resource, unset[0]), unset[1]] as const } : {}),
    drift: { wire: byWireName(resource, drift.device), field: drift.field, value: drift.value },
  };
}

const SPECS: readonly ScenarioSpec[] = [
  {
    resource: "CmsTurnServer",
    create: {
      ...examples("CmsTurnServer", "serverAddress", "clientAddress", "username", "type", "tcpPortNumberOverride"),
      password: "Turn-Secret-1",
    },
    device: {
      serverAddress: "172.16.85.168",
      clientAddress: "10.88.246.156",
      username: "turnuser",
      password: "Turn-Secret-1",
      type: "standard",
      tcpPortNumberOverride: "3478",
    },
    updates: [
      ["username", "turnuser2", "turnuser2"],
      ["clientAddress", "10.88.246.157", "10.88.246.157"],
      ["password", "Turn-Secret-2", "Turn-Secret-2"],
      ["type", "acano", "acano"],
      ["tcpPortNumberOverride", 443, "443"],
    ],
    unset: ["tcpPortNumberOverride", undefined],
    drift: { device: { username: "intruder" }, field: "username", value: "intruder" },
    invalid: ["serverAddress", "172.16.85.300", /serverAddress.*"172\.16\.85\.300".*IPv4/],
    secrets: ["Turn-Secret-1", "Turn-Secret-2"],
  },
  {
    resource: "CmsWebBridge",
    create: {
      ...examples("CmsWebBridge", "url", "idEntryMode", "allowWeblinkAccess", "showSignIn"),
      resourceArchive: "https://cms.octavio.local/branding/a.zip",
    },
    device: {
      url: "https://cms.octavio.local",
      idEntryMode: "secure",
      allowWeblinkAccess: "true",
      showSignIn: "true",
      resourceArchive: "https://cms.octavio.local/branding/a.zip",
    },
    updates: [
      ["idEntryMode", "disabled", "disabled"],
      ["allowWeblinkAccess", false, "false"],
      ["showSignIn", false, "false"],
      ["resolveCoSpaceCallIds", false, "false"],
      ["resolveLyncConferenceIds", true, "true"],
      // Not first: the adopt case changes the first update's field, and url is the natural key.
      ["url", "https://cmsweb.cms.octavio.local", "https://cmsweb.cms.octavio.local"],
      ["resourceArchive", "https://cms.octavio.local/branding/b.zip", "https://cms.octavio.local/branding/b.zip"],
    ],
    unset: ["resourceArchive", undefined],
    drift: { device: { url: "https://moved.octavio.local" }, field: "url", value: "https://moved.octavio.local" },
    invalid: ["idEntryMode", "open", /idEntryMode.*"open"/],
    secrets: [],
  },
  {
    resource: "CmsSpace",
    create: {
      ...examples("CmsSpace", "name", "callId", "defaultLayout", "nonMemberAccess"),
      // Mixed case on purpose: CMS stores the URI lower-case (the example is already lower-case).
      uri: "ProxyWebRTC",
      passcode: "73519024",
      cdrTag: "lab",
    },
    device: {
      name: "Proxy webRTC",
      uri: "proxywebrtc",
      callId: "100101",
      passcode: "73519024",
      defaultLayout: "automatic",
      nonMemberAccess: "true",
      cdrTag: "lab",
    },
    updates: [
      ["name", "Proxy WebRTC room", "Proxy WebRTC room"],
      ["uri", "proxywebrtc2", "proxywebrtc2"],
      ["secondaryUri", "100101", "100101"],
      ["callId", "100102", "100102"],
      ["passcode", "86420931", "86420931"],
      ["defaultLayout", "allEqual", "allEqual"],
      ["nonMemberAccess", false, "false"],
      ["cdrTag", "lab2", "lab2"],
    ],
    unset: ["cdrTag", undefined],
    drift: { device: { name: "Renamed by hand" }, field: "name", value: "Renamed by hand" },
    invalid: ["uri", "proxywebrtc@octavio.com", /uri.*"proxywebrtc@octavio\.com".*without '@domain'/],
    secrets: ["73519024", "86420931"],
  },
  {
    resource: "CmsCallMatch",
    create: examples(
      "CmsCallMatch",
      "domain",
      "priority",
      "resolveToCoSpaces",
      "resolveToIvrs",
      "resolveToLyncConferences",
    ),
    device: {
      domain: "cms.octavio.local",
      priority: "10",
      resolveToCoSpaces: "true",
      resolveToIvrs: "false",
      resolveToLyncConferences: "false",
    },
    updates: [
      ["priority", 20, "20"],
      ["domain", "octavio.com", "octavio.com"],
      ["resolveToCoSpaces", false, "false"],
      ["resolveToIvrs", true, "true"],
      ["resolveToUsers", false, "false"],
      ["resolveToLyncConferences", true, "true"],
      ["resolveToLyncSimplejoin", true, "true"],
    ],
    unset: ["resolveToIvrs", "true"],
    drift: { device: { priority: "99" }, field: "priority", value: 99 },
    invalid: ["domain", "*.octavio.com", /domain.*"\*\.octavio\.com".*wildcards are not allowed/],
    secrets: [],
  },
  {
    resource: "ExpresswayDomain",
    create: examples("ExpresswayDomain", "name", "sip", "edgeSip"),
    device: { name: "octavio.local", sip: "On", edgeSip: "Off" },
    updates: [
      ["sip", false, "Off"],
      ["edgeSip", true, "On"],
      ["edgeXmpp", true, "On"],
      ["xmppFederation", true, "On"],
    ],
    unset: ["edgeSip", "Off"],
    drift: { device: { sip: "Off" }, field: "sip", value: false },
    invalid: ["name", "octavio", /name.*"octavio".*complete DNS domain/],
    secrets: [],
  },
  {
    resource: "ExpresswayZone",
    create: {
      ...examples("ExpresswayZone", "side", "name", "peerAddresses", "authenticationUsername", "sipPort", "hopCount"),
      authenticationPassword: "Traversal-Secret-1",
    },
    device: {
      name: "UT Zone",
      peerAddresses: ["vcse.octavio.com"],
      authenticationUsername: "Tuser",
      authenticationPassword: "Traversal-Secret-1",
      sipPort: 7001,
      hopCount: 15,
    },
    updates: [
      ["peerAddresses", ["vcse1.octavio.com", "vcse2.octavio.com"], ["vcse1.octavio.com", "vcse2.octavio.com"]],
      ["authenticationUsername", "Tuser2", "Tuser2"],
      ["authenticationPassword", "Traversal-Secret-2", "Traversal-Secret-2"],
      ["sipPort", 7002, 7002],
      ["hopCount", 30, 30],
      ["authenticationMode", "CheckCredentials", "CheckCredentials"],
      ["acceptProxiedRegistrations", "Deny", "Deny"],
      ["iceSupport", true, "On"],
      ["multistream", false, "Off"],
      ["poisonMode", true, "On"],
      ["preloadedSipRoutes", true, "On"],
      ["parameterPreservation", true, "On"],
      ["retryInterval", 60, 60],
      ["name", "UT Zone renamed", "UT Zone renamed"],
    ],
    unset: ["hopCount", 15],
    drift: { device: { hopCount: 3 }, field: "hopCount", value: 3 },
    invalid: ["hopCount", 256, /hopCount 256 is invalid: a whole number from 1 to 255/],
    secrets: ["Traversal-Secret-1", "Traversal-Secret-2"],
  },
  {
    resource: "ExpresswayCredential",
    create: { ...examples("ExpresswayCredential", "name"), password: "Cred-Secret-1" },
    device: { name: "turnuser", password: "Cred-Secret-1" },
    updates: [
      ["password", "Cred-Secret-2", "Cred-Secret-2"],
      ["name", "turnuser-renamed", "turnuser-renamed"],
    ],
    drift: { device: { password: "changed-by-hand" }, field: "name", value: "turnuser" },
    invalid: ["name", "turn user", /name "turn user" is invalid: 1 to 1024 characters without white space/],
    secrets: ["Cred-Secret-1", "Cred-Secret-2"],
  },
  {
    resource: "ExpresswaySearchRule",
    create: examples(
      "ExpresswaySearchRule",
      "name",
      "priority",
      "mode",
      "patternType",
      "patternString",
      "patternBehavior",
      "targetName",
    ),
    device: { name: "To CMS", priority: 40, mode: "AliasPatternMatch", patternBehavior: "Leave", targetName: "CMS" },
    updates: [
      ["priority", 41, 41],
      ["targetName", "LocalZone", "LocalZone"],
      ["onSuccessfulMatch", "Stop", "Stop"],
      ["state", "Disabled", "Disabled"],
    ],
    unset: ["patternBehavior", "Strip"],
    drift: { device: { mode: "AnyAlias" }, field: "mode", value: "AnyAlias" },
    invalid: ["mode", "Any", /mode "Any" .*AliasPatternMatch/],
    secrets: [],
  },
  {
    resource: "ExpresswayTransform",
    create: examples("ExpresswayTransform", "priority", "patternString", "patternBehavior", "replaceString"),
    device: {
      priority: 10,
      patternString: "(.*)@octavio\\.local",
      patternBehavior: "Replace",
      replaceString: "\\1@octavio.com",
    },
    updates: [
      ["replaceString", "\\1@octavio.org", "\\1@octavio.org"],
      ["patternType", "Suffix", "Suffix"],
      ["state", "Disabled", "Disabled"],
    ],
    unset: ["patternBehavior", "Strip"],
    drift: { device: { patternString: "(.*)@other" }, field: "patternString", value: "(.*)@other" },
    invalid: ["priority", 0, /priority 0 .*from 1 to 65534/],
    secrets: [],
  },
  {
    resource: "ExpresswayNeighborZone",
    create: examples("ExpresswayNeighborZone", "name", "peerAddresses", "sipTransport", "h323Mode"),
    device: { name: "CMS", peerAddresses: ["cms.octavio.local"], sipTransport: "TLS", h323Mode: "Off" },
    updates: [
      ["peerAddresses", ["cms1.octavio.local", "cms2.octavio.local"], ["cms1.octavio.local", "cms2.octavio.local"]],
      ["sipPort", 5062, 5062],
      ["hopCount", 20, 20],
      ["h323Mode", true, "On"],
    ],
    unset: ["sipTransport", "TLS"],
    drift: { device: { sipTransport: "TCP" }, field: "sipTransport", value: "TCP" },
    invalid: ["hopCount", 0, /hopCount 0 .*from 1 to 255/],
    secrets: [],
  },
  {
    resource: "ExpresswayCucmServer",
    create: { ...examples("ExpresswayCucmServer", "publisher", "axlUsername", "aesGcm"), axlPassword: "Axl-Secret-1" },
    device: { publisher: "cucm.octavio.local", axlUsername: "axluser", axlPassword: "Axl-Secret-1", aesGcm: "Off" },
    updates: [
      ["axlUsername", "axladmin", "axladmin"],
      ["axlPassword", "Axl-Secret-2", "Axl-Secret-2"],
      ["tlsVerify", false, "Off"],
      ["icePassthrough", true, "On"],
    ],
    unset: ["aesGcm", "Off"],
    drift: { device: { aesGcm: "On" }, field: "aesGcm", value: true },
    invalid: ["publisher", "cucm..octavio.local", /publisher "cucm\.\.octavio\.local".*host name/],
    secrets: ["Axl-Secret-1", "Axl-Secret-2"],
  },
  {
    resource: "CmsOutboundRule",
    create: examples("CmsOutboundRule", "domain", "priority", "sipProxy", "trunkType", "sipControlEncryption"),
    device: {
      domain: "skype.octavio.com",
      priority: "10",
      sipProxy: "sfbpool.skype.octavio.com",
      trunkType: "lync",
      sipControlEncryption: "encrypted",
    },
    updates: [
      // Not first: the adopt case changes the first update's field, and domain and priority are the key.
      ["sipProxy", "sfbpool2.skype.octavio.com", "sfbpool2.skype.octavio.com"],
      ["localContactDomain", "cms.octavio.com", "cms.octavio.com"],
      ["failureAction", "continue", "continue"],
      ["trunkType", "sip", "sip"],
    ],
    unset: ["sipProxy", undefined],
    drift: { device: { sipControlEncryption: "auto" }, field: "sipControlEncryption", value: "auto" },
    invalid: ["trunkType", "skype", /trunkType "skype" .*one of sip, lync, avaya/],
    secrets: [],
  },
  {
    resource: "CmsCallLegProfile",
    create: examples("CmsCallLegProfile", "name", "presentationContributionAllowed", "bfcpMode"),
    device: { name: "Skype content", presentationContributionAllowed: "true", bfcpMode: "serverOnly" },
    updates: [
      ["bfcpMode", "serverAndClient", "serverAndClient"],
      ["presentationViewingAllowed", false, "false"],
      ["name", "Skype content 2", "Skype content 2"],
    ],
    unset: ["presentationContributionAllowed", undefined],
    drift: {
      device: { presentationContributionAllowed: "false" },
      field: "presentationContributionAllowed",
      value: false,
    },
    invalid: ["bfcpMode", "client", /bfcpMode "client" .*serverOnly, serverAndClient/],
    secrets: [],
  },
  {
    resource: "CmsCallProfile",
    create: examples("CmsCallProfile", "participantLimit", "lyncConferenceMode"),
    device: { participantLimit: "100", lyncConferenceMode: "dualHomeCluster" },
    updates: [
      ["participantLimit", 60, "60"],
      ["lyncConferenceMode", "gateway", "gateway"],
      ["locked", true, "true"],
    ],
    unset: ["lyncConferenceMode", undefined],
    drift: { device: { participantLimit: "7" }, field: "participantLimit", value: 7 },
    invalid: ["participantLimit", 0, /participantLimit 0 .*1 to 10000/],
    secrets: [],
  },
  {
    resource: "CmsTenant",
    create: examples("CmsTenant", "name", "participantLimit"),
    device: { name: "Octavio", participantLimit: "200" },
    updates: [
      // Not first: the adopt case changes the first update's field, and name is the natural key.
      ["participantLimit", 300, "300"],
      ["name", "Octavio Labs", "Octavio Labs"],
    ],
    unset: ["participantLimit", undefined],
    drift: { device: { participantLimit: "5" }, field: "participantLimit", value: 5 },
    invalid: ["participantLimit", 100001, /participantLimit 100001 .*1 to 100000/],
    secrets: [],
  },
  {
    resource: "CmsDtmfProfile",
    create: examples("CmsDtmfProfile", "muteSelfAudio", "unmuteSelfAudio", "lockCall"),
    device: { muteSelfAudio: "*1", unmuteSelfAudio: "*2", lockCall: "**7" },
    updates: [
      ["muteSelfAudio", "*11", "*11"],
      ["endCall", "**00", "**00"],
      ["getTotalParticipantCount", "#9", "#9"],
    ],
    unset: ["lockCall", undefined],
    drift: { device: { unmuteSelfAudio: "*9" }, field: "unmuteSelfAudio", value: "*9" },
    invalid: ["muteSelfAudio", "*M", /muteSelfAudio "\*M" .*DTMF keys 0-9, \* and #/],
    secrets: [],
  },
  {
    resource: "CmsForwardingRule",
    create: examples("CmsForwardingRule", "matchPattern", "priority", "action", "destinationDomain", "callerIdMode"),
    device: {
      matchPattern: "partner.example.com",
      priority: "10",
      action: "forward",
      destinationDomain: "partner.example.net",
      callerIdMode: "preserve",
    },
    updates: [
      // Not a key field first (matchPattern, priority, tenant): the adopt case changes it.
      ["destinationDomain", "partner2.example.net", "partner2.example.net"],
      ["action", "reject", "reject"],
      ["uriParameters", "forward", "forward"],
    ],
    unset: ["destinationDomain", undefined],
    drift: { device: { callerIdMode: "regenerate" }, field: "callerIdMode", value: "regenerate" },
    invalid: ["matchPattern", "*", /matchPattern "\*" .*not "\*" alone/],
    secrets: [],
  },
  {
    resource: "CmsLdapServer",
    create: { ...examples("CmsLdapServer", "address", "portNumber", "username", "secure"), password: "Ldap-Secret-1" },
    device: {
      address: "dc1.octavio.local",
      portNumber: "636",
      username: "cn=cms-reader,ou=Service,dc=octavio,dc=local",
      password: "Ldap-Secret-1",
      secure: "true",
    },
    updates: [
      ["secure", false, "false"],
      ["password", "Ldap-Secret-2", "Ldap-Secret-2"],
      ["usePagedResults", false, "false"],
    ],
    unset: ["username", undefined],
    drift: { device: { secure: "false" }, field: "secure", value: false },
    invalid: ["portNumber", 0, /portNumber 0 .*1 to 65535/],
    secrets: ["Ldap-Secret-1", "Ldap-Secret-2"],
  },
  {
    resource: "CmsLdapMapping",
    create: examples("CmsLdapMapping", "jidMapping", "nameMapping", "coSpaceUriMapping", "coSpaceNameMapping"),
    device: {
      jidMapping: "$sAMAccountName$@octavio.com",
      nameMapping: "$displayName$",
      coSpaceUriMapping: "$sAMAccountName$.space",
      coSpaceNameMapping: "$displayName$ space",
    },
    updates: [
      // Not a key field first (jidMapping, coSpaceUriMapping): the adopt case changes it.
      ["nameMapping", "$cn$", "$cn$"],
      ["cdrTagMapping", "$department$", "$department$"],
      ["coSpaceCallIdMapping", "$ipPhone$", "$ipPhone$"],
    ],
    unset: ["coSpaceNameMapping", undefined],
    drift: { device: { coSpaceNameMapping: "$cn$ room" }, field: "coSpaceNameMapping", value: "$cn$ room" },
    invalid: ["jidMapping", "", /jidMapping "" .*1 to 255 characters/],
    secrets: [],
  },
  {
    resource: "CmsLdapSource",
    create: examples("CmsLdapSource", "baseDn", "filter"),
    // Not the CmsLdapServer and CmsLdapMapping scenarios' objects: another natural key each, as
    // objects of one program should have (every-kind declares them all together).
    prerequisites: {
      server: { address: "dc2.octavio.local", portNumber: 389, secure: false },
      mapping: { jidMapping: "$mail$" },
    },
    device: { baseDn: "ou=Users,dc=octavio,dc=local", filter: "(&(objectCategory=person)(objectClass=user))" },
    updates: [
      // Not a key field first (server, mapping, baseDn, filter, tenant): the adopt case changes it.
      ["nonMemberAccess", false, "false"],
      ["baseDn", "ou=Staff,dc=octavio,dc=local", "ou=Staff,dc=octavio,dc=local"],
      ["filter", "(objectClass=person)", "(objectClass=person)"],
    ],
    unset: ["filter", undefined],
    drift: {
      device: { baseDn: "ou=Others,dc=octavio,dc=local" },
      field: "baseDn",
      value: "ou=Others,dc=octavio,dc=local",
    },
    invalid: ["baseDn", "", /baseDn "" .*1 to 1024 characters/],
    secrets: [],
  },
];

export const scenarios: readonly Scenario[] = SPECS.map(scenarioOf);
