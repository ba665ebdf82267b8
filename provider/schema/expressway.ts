import type { FieldDescription, FieldType, ObjectDescription } from "./types";

/*
 * Cisco Expressway-C/E objects (/api/provisioning). Paths and fields follow the
 * Expressway REST API guides [S1, S2, S5] and the administrator guides [S8 domains,
 * S9 zones]; the example values are those of the dual-domain guide [T211301]. Keys
 * refer to docs/sources.md.
 */

/** An On/Off switch; its example is the device default unless the guide sets it otherwise. */
const onOff = (
  name: string,
  api: string,
  deviceDefault: boolean,
  doc: string,
  example: boolean = deviceDefault,
): FieldDescription => ({
  name,
  api,
  deviceDefault,
  type: { kind: "bool" },
  doc: `${doc} (device default ${deviceDefault ? "On" : "Off"}).`,
  example,
});

export const expresswayDomain: ObjectDescription = {
  resource: "ExpresswayDomain",
  noun: "domain",
  doc: "A SIP domain on an Expressway-C (Configuration > Domains). Expressway-E refuses domains.",
  defaultProfile: "expresswayC",
  api: {
    family: "expressway",
    paths: { default: "common/domain" },
    keyField: "Name",
    refusedOn: { E: "You cannot configure domains on an Expressway-E" },
  },
  naturalKeys: [["name"]],
  deviceEnforcesUniqueness: true,
  fields: [
    {
      name: "name",
      api: "Name",
      required: true,
      replaceOnChange: true,
      type: { kind: "string", minLength: 1, maxLength: 253, format: "domain" },
      doc: "The domain, e.g. `octavio.local`. Changing it replaces the domain.",
      example: "octavio.local",
    },
    onOff("sip", "Sip", true, "SIP registrations and provisioning on Expressway"),
    onOff("edgeSip", "EdgeSip", false, "SIP registrations and provisioning on Unified CM"),
    onOff("edgeXmpp", "EdgeXmpp", false, "IM and Presence Service"),
    onOff("xmppFederation", "XmppFederation", false, "XMPP federation"),
  ],
};

/** A user name on the Expressway (a zone's traversal user, a local credential). */
const userNameType: FieldType = {
  kind: "string",
  minLength: 1,
  maxLength: 1024,
  pattern: { regex: /^\S+$/, allowed: "1 to 1024 characters without white space" },
};

const client = ["client"] as const;
const server = ["server"] as const;

