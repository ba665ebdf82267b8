import type { FieldDescription, ObjectDescription } from "./types";

/*
 * Cisco Meeting Server objects of the Skype for Business content system (Cisco TAC 212580):
 * the outbound dial plan rule to the SfB domain, call leg and call profiles, and the
 * system-wide profile choice (/system/profiles). Wire names, enum values, defaults and the
 * first release of each field are those of Cisco's API Blueprint [APIARY, "ciscocms/apiary"
 * apiary.apib: outboundDialPlanRule, callLegProfile, callProfile and systemProfile data
 * structures; the Blueprint covers 2.4 and later and marks later additions "From version
 * x"]. Length limits the device does not document are the provider's guard rails ("guard").
 * Registered in allDescriptions (provider/schema/index.ts).
 */

export const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A field holding another CMS object's id (a tenant, a call bridge, a profile). */
export function idField(
  name: string,
  what: string,
  doc: string,
  extra: Partial<FieldDescription> = {},
): FieldDescription {
  return {
    name,
    api: name,
    type: { kind: "string", maxLength: 36, pattern: { regex: OBJECT_ID, allowed: `${what} id (lower-case UUID)` } },
    doc,
    example: "7f3c9a2e-5b1d-4c8e-9a6f-2d4e8b1c0a35",
    ...extra,
  };
}

export const bool = (name: string, doc: string, example: boolean): FieldDescription => ({
  name,
  api: name,
  type: { kind: "bool" },
  doc,
  example,
});

export const cmsOutboundRule: ObjectDescription = {
  resource: "CmsOutboundRule",
  noun: "outbound dial plan rule",
  doc:
    "An outbound dial plan rule (Configuration > Outbound calls; /api/v1/outboundDialPlanRules): which " +
    "proxy and trunk type the Call Bridge uses to call a domain. For Skype for Business: trunkType `lync`, " +
    "sipControlEncryption `encrypted` and localContactDomain set (Cisco's advice in the API reference). " +
    "Identified by domain, priority, scope, callBridge, callBridgeGroup and tenant: the CMS keeps several " +
    "rules for one domain (a failover chain of priorities with failureAction `continue`, or one rule per " +
    "call bridge), so the domain alone would adopt the wrong rule; two rules alike in all six are tried " +
    "in no defined order, so no stack means two of them. A key field left unset is matched at its device " +
    "default (priority 0, scope global) or, without one, only by rules where it is unset too.",
  defaultProfile: "cms",
  api: {
    family: "cms",
    collection: "outboundDialPlanRules",
    element: "outboundDialPlanRule",
    notFound: "outboundDialPlanRuleDoesNotExist",
    uniqueFields: {},
    // The Blueprint's list answer: domain, priority and tenant.
    listFields: ["domain", "priority", "tenant"],
  },
  naturalKeys: [["domain", "priority", "scope", "callBridge", "callBridgeGroup", "tenant"]],
  deviceEnforcesUniqueness: false,
  fields: [
    {
      name: "domain",
      api: "domain",
      required: true,
      type: {
        kind: "string",
        minLength: 1,
        maxLength: 253,
        pattern: {
          regex: /^(\*|[A-Za-z0-9*_-]+)(\.[A-Za-z0-9*_-]+)*$/,
          allowed: "a domain, wildcards allowed (example.com, *.com)",
        },
      },
      doc: 'Domain the rule applies to: complete ("example.com") or wildcarded ("*.com").',
      example: "skype.octavio.com",
    },
    {
      name: "priority",
      api: "priority",
      deviceDefault: 0,
      type: { kind: "int", min: 0, max: 2147483647 },
      doc: "Order of the rules: higher first; a failed call tries lower ones when failureAction is `continue`.",
      example: 10,
    },
    {
      name: "sipProxy",
      api: "sipProxy",
      type: { kind: "string", minLength: 1, maxLength: 255 },
      doc: "Proxy (address or host name, optionally :port) the call goes through; unset: a direct call.",
      example: "sfbpool.skype.octavio.com",
    },
    {
      name: "trunkType",
      api: "trunkType",
      deviceDefault: "sip",
      type: { kind: "enum", values: ["sip", "lync", "avaya"] },
      doc: "`lync` for Skype for Business / Lync; `sip` (device default) for standard SIP; `avaya`.",
      example: "lync",
    },
    {
      name: "localContactDomain",
      api: "localContactDomain",
      type: { kind: "string", maxLength: 253, format: "domain" },
      doc: "Contact domain of the Call Bridge in calls by this rule: set it for Lync, leave it unset otherwise.",
      example: "cms.octavio.com",
    },
    {
      name: "localFromDomain",
      api: "localFromDomain",
      type: { kind: "string", maxLength: 253, format: "domain" },
      doc: "Domain of the calling party in calls by this rule.",
      example: "octavio.com",
    },
    {
      name: "sipControlEncryption",
      api: "sipControlEncryption",
      deviceDefault: "auto",
      type: { kind: "enum", values: ["auto", "encrypted", "unencrypted"] },
      doc: "SIP control over TLS: `encrypted` only, `unencrypted` only, or `auto` (TLS, falling back to TCP).",
      example: "encrypted",
    },
    {
      name: "failureAction",
      api: "failureAction",
      deviceDefault: "stop",
      type: { kind: "enum", values: ["stop", "continue"] },
      doc: "Whether a failed call tries the next lower-priority rule (`continue`) or not (`stop`, device default).",
      example: "stop",
    },
    {
      name: "scope",
      api: "scope",
      deviceDefault: "global",
      type: { kind: "enum", values: ["global", "callBridge", "callBridgeGroup"] },
      valueVersions: { callBridgeGroup: { since: "2.2" } },
      doc: "Which Call Bridges use the rule: all (`global`), the one in callBridge, or the group in callBridgeGroup.",
      example: "global",
    },
    idField("callBridge", "a call bridge", "The Call Bridge of a rule whose scope is `callBridge`."),
    idField(
      "callBridgeGroup",
      "a call bridge group",
      "The Call Bridge group of a rule whose scope is `callBridgeGroup`.",
      {
        versions: { since: "2.2" },
      },
    ),
    idField("tenant", "a tenant", "Use the rule only for calls of this tenant.", {
      refersTo: { resource: "CmsTenant", field: "id" },
    }),
    {
      name: "callRouting",
      api: "callRouting",
      deviceDefault: "default",
      // The 2.4+ Blueprint is the first source naming it (a beta feature there) [GAP for earlier releases].
      versions: { since: "2.4" },
      type: { kind: "enum", values: ["default", "traversal"] },
      doc: "Media routing of calls by this rule: `default` (direct) or `traversal` (through a TURN server; beta).",
      example: "default",
    },
  ],
};

