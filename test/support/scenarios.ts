import type { PropertyMap } from "../../provider/described-provider";
import { descriptionFor } from "../../provider/schema";

/** The description's example values (the dual-domain guide's) of the named fields. */
function examples(resource: string, ...names: readonly string[]): PropertyMap {
  const values: PropertyMap = {};
  for (const name of names) {
    const field = descriptionFor(resource).fields.find((f) => f.name === name);
    if (field?.example === undefined) throw new Error(`${resource}.${name} has no example`);
    values[name] = field.example;
  }
  return values;
}

/**
 * One scenario per resource kind: the inputs to create, each field to update in
 * place, an optional field to unset, an out-of-band drift, a bad input and a
 * device-side refusal. The lifecycle suite runs the same cases for every kind.
 */
export interface Scenario {
  readonly resource: string;
  readonly create: PropertyMap;
  /** Wire fields expected on the device after create (write-only ones included: the emulators keep them). */
  readonly wire: Record<string, unknown>;
  /** field, new value, wire name, expected wire value */
  readonly updates: readonly (readonly [string, unknown, string, unknown])[];
  /**
   * An optional field present in `create`, and the wire value after unset (undefined =
   * absent; the device default for a field that has one).
   */
  readonly unset?: readonly [string, string, unknown];
  /** Out-of-band wire change, the field it shows up in, and that field's value after refresh. */
  readonly drift: {
    readonly wire: Record<string, string | number | string[]>;
    readonly field: string;
    readonly value: unknown;
  };
  readonly invalid: readonly [string, unknown, RegExp];
  /** Secret input values that must never appear in outputs. */
  readonly secrets: readonly string[];
}