export const expresswayZone: ObjectDescription = {
  resource: "ExpresswayZone",
  noun: "Unified Communications traversal zone",
  doc:
    "The Unified Communications traversal zone between an Expressway-C (client side) " +
    "and an Expressway-E (server side).",
  defaultProfile: "expresswayC",
  api: {
    family: "expressway",
    paths: {
      client: "controller/zone/unifiedcommunicationstraversal",
      server: "edge/zone/unifiedcommunicationstraversal",
    },
    keyField: "Name",
    readOnlyFields: { Status: "Active" },
  },
  variantField: "side",
  variants: {
    client: { defaultProfile: "expresswayC", doc: "traversal client on the Expressway-C" },
    server: { defaultProfile: "expresswayE", doc: "traversal server on the Expressway-E" },
  },
  naturalKeys: [["name"]],
  deviceEnforcesUniqueness: true,
  fields: [
    {
      name: "side",
      api: "side",
      local: true,
      required: true,
      replaceOnChange: true,
      type: { kind: "enum", values: ["client", "server"] },
      doc:
        "`client` (Expressway-C, traversal client) or `server` (Expressway-E, traversal server). " +
        "A zone's type cannot change: changing it replaces the zone.",
      example: "client",
    },
    {
      name: "name",
      api: "Name",
      updateApi: "New_Name",
      required: true,
      type: { kind: "string", minLength: 1, maxLength: 1024 },
      doc: "Zone name; renaming updates in place.",
      example: "UT Zone",
    },
    {
      name: "peerAddresses",
      api: "PeerAddress",
      required: true,
      variants: client,
      type: { kind: "stringList", minItems: 1, maxItems: 6, item: { maxLength: 1024, format: "host" } },
      doc: "Expressway-E peer addresses (1 to 6; FQDNs matching its certificate).",
      example: ["vcse.octavio.com"],
    },
    {
      name: "authenticationUsername",
      api: "AuthenticationUserName",
      required: true,
      type: userNameType,
      refersTo: { resource: "ExpresswayCredential", field: "name" },
      doc: "Traversal user name (a local user on the Expressway-E).",
      example: "Tuser",
    },
    {
      name: "authenticationPassword",
      api: "AuthenticationPassword",
      secret: true,
      writeOnly: true,
      required: true,
      variants: client,
      type: { kind: "string", minLength: 1, maxLength: 128 },
      doc: "Traversal password. Secret; the device never returns it.",
    },
    {
      name: "sipPort",
      api: "SIPPort",
      deviceDefault: 7001,
      type: { kind: "int", min: 1, max: 65535 },
      doc: "SIP TLS port of the traversal (default 7001).",
      example: 7001,
    },
    {
      name: "hopCount",
      api: "HopCount",
      deviceDefault: 15,
      type: { kind: "int", min: 1, max: 255 },
      doc: "Hop count (1 to 255, default 15).",
      example: 15,
    },
    {
      name: "authenticationMode",
      api: "AuthenticationMode",
      deviceDefault: "DoNotCheckCredentials",
      type: { kind: "enum", values: ["DoNotCheckCredentials", "TreatAsAuthenticated", "CheckCredentials"] },
      doc: "Authentication policy (default DoNotCheckCredentials).",
      example: "DoNotCheckCredentials",
    },
    {
      name: "acceptProxiedRegistrations",
      api: "AcceptProxiedRegistrations",
      deviceDefault: "Allow",
      type: { kind: "enum", values: ["Allow", "Deny"] },
      doc: "Accept proxied registrations (default Allow).",
      example: "Allow",
    },
    onOff("iceSupport", "SIPMediaICESupport", false, "ICE support"),
    onOff("multistream", "SIPMultistreamMode", true, "SIP multistream mode"),
    onOff("poisonMode", "SIPPoisonMode", false, "SIP poison mode"),
    onOff("preloadedSipRoutes", "SIPPreloadedSipRoutesSupport", false, "Preloaded SIP routes support"),
    onOff("parameterPreservation", "SIPParameterPreservationMode", false, "SIP parameter preservation"),
    {
      name: "retryInterval",
      api: "RetryInterval",
      deviceDefault: 120,
      variants: client,
      type: { kind: "int", min: 1, max: 65535 },
      doc: "Client retry interval in seconds (default 120).",
      example: 120,
    },
    {
      name: "tlsVerifySubjectName",
      api: "SIPTLSVerifySubjectName",
      required: true,
      variants: server,
      type: { kind: "string", minLength: 1, maxLength: 1024, format: "host" },
      doc: "Name the Expressway-C's certificate must carry (its FQDN), checked on the TLS connection.",
      example: "vcsc.octavio.local",
    },
  ],
};

export const expresswayCredential: ObjectDescription = {
  resource: "ExpresswayCredential",
  noun: "local authentication database user",
  doc: "A user in the local authentication database (traversal and TURN credentials), usually on the Expressway-E.",
  defaultProfile: "expresswayE",
  api: { family: "expressway", paths: { default: "common/credential" }, keyField: "Name" },
  naturalKeys: [["name"]],
  deviceEnforcesUniqueness: true,
  fields: [
    {
      name: "name",
      api: "Name",
      updateApi: "New_Name",
      required: true,
      type: userNameType,
      doc: "User name; renaming updates in place.",
      example: "turnuser",
    },
    {
      name: "password",
      api: "Password",
      updateApi: "New_Password",
      secret: true,
      writeOnly: true,
      required: true,
      type: { kind: "string", minLength: 1, maxLength: 128 },
      doc:
        "Password (at most 128 characters). Secret and write-only: " +
        "a change is sent as an update although it cannot be read back.",
    },
  ],
};

export const expresswayDescriptions: readonly ObjectDescription[] = [
  expresswayDomain,
  expresswayZone,
  expresswayCredential,
];