export const cmsCallLegProfile: ObjectDescription = {
  resource: "CmsCallLegProfile",
  noun: "call leg profile",
  doc:
    "A call leg profile (/api/v1/callLegProfiles): what a participant may do in a call, content sharing " +
    "and BFCP among it. A field left unset is inherited from the level above (system, tenant, space). " +
    "Identified by its name when it has one; make it the system default with CmsSystemProfiles.",
  defaultProfile: "cms",
  api: {
    family: "cms",
    collection: "callLegProfiles",
    element: "callLegProfile",
    notFound: "callLegProfileDoesNotExist",
    uniqueFields: {},
    // Which fields the list answer carries is not published: key fields are read per object.
    listFields: [],
  },
  naturalKeys: [["name"]],
  deviceEnforcesUniqueness: false,
  fields: [
    {
      name: "name",
      api: "name",
      versions: { since: "2.0" },
      type: { kind: "string", minLength: 1, maxLength: 200 },
      doc: "Name of the profile (guard: at most 200 characters).",
      example: "Skype content",
    },
    bool(
      "needsActivation",
      "Participants hear and see nothing, and send nothing, until an activator (a participant whose profile " +
        "does not need activation) joins: the lobby for guests [G20 p. 66, callLegProfiles].",
      true,
    ),
    bool("presentationContributionAllowed", "Participants may share content.", true),
    bool("presentationViewingAllowed", "Participants see shared content.", true),
    bool(
      "sipPresentationChannelEnabled",
      "SIP call legs may open a presentation video channel (needed for content with SIP endpoints).",
      true,
    ),
    {
      name: "bfcpMode",
      api: "bfcpMode",
      type: { kind: "enum", values: ["serverOnly", "serverAndClient"] },
      doc: "The Call Bridge's BFCP role: `serverOnly` for endpoints, `serverAndClient` toward another MCU.",
      example: "serverOnly",
    },
    {
      name: "presentationDisplayMode",
      api: "presentationDisplayMode",
      type: { kind: "enum", values: ["dualStream", "singleStream"] },
      doc: "`singleStream` composes content into the main video; `dualStream` sends it apart.",
      example: "dualStream",
    },
    {
      name: "sipMediaEncryption",
      api: "sipMediaEncryption",
      type: { kind: "enum", values: ["optional", "required", "prohibited"] },
      doc: "Media encryption of SIP call legs (as the Web Admin's Call settings).",
      example: "optional",
    },
    {
      name: "qualityPresentation",
      api: "qualityPresentation",
      versions: { since: "2.2" },
      type: { kind: "enum", values: ["unrestricted", "max1080p30", "max720p5"] },
      doc: "Highest negotiated content quality (2.2 and later).",
      example: "unrestricted",
    },
  ],
};