export const scenarios: readonly Scenario[] = [
  {
    resource: "CmsTurnServer",
    create: {
      ...examples("CmsTurnServer", "serverAddress", "clientAddress", "username", "type", "tcpPortNumberOverride"),
      password: "Turn-Secret-1",
    },
    wire: {
      serverAddress: "172.16.85.168",
      clientAddress: "10.88.246.156",
      username: "turnuser",
      password: "Turn-Secret-1",
      type: "standard",
      tcpPortNumberOverride: "3478",
    },
    updates: [
      ["username", "turnuser2", "username", "turnuser2"],
      ["clientAddress", "10.88.246.157", "clientAddress", "10.88.246.157"],
      ["password", "Turn-Secret-2", "password", "Turn-Secret-2"],
      ["type", "acano", "type", "acano"],
      ["tcpPortNumberOverride", 443, "tcpPortNumberOverride", "443"],
    ],
    unset: ["tcpPortNumberOverride", "tcpPortNumberOverride", undefined],
    drift: { wire: { username: "intruder" }, field: "username", value: "intruder" },
    invalid: ["serverAddress", "172.16.85.300", /serverAddress.*"172\.16\.85\.300".*IPv4/],
    secrets: ["Turn-Secret-1", "Turn-Secret-2"],
  },
  {
    resource: "CmsWebBridge",
    create: {
      ...examples("CmsWebBridge", "url", "idEntryMode", "allowWeblinkAccess", "showSignIn"),
      resourceArchive: "https://cms.octavio.local/branding/a.zip",
    },
    wire: {
      url: "https://cms.octavio.local",
      idEntryMode: "secure",
      allowWeblinkAccess: "true",
      showSignIn: "true",
      resourceArchive: "https://cms.octavio.local/branding/a.zip",
    },
    updates: [
      ["idEntryMode", "disabled", "idEntryMode", "disabled"],
      ["allowWeblinkAccess", false, "allowWeblinkAccess", "false"],
      ["showSignIn", false, "showSignIn", "false"],
      ["resolveCoSpaceCallIds", false, "resolveCoSpaceCallIds", "false"],
      ["resolveLyncConferenceIds", true, "resolveLyncConferenceIds", "true"],
      // Not first: the adopt case changes the first update's field, and url is the natural key.
      ["url", "https://cmsweb.cms.octavio.local", "url", "https://cmsweb.cms.octavio.local"],
      [
        "resourceArchive",
        "https://cms.octavio.local/branding/b.zip",
        "resourceArchive",
        "https://cms.octavio.local/branding/b.zip",
      ],
    ],
    unset: ["resourceArchive", "resourceArchive", undefined],
    drift: { wire: { url: "https://moved.octavio.local" }, field: "url", value: "https://moved.octavio.local" },
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
    wire: {
      name: "Proxy webRTC",
      uri: "proxywebrtc",
      callId: "100101",
      passcode: "73519024",
      defaultLayout: "automatic",
      nonMemberAccess: "true",
      cdrTag: "lab",
    },
    updates: [
      ["name", "Proxy WebRTC room", "name", "Proxy WebRTC room"],
      ["uri", "proxywebrtc2", "uri", "proxywebrtc2"],
      ["secondaryUri", "100101", "secondaryUri", "100101"],
      ["callId", "100102", "callId", "100102"],
      ["passcode", "86420931", "passcode", "86420931"],
      ["defaultLayout", "allEqual", "defaultLayout", "allEqual"],
      ["nonMemberAccess", false, "nonMemberAccess", "false"],
      ["cdrTag", "lab2", "cdrTag", "lab2"],
    ],
    unset: ["cdrTag", "cdrTag", undefined],
    drift: { wire: { name: "Renamed by hand" }, field: "name", value: "Renamed by hand" },
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
    wire: {
      domain: "cms.octavio.local",
      priority: "10",
      resolveTocoSpaces: "true",
      resolveToIvrs: "false",
      resolveToLyncConferences: "false",
    },
    updates: [
      ["priority", 20, "priority", "20"],
      ["domain", "octavio.com", "domain", "octavio.com"],
      ["resolveToCoSpaces", false, "resolveTocoSpaces", "false"],
      ["resolveToIvrs", true, "resolveToIvrs", "true"],
      ["resolveToUsers", false, "resolveToUsers", "false"],
      ["resolveToLyncConferences", true, "resolveToLyncConferences", "true"],
      ["resolveToLyncSimplejoin", true, "resolveToLyncSimplejoin", "true"],
    ],
    unset: ["resolveToIvrs", "resolveToIvrs", "true"],
    drift: { wire: { priority: "99" }, field: "priority", value: 99 },
    invalid: ["domain", "*.octavio.com", /domain.*"\*\.octavio\.com".*wildcards are not allowed/],
    secrets: [],
  },
  {
    resource: "ExpresswayDomain",
    create: examples("ExpresswayDomain", "name", "sip", "edgeSip"),
    wire: { Name: "octavio.local", Sip: "On", EdgeSip: "Off" },
    updates: [
      ["sip", false, "Sip", "Off"],
      ["edgeSip", true, "EdgeSip", "On"],
      ["edgeXmpp", true, "EdgeXmpp", "On"],
      ["xmppFederation", true, "XmppFederation", "On"],
    ],
    unset: ["edgeSip", "EdgeSip", "Off"],
    drift: { wire: { Sip: "Off" }, field: "sip", value: false },
    invalid: ["name", "octavio", /name.*"octavio".*complete DNS domain/],
    secrets: [],
  },
  {
    resource: "ExpresswayZone",
    create: {
      ...examples("ExpresswayZone", "side", "name", "peerAddresses", "authenticationUsername", "sipPort", "hopCount"),
      authenticationPassword: "Traversal-Secret-1",
    },
    wire: {
      Name: "UT Zone",
      PeerAddress: ["vcse.octavio.com"],
      AuthenticationUserName: "Tuser",
      AuthenticationPassword: "Traversal-Secret-1",
      SIPPort: 7001,
      HopCount: 15,
    },
    updates: [
      [
        "peerAddresses",
        ["vcse1.octavio.com", "vcse2.octavio.com"],
        "PeerAddress",
        ["vcse1.octavio.com", "vcse2.octavio.com"],
      ],
      ["authenticationUsername", "Tuser2", "AuthenticationUserName", "Tuser2"],
      ["authenticationPassword", "Traversal-Secret-2", "AuthenticationPassword", "Traversal-Secret-2"],
      ["sipPort", 7002, "SIPPort", 7002],
      ["hopCount", 30, "HopCount", 30],
      ["authenticationMode", "CheckCredentials", "AuthenticationMode", "CheckCredentials"],
      ["acceptProxiedRegistrations", "Deny", "AcceptProxiedRegistrations", "Deny"],
      ["iceSupport", true, "SIPMediaICESupport", "On"],
      ["multistream", false, "SIPMultistreamMode", "Off"],
      ["poisonMode", true, "SIPPoisonMode", "On"],
      ["preloadedSipRoutes", true, "SIPPreloadedSipRoutesSupport", "On"],
      ["parameterPreservation", true, "SIPParameterPreservationMode", "On"],
      ["retryInterval", 60, "RetryInterval", 60],
      ["name", "UT Zone renamed", "Name", "UT Zone renamed"],
    ],
    unset: ["hopCount", "HopCount", 15],
    drift: { wire: { HopCount: 3 }, field: "hopCount", value: 3 },
    invalid: ["hopCount", 256, /hopCount 256 is invalid: a whole number from 1 to 255/],
    secrets: ["Traversal-Secret-1", "Traversal-Secret-2"],
  },
  {
    resource: "ExpresswayCredential",
    create: { ...examples("ExpresswayCredential", "name"), password: "Cred-Secret-1" },
    wire: { Name: "turnuser", Password: "Cred-Secret-1" },
    updates: [
      ["password", "Cred-Secret-2", "Password", "Cred-Secret-2"],
      ["name", "turnuser-renamed", "Name", "turnuser-renamed"],
    ],
    drift: { wire: { Password: "changed-by-hand" }, field: "name", value: "turnuser" },
    invalid: ["name", "turn user", /name "turn user" is invalid: 1 to 1024 characters without white space/],
    secrets: ["Cred-Secret-1", "Cred-Secret-2"],
  },
];
