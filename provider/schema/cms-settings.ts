import type { ObjectDescription } from "./types";

/*
 * Cisco Meeting Server objects of the dual-domain guide's Configuration > General page
 * (/api/v1/webBridges, /api/v1/system/configuration/xmpp). Sources and confidence:
 * docs/sources.md (Cisco's CMS API reference 2.x/3.0, TAC 211301 and 213821).
 * Registered in allDescriptions (provider/schema/index.ts).
 */

const objectId = (doc: string) => ({
  type: {
    kind: "string" as const,
    maxLength: 36,
    pattern: {
      regex: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      allowed: "an object id (lower-case UUID)",
    },
  },
  doc,
});

const until3 = { until: "3.0" } as const;

export const cmsWebBridge: ObjectDescription = {
  resource: "CmsWebBridge",
  noun: "web bridge",
  doc:
    "A Web Bridge the Call Bridge uses for WebRTC / Web App guests (/api/v1/webBridges). " +
    "On 2.x the guest-access settings live on the web bridge; from 3.0 they move to a web bridge profile.",
  defaultProfile: "cms",
  api: {
    family: "cms",
    collection: "webBridges",
    element: "webBridge",
    notFound: "webBridgeDoesNotExist",
    uniqueFields: {},
    listFields: ["url"],
  },
  naturalKeys: [["url"]],
  deviceEnforcesUniqueness: false,
  fields: [
    {
      name: "url",
      api: "url",
      required: true,
      type: { kind: "string", minLength: 1, maxLength: 255 },
      versionPatterns: [
        { versions: until3, regex: /^https?:\/\//i, allowed: "https://host[:port] (Web Bridge on CMS 2.x)" },
        { versions: { since: "3.0" }, regex: /^c2w:\/\//i, allowed: "c2w://host:port (Web Bridge 3)" },
      ],
      example: "https://cms.octavio.local",
      doc:
        "How the Call Bridge reaches the Web Bridge: `https://host[:port]` on 2.x, `c2w://host:port` from 3.0 " +
        "(Web Bridge 3).",
    },
    {
      name: "tenant",
      api: "tenant",
      ...objectId("Tenant the web bridge serves."),
      refersTo: { resource: "CmsTenant", field: "id" },
      example: "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
    },
    {
      name: "resourceArchive",
      api: "resourceArchive",
      versions: until3,
      type: { kind: "string", minLength: 1, maxLength: 255 },
      example: "https://cms.octavio.local/branding/webbridge.zip",
      doc: "URL of a customisation archive (background and logo); 2.x only (3.0: web bridge profile).",
    },
    {
      name: "idEntryMode",
      api: "idEntryMode",
      versions: until3,
      deviceDefault: "secure",
      example: "secure",
      type: { kind: "enum", values: ["disabled", "secure", "legacy"] },
      doc: "Guest access via ID and passcode (Configuration > General). Device default secure; 2.x only.",
    },
    {
      name: "allowWeblinkAccess",
      api: "allowWeblinkAccess",
      versions: until3,
      deviceDefault: true,
      example: true,
      type: { kind: "bool" },
      doc: "Guest access via hyperlinks. Device default true; 2.x only.",
    },
    {
      name: "showSignIn",
      api: "showSignIn",
      versions: until3,
      deviceDefault: true,
      example: true,
      type: { kind: "bool" },
      doc: "Offer user sign-in. Device default true; 2.x only.",
    },
    {
      name: "resolveCoSpaceCallIds",
      api: "resolveCoSpaceCallIds",
      versions: until3,
      deviceDefault: true,
      example: true,
      type: { kind: "bool" },
      doc: "Join spaces by call id. Device default true; 2.x only.",
    },
    {
      name: "resolveLyncConferenceIds",
      api: "resolveLyncConferenceIds",
      versions: until3,
      deviceDefault: false,
      example: false,
      type: { kind: "bool" },
      doc: "Join scheduled Lync conferences by id. Device default false; 2.x only.",
    },
    {
      name: "webBridgeProfile",
      api: "webBridgeProfile",
      versions: { since: "3.0" },
      ...objectId("Web bridge profile holding the guest-access settings (3.0 and later)."),
      example: "0d9e8f7a-6b5c-4d3e-9f1a-2b3c4d5e6f70",
    },
  ],
};

export const cmsXmppSettings: ObjectDescription = {
  resource: "CmsXmppSettings",
  noun: "XMPP settings",
  doc:
    "The Call Bridge's XMPP server settings (Configuration > General; /api/v1/system/configuration/xmpp). " +
    "CMS 2.x only: 3.0 removed XMPP.",
  defaultProfile: "cms",
  lifecycle: "singleton",
  versions: until3,
  manualStep:
    "CMS 3.0 removed XMPP (Web Bridge 3 reaches the Call Bridge over C2W): leave this resource out " +
    "of the stack for a 3.x device.",
  api: {
    family: "cms",
    collection: "system/configuration/xmpp",
    // The root element of this answer is not in the stored sources [I].
    element: "xmpp",
    notFound: "unrecognizedObject",
    uniqueFields: {},
    listFields: [],
  },
  naturalKeys: [],
  deviceEnforcesUniqueness: false,
  fields: [
    {
      name: "uniqueName",
      api: "uniqueName",
      type: { kind: "string", minLength: 1, maxLength: 255 },
      example: "cb1",
      doc: "Unique Call Bridge name: the component name given to `xmpp callbridge add` on the MMP.",
    },
    {
      name: "domain",
      api: "domain",
      type: { kind: "string", maxLength: 253, format: "domain" },
      example: "cms.octavio.local",
      doc: "XMPP domain.",
    },
    {
      name: "serverAddressOverride",
      api: "serverAddressOverride",
      type: { kind: "string", minLength: 1, maxLength: 255 },
      example: "localhost:5223",
      doc: "XMPP server address when DNS does not give it, e.g. `localhost:5223`.",
    },
    {
      name: "sharedSecret",
      api: "sharedSecret",
      secret: true,
      writeOnly: true,
      type: { kind: "string", minLength: 1, maxLength: 255 },
      doc: "Shared secret printed by `xmpp callbridge add`. Secret; not returned on GET.",
    },
  ],
};

export const cmsSettingsDescriptions: readonly ObjectDescription[] = [cmsWebBridge, cmsXmppSettings];