export const cmsCallProfile: ObjectDescription = {
  resource: "CmsCallProfile",
  noun: "call profile",
  doc:
    "A call profile (/api/v1/callProfiles): participant limit and in-call behaviour of spaces and ad hoc " +
    "calls, and how the Call Bridge joins Skype for Business meetings (lyncConferenceMode, 2.3 and later). " +
    "The CMS gives it no name, so it has no natural key: an ambiguous create failure is reported, never " +
    "retried blindly. Make it the system default with CmsSystemProfiles.",
  defaultProfile: "cms",
  api: {
    family: "cms",
    collection: "callProfiles",
    element: "callProfile",
    notFound: "callProfileDoesNotExist",
    uniqueFields: {},
    listFields: [],
  },
  naturalKeys: [],
  deviceEnforcesUniqueness: false,
  fields: [
    {
      name: "participantLimit",
      api: "participantLimit",
      type: { kind: "int", min: 1, max: 10000 },
      doc: "Most participants active at once in a call using the profile (guard: 1 to 10000).",
      example: 100,
    },
    bool("messageBoardEnabled", "Whether the call has a message board (chat).", true),
    bool("locked", "Whether calls start locked (guests wait in the lobby).", false),
    {
      name: "recordingMode",
      api: "recordingMode",
      deviceDefault: "manual",
      type: { kind: "enum", values: ["disabled", "manual", "automatic"] },
      doc: "How calls can be recorded (device default `manual`).",
      example: "manual",
    },
    {
      name: "streamingMode",
      api: "streamingMode",
      deviceDefault: "manual",
      versions: { since: "2.1" },
      type: { kind: "enum", values: ["disabled", "manual", "automatic"] },
      doc: "How calls can be streamed (device default `manual`; 2.1 and later).",
      example: "manual",
    },
    {
      name: "lyncConferenceMode",
      api: "lyncConferenceMode",
      versions: { since: "2.3" },
      type: { kind: "enum", values: ["dualHomeCluster", "dualHomeCallBridge", "gateway"] },
      doc:
        "How participants join Skype for Business meetings: one shared conference for the cluster " +
        "(`dualHomeCluster`), one per Call Bridge (`dualHomeCallBridge`) or a connection each (`gateway`). " +
        "2.3 and later.",
      example: "dualHomeCluster",
    },
    {
      name: "gatewayAudioCallOptimization",
      api: "gatewayAudioCallOptimization",
      versions: { since: "2.3" },
      type: { kind: "bool" },
      doc: "Outgoing gateway legs are audio-only when the incoming leg was (2.3 and later).",
      example: false,
    },
  ],
};

export const cmsSystemProfiles: ObjectDescription = {
  resource: "CmsSystemProfiles",
  noun: "system profiles",
  doc:
    "The system-wide profiles (/api/v1/system/profiles): which call leg profile and call profile apply " +
    "where no tenant, space or access method names one. Destroy puts back the profiles it found.",
  defaultProfile: "cms",
  lifecycle: "singleton",
  api: {
    family: "cms",
    collection: "system/profiles",
    // The root element of this answer is not in the stored sources [I].
    element: "profiles",
    notFound: "unrecognizedObject",
    uniqueFields: {},
    listFields: [],
  },
  naturalKeys: [],
  deviceEnforcesUniqueness: false,
  fields: [
    idField("callLegProfile", "a call leg profile", "The system's call leg profile (e.g. a CmsCallLegProfile's id).", {
      refersTo: { resource: "CmsCallLegProfile", field: "id" },
    }),
    idField("callProfile", "a call profile", "The system's call profile (e.g. a CmsCallProfile's id).", {
      refersTo: { resource: "CmsCallProfile", field: "id" },
    }),
  ],
};

export const cmsSfbDescriptions: readonly ObjectDescription[] = [
  cmsOutboundRule,
  cmsCallLegProfile,
  cmsCallProfile,
  cmsSystemProfiles,
];
