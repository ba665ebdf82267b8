import { idField } from "./cms-sfb";
import type { ObjectDescription } from "./types";

/*
 * Cisco Meeting Server objects (/api/v1). Wire names, types and defaults follow
 * Cisco's API Blueprint [APIARY] and the CMS API Reference Guide [G20]; the example
 * values are those of the dual-domain guide [T211301]. Keys refer to docs/sources.md.
 * Length limits the device does not document are the provider's own guard rails and
 * are marked "guard".
 */

const digits = (max: number) => ({ regex: new RegExp(`^[0-9]{1,${max}}$`), allowed: `1 to ${max} decimal digits` });

export const cmsTurnServer: ObjectDescription = {
  resource: "CmsTurnServer",
  noun: "TURN server",
  doc:
    "A TURN server the CMS Call Bridge and its WebRTC clients use " +
    "(Configuration > General > TURN, or /api/v1/turnServers).",
  defaultProfile: "cms",
  api: {
    family: "cms",
    collection: "turnServers",
    element: "turnServer",
    notFound: "turnServerDoesNotExist",
    uniqueFields: {},
    listFields: ["serverAddress", "clientAddress"],
  },
  naturalKeys: [["serverAddress", "clientAddress"]],
  deviceEnforcesUniqueness: false,
  fields: [
    {
      name: "serverAddress",
      api: "serverAddress",
      required: true,
      type: { kind: "string", maxLength: 255, format: "host" },
      doc: "Address the Call Bridge uses to reach the TURN server (Expressway-E inside address).",
      example: "172.16.85.168",
    },
    {
      name: "clientAddress",
      api: "clientAddress",
      required: true,
      type: { kind: "string", maxLength: 255, format: "host" },
      doc: "Address WebRTC clients use to reach the TURN server (Expressway-E public/NAT address).",
      example: "10.88.246.156",
    },
    {
      name: "username",
      api: "username",
      type: { kind: "string", minLength: 1, maxLength: 128 },
      refersTo: { resource: "ExpresswayCredential", field: "name" },
      doc: "TURN allocation user name (a local user on the Expressway-E).",
      example: "turnuser",
    },
    {
      name: "password",
      api: "password",
      secret: true,
      writeOnly: true,
      type: { kind: "string", minLength: 1, maxLength: 128 },
      doc: "TURN allocation password. Secret; the device never returns it.",
    },
    {
      name: "type",
      api: "type",
      deviceDefault: "standard",
      type: { kind: "enum", values: ["standard", "acano", "cms", "expressway", "lyncEdge"] },
      // CMS 2.0's API reference lists acano|lyncEdge|standard; the 2.8/2.9 reference (APIARY) adds cms and
      // expressway. Which release between 2.3 and 2.8 first took them is not published [GAP]: 2.8 is the
      // earliest documented, so the provider refuses them only below it.
      valueVersions: { cms: { since: "2.8" }, expressway: { since: "2.8" } },
      doc:
        "TURN server type: `expressway` for an Expressway-E from CMS 2.8; before it, as in the guide on 2.2, " +
        "`standard` with `tcpPortNumberOverride`. Device default `standard`.",
      example: "standard",
    },
    {
      name: "tcpPortNumberOverride",
      api: "tcpPortNumberOverride",
      type: { kind: "int", min: 1, max: 65535 },
      doc: "TCP port for TURN media (3478 for Expressway).",
      example: 3478,
    },
  ],
};

export const cmsSpace: ObjectDescription = {
  resource: "CmsSpace",
  noun: "space",
  doc: "A CMS space (coSpace): a permanent meeting room reached by URI or numeric call id.",
  defaultProfile: "cms",
  api: {
    family: "cms",
    collection: "coSpaces",
    element: "coSpace",
    notFound: "coSpaceDoesNotExist",
    uniqueFields: { uri: "duplicateCoSpaceUri", secondaryUri: "duplicateCoSpaceUri", callId: "duplicateCoSpaceId" },
    listFields: ["name", "uri", "secondaryUri", "callId"],
  },
  naturalKeys: [["uri"], ["callId"]],
  deviceEnforcesUniqueness: true,
  fields: [
    {
      name: "name",
      api: "name",
      type: { kind: "string", minLength: 1, maxLength: 200 },
      doc: "Display name of the space (guard: at most 200 characters).",
      example: "Proxy webRTC",
    },
    {
      name: "uri",
      api: "uri",
      lowerCase: true,
      type: { kind: "string", minLength: 1, maxLength: 200, format: "uriUser" },
      doc: "User part of the space URI (before '@'); stored lower-case by CMS; unique on the device.",
      example: "proxywebrtc",
    },
    {
      name: "secondaryUri",
      api: "secondaryUri",
      lowerCase: true,
      type: { kind: "string", minLength: 1, maxLength: 200, format: "uriUser" },
      doc: "Second URI user part; unique on the device like `uri`.",
      example: "proxy.webrtc",
    },
    {
      name: "callId",
      api: "callId",
      type: { kind: "string", maxLength: 19, pattern: digits(19) },
      doc: "Numeric call id entered at the IVR or Web App (as a string of digits); unique on the device.",
      example: "100101",
    },
    {
      name: "passcode",
      api: "passcode",
      secret: true,
      type: { kind: "string", maxLength: 32, pattern: digits(32) },
      doc: "Numeric passcode. Secret.",
    },
    {
      name: "defaultLayout",
      api: "defaultLayout",
      type: {
        kind: "enum",
        values: [
          "allEqual",
          "speakerOnly",
          "telepresence",
          "stacked",
          "allEqualQuarters",
          "allEqualNinths",
          "allEqualSixteenths",
          "allEqualTwentyFifths",
          "onePlusFive",
          "onePlusSeven",
          "onePlusNine",
          "automatic",
          "onePlusN",
        ],
      },
      doc: "Default screen layout for participants.",
      example: "automatic",
    },
    {
      name: "nonMemberAccess",
      api: "nonMemberAccess",
      deviceDefault: true,
      type: { kind: "bool" },
      doc: "Whether non-members may join. Device default true.",
      example: true,
    },
    {
      name: "cdrTag",
      api: "cdrTag",
      type: { kind: "string", minLength: 1, maxLength: 100 },
      doc: "Tag copied into call detail records (at most 100 characters).",
      example: "octavio-webrtc",
    },
    idField("tenant", "a tenant", "The tenant the space belongs to (a CmsTenant's id).", {
      refersTo: { resource: "CmsTenant", field: "id" },
    }),
    idField(
      "callProfile",
      "a call profile",
      "Call profile of the space's calls (a CmsCallProfile's id); unset: the tenant's or the system's.",
      { refersTo: { resource: "CmsCallProfile", field: "id" } },
    ),
    idField(
      "callLegProfile",
      "a call leg profile",
      "Default call leg profile of the space's call legs (a CmsCallLegProfile's id); an access method's or a " +
        "member's own profile overrides it.",
      { refersTo: { resource: "CmsCallLegProfile", field: "id" } },
    ),
    {
      name: "ownerJid",
      api: "ownerJid",
      versions: { since: "2.0" },
      type: {
        kind: "string",
        minLength: 3,
        maxLength: 255,
        pattern: { regex: /^[^@\s]+@[^@\s]+$/, allowed: "a user JID, user@domain" },
      },
      // A JID no user has: the Blueprint does not say what the CMS does (its userDoesNotExist is about a
      // user id [APIARY, Failure Reasons]); a public mock answers userDoesNotExist [MIV]. The emulator
      // has no users and takes any JID [GAP].
      doc:
        "JID of the user who owns the space (2.0 and later). What the device does with a JID it has no user " +
        "for is not in Cisco's API reference (a public mock refuses it: userDoesNotExist).",
      example: "alice@octavio.com",
    },
    {
      name: "requireCallId",
      api: "requireCallId",
      // An instruction, not a setting: "The following information is not included: requireCallID" [APIARY].
      writeOnly: true,
      type: { kind: "bool" },
      doc:
        "When true and the space has no callId, the device assigns one (nine digits). The device never " +
        "shows this flag, so it is compared with what the stack last set.",
      example: true,
    },
  ],
};

export const cmsCallMatch: ObjectDescription = {
  resource: "CmsCallMatch",
  noun: "incoming call matching rule",
  doc: "An incoming call matching rule (Configuration > Incoming calls; /api/v1/inboundDialPlanRules).",
  defaultProfile: "cms",
  api: {
    family: "cms",
    collection: "inboundDialPlanRules",
    element: "inboundDialPlanRule",
    notFound: "inboundDialPlanRuleDoesNotExist",
    uniqueFields: {},
    listFields: ["domain", "priority", "tenant"],
  },
  // With the tenant: the same domain may be matched once per tenant, and adoption must
  // not take over another tenant's rule.
  naturalKeys: [["domain", "tenant"]],
  deviceEnforcesUniqueness: false,
  fields: [
    {
      name: "domain",
      api: "domain",
      required: true,
      type: { kind: "string", maxLength: 253, format: "domain" },
      doc: "Domain matched exactly against the called URI's host (no wildcards), e.g. `cms.octavio.local`.",
      example: "cms.octavio.local",
    },
    {
      name: "priority",
      api: "priority",
      deviceDefault: 0,
      type: { kind: "int", min: 0, max: 2147483647 },
      doc: "Higher values are preferred when CMS builds full URIs.",
      example: 10,
    },
    {
      name: "resolveToCoSpaces",
      api: "resolveTocoSpaces",
      deviceDefault: true,
      type: { kind: "bool" },
      doc: "Match calls to spaces (wire spelling `resolveTocoSpaces`).",
      example: true,
    },
    {
      name: "resolveToIvrs",
      api: "resolveToIvrs",
      deviceDefault: true,
      type: { kind: "bool" },
      doc: "Match calls to IVRs.",
      example: false,
    },
    {
      name: "resolveToUsers",
      api: "resolveToUsers",
      deviceDefault: true,
      type: { kind: "bool" },
      versions: { until: "3.0" },
      doc: "Match calls to users (CMS 2.x; removed in 3.0).",
      example: false,
    },
    {
      name: "resolveToLyncConferences",
      api: "resolveToLyncConferences",
      deviceDefault: false,
      type: { kind: "bool" },
      doc: "Match calls to Lync conferences.",
      example: false,
    },
    {
      name: "resolveToLyncSimplejoin",
      api: "resolveToLyncSimplejoin",
      deviceDefault: false,
      type: { kind: "bool" },
      doc: "Match Lync simple-join URLs (wire spelling `resolveToLyncSimplejoin`).",
      example: false,
    },
    {
      name: "tenant",
      api: "tenant",
      refersTo: { resource: "CmsTenant", field: "id" },
      type: {
        kind: "string",
        maxLength: 36,
        pattern: {
          regex: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
          allowed: "a tenant id (lower-case UUID)",
        },
      },
      doc: "Restrict matching to this tenant's users and spaces.",
      example: "7f3c9a2e-5b1d-4c8e-9a6f-2d4e8b1c0a35",
    },
  ],
};

export const cmsDescriptions: readonly ObjectDescription[] = [cmsTurnServer, cmsSpace, cmsCallMatch];
