import type { FieldDescription, FieldType } from "./types";
import type { ObjectDescription } from "./types";

/*
 * Expressway call routing and Unified CM servers (issue 22): search rules, pre-search
 * transforms, neighbour zones (Expressway-C and -E) and the Unified CM servers of Mobile and
 * Remote Access (Expressway-C). Keys refer to docs/sources.md. What each source gives:
 * - Search rules: every JSON name and one value of each enum from a live GET [R2
 *   getSearchRule]; the path `common/searchrule` from two clients written against X8.11 [R1, R2].
 *   Search rules arrived with the B2B phase of the API in X8.9 [S1, S4]; no source shows their
 *   path on X8.9 or X8.10, so `controller/searchrule` is tried there too (unconfirmedPaths).
 * - Transforms: the path `common/transform` [R1]; NO JSON name is published: the names below
 *   are the search rule's confirmed names for the same settings (the administrator guide's
 *   transform page has the search rule's pattern fields), each marked unconfirmed.
 * - Neighbour zones: the path `common/zone/neighborzone` and `Name`, `PeerAddress` (a list)
 *   [R1, S3, S4]; the other names are those of the confirmed UC traversal zone fields
 *   (HopCount, SIPPort) and of the zone's CDB settings [S10], each marked unconfirmed.
 * - Unified CM servers: the path `controller/server/cucm`, every name from a live GET and a
 *   create [R2 getCUCM, R1 new_cucmserver]; DELETE by `{"Publisher": ...}` [R2].
 * Enum values other than the one a capture shows are the administrator guide's UI choices
 * written as the API writes the captured one [I].
 */

/** Search rules, transforms and neighbour zones came with the B2B phase of the API [S1, S4]. */
const B2B_API = { since: "8.9" } as const;

const B2B_MANUAL_STEP =
  "Configure it by hand instead on the Expressway web UI (Configuration > Dial plan, or Configuration > Zones), " +
  "and leave this resource out of the stack for that device.";

const enumField = (
  name: string,
  api: string,
  values: readonly string[],
  deviceDefault: string,
  doc: string,
  example: string = deviceDefault,
): FieldDescription => ({
  name,
  api,
  deviceDefault,
  type: { kind: "enum", values },
  doc: `${doc} (device default ${deviceDefault}).`,
  example,
});

const priorityType: FieldType = { kind: "int", min: 1, max: 65534 };
const patternTypes = ["Exact", "Prefix", "Suffix", "Regex"] as const;
const patternBehaviors = ["Strip", "Leave", "Replace", "AddPrefix", "AddSuffix"] as const;
const states = ["Enabled", "Disabled"] as const;
const patternString: FieldType = { kind: "string", minLength: 0, maxLength: 1024 };
const descriptionType: FieldType = { kind: "string", minLength: 0, maxLength: 64 };

export const expresswaySearchRule: ObjectDescription = {
  resource: "ExpresswaySearchRule",
  noun: "search rule",
  doc:
    "A search rule on an Expressway-C or -E (Configuration > Dial plan > Search rules): which aliases are " +
    "searched for in which zone. From X8.9 (the API's B2B phase).",
  defaultProfile: "expresswayC",
  versions: B2B_API,
  manualStep: B2B_MANUAL_STEP,
  api: {
    family: "expressway",
    paths: { default: "common/searchrule" },
    unconfirmedPaths: { default: ["controller/searchrule"] },
    keyField: "Name",
    readOnlyFields: { SystemGenerated: "No" },
  },
  naturalKeys: [["name"]],
  // No source shows the device refusing a second rule of the same name: create looks first.
  deviceEnforcesUniqueness: false,
  fields: [
    {
      name: "name",
      api: "Name",
      required: true,
      // No source shows a rename key (New_Name is documented for zones and credentials only [S5]).
      replaceOnChange: true,
      type: { kind: "string", minLength: 1, maxLength: 50 },
      doc: "Rule name. Changing it replaces the rule.",
      example: "To CMS",
    },
    {
      name: "priority",
      api: "Priority",
      deviceDefault: 100,
      type: priorityType,
      doc: "Priority, 1 (first) to 65534 (device default 100).",
      example: 40,
    },
    {
      name: "description",
      api: "Description",
      deviceDefault: "",
      type: descriptionType,
      doc: "Free text.",
      example: "Calls to the meeting server",
    },
    enumField("protocol", "Protocol", ["Any", "SIP", "H323"], "Any", "Protocol of the searches it applies to"),
    enumField(
      "source",
      "Source",
      ["Any", "AllZones", "LocalZone", "Named"],
      "Any",
      "Where the searches come from (`Named`: the zone or subzone in `sourceName`)",
    ),
    {
      name: "sourceName",
      api: "SourceName",
      deviceDefault: "",
      type: { kind: "string", minLength: 0, maxLength: 50 },
      doc: "The zone or subzone searches must come from when `source` is `Named`.",
      example: "",
    },
    enumField("mustAuthenticateRequest", "MustAuthenticateRequest", ["Yes", "No"], "No", "Only authenticated requests"),
    enumField(
      "mode",
      "Mode",
      ["AnyAlias", "AliasPatternMatch", "AnyIPAddress"],
      "AnyAlias",
      "What the rule matches",
      "AliasPatternMatch",
    ),
    enumField("patternType", "PatternType", patternTypes, "Prefix", "How `patternString` is matched", "Regex"),
    {
      name: "patternString",
      api: "PatternString",
      deviceDefault: "",
      type: patternString,
      doc: "The alias pattern, when `mode` is `AliasPatternMatch`.",
      example: ".*@meet\\.octavio\\.com",
    },
    enumField(
      "patternBehavior",
      "PatternBehavior",
      patternBehaviors,
      "Strip",
      "What a match does to the alias",
      "Leave",
    ),
    {
      name: "replaceString",
      api: "ReplaceString",
      deviceDefault: "",
      type: patternString,
      doc: "The replacement, when `patternBehavior` is `Replace`.",
      example: "",
    },
    enumField("onSuccessfulMatch", "OnSuccessfulMatch", ["Continue", "Stop"], "Continue", "After a match", "Stop"),
    {
      name: "targetName",
      api: "TargetName",
      required: true,
      type: { kind: "string", minLength: 1, maxLength: 50 },
      doc: "The zone (or policy service) searched: a neighbour zone's name, or `LocalZone`.",
      example: "CMS",
      refersTo: { resource: "ExpresswayNeighborZone", field: "name" },
    },
    enumField("state", "State", states, "Enabled", "Whether the rule is used"),
  ],
};

/** The search rule's name for the same setting: the transform's is not published. */
const unconfirmed = (field: FieldDescription, ...apiCandidates: string[]): FieldDescription => ({
  ...field,
  doc: `${field.doc} [wire name unconfirmed]`,
  apiCandidates,
});

export const expresswayTransform: ObjectDescription = {
  resource: "ExpresswayTransform",
  noun: "transform",
  doc:
    "A pre-search transform on an Expressway-C or -E (Configuration > Dial plan > Transforms): rewrites an " +
    "alias before any search. Identified by its priority, which no two transforms share. From X8.9. " +
    "Its JSON names are not published: they are mapped by what the device's own list returns.",
  defaultProfile: "expresswayC",
  versions: B2B_API,
  manualStep: B2B_MANUAL_STEP,
  api: { family: "expressway", paths: { default: "common/transform" }, keyField: "Priority" },
  naturalKeys: [["priority"]],
  deviceEnforcesUniqueness: false,
  fields: [
    unconfirmed(
      {
        name: "priority",
        api: "Priority",
        required: true,
        replaceOnChange: true,
        type: priorityType,
        doc: "Priority, 1 (first) to 65534; it names the transform, so changing it replaces the transform.",
        example: 10,
      },
      "Index",
    ),
    unconfirmed({
      name: "description",
      api: "Description",
      deviceDefault: "",
      type: descriptionType,
      doc: "Free text.",
      example: "",
    }),
    unconfirmed(
      enumField("patternType", "PatternType", patternTypes, "Prefix", "How `patternString` is matched", "Regex"),
    ),
    unconfirmed(
      {
        name: "patternString",
        api: "PatternString",
        required: true,
        type: { kind: "string", minLength: 1, maxLength: 1024 },
        doc: "The alias pattern.",
        example: "(.*)@octavio\\.local",
      },
      "Pattern",
    ),
    unconfirmed(
      enumField("patternBehavior", "PatternBehavior", patternBehaviors, "Strip", "What a match does", "Replace"),
    ),
    unconfirmed(
      {
        name: "replaceString",
        api: "ReplaceString",
        deviceDefault: "",
        type: patternString,
        doc: "The replacement, when `patternBehavior` is `Replace`.",
        example: "\\1@octavio.com",
      },
      // The CDB writes this setting "Pattern Replace" [I].
      "PatternReplace",
    ),
    unconfirmed(enumField("state", "State", states, "Enabled", "Whether the transform is used")),
  ],
};

export const expresswayNeighborZone: ObjectDescription = {
  resource: "ExpresswayNeighborZone",
  noun: "neighbor zone",
  doc:
    "A neighbour zone on an Expressway-C or -E (Configuration > Zones > Zones, type Neighbor): a peer " +
    "(a Meeting Server, a Unified CM, another Expressway) that search rules can target. From X8.9.",
  defaultProfile: "expresswayC",
  versions: B2B_API,
  manualStep: B2B_MANUAL_STEP,
  api: { family: "expressway", paths: { default: "common/zone/neighborzone" }, keyField: "Name" },
  naturalKeys: [["name"]],
  // A public client's mock answers a second zone of the same name "Neighbor zone name already exists" [R1].
  deviceEnforcesUniqueness: true,
  fields: [
    {
      name: "name",
      api: "Name",
      updateApi: "New_Name",
      required: true,
      type: { kind: "string", minLength: 1, maxLength: 50 },
      doc: "Zone name; renaming updates in place.",
      example: "CMS",
    },
    {
      name: "peerAddresses",
      api: "PeerAddress",
      required: true,
      type: { kind: "stringList", minItems: 1, maxItems: 6, item: { maxLength: 1024, format: "host" } },
      doc: "Peer addresses (1 to 6; FQDNs or IP addresses).",
      example: ["cms.octavio.local"],
    },
    unconfirmed({
      name: "hopCount",
      api: "HopCount",
      deviceDefault: 15,
      type: { kind: "int", min: 1, max: 255 },
      doc: "Hop count (1 to 255, device default 15).",
      example: 15,
    }),
    unconfirmed(
      {
        name: "sipMode",
        api: "SIPMode",
        deviceDefault: true,
        type: { kind: "bool" },
        doc: "SIP to the peer (device default On).",
        example: true,
      },
      "SIPEnabled",
    ),
    unconfirmed({
      name: "sipPort",
      api: "SIPPort",
      deviceDefault: 5061,
      type: { kind: "int", min: 1, max: 65535 },
      doc: "The peer's SIP port (device default 5061).",
      example: 5061,
    }),
    unconfirmed(
      enumField("sipTransport", "SIPTransport", ["TLS", "TCP", "UDP"], "TLS", "SIP transport to the peer"),
      "SIPTransportProtocol",
    ),
    unconfirmed(
      {
        name: "h323Mode",
        api: "H323Mode",
        deviceDefault: true,
        type: { kind: "bool" },
        doc: "H.323 to the peer (device default On).",
        example: false,
      },
      "H323Enabled",
    ),
  ],
};

const onOff = (name: string, api: string, doc: string, deviceDefault?: boolean): FieldDescription => ({
  name,
  api,
  ...(deviceDefault !== undefined ? { deviceDefault } : {}),
  type: { kind: "bool" },
  doc: deviceDefault !== undefined ? `${doc} (device default ${deviceDefault ? "On" : "Off"}).` : `${doc}.`,
  example: deviceDefault ?? true,
});

export const expresswayCucmServer: ObjectDescription = {
  resource: "ExpresswayCucmServer",
  noun: "Unified CM server",
  doc:
    "A Unified CM publisher on an Expressway-C for Mobile and Remote Access (Configuration > Unified " +
    "Communications > Unified CM servers). Adding one makes the Expressway-C discover the cluster through AXL. " +
    "The Expressway-E has no such path.",
  defaultProfile: "expresswayC",
  // Part of the first (MRA) phase of the API in X8.8 by inference only [I]; from X8.9 as the B2B objects.
  versions: { since: "8.9", unsureFrom: "8.8" },
  manualStep:
    "Configure it by hand instead on the Expressway-C web UI, Configuration > Unified Communications > " +
    "Unified CM servers, and leave this resource out of the stack for that device.",
  api: { family: "expressway", paths: { default: "controller/server/cucm" }, keyField: "Publisher" },
  naturalKeys: [["publisher"]],
  deviceEnforcesUniqueness: false,
  fields: [
    {
      name: "publisher",
      api: "Publisher",
      required: true,
      replaceOnChange: true,
      type: { kind: "string", minLength: 1, maxLength: 1024, format: "host" },
      doc: "The Unified CM publisher's address (FQDN or IP address). Changing it replaces the server.",
      example: "cucm.octavio.local",
    },
    {
      name: "axlUsername",
      api: "AxlUsername",
      required: true,
      type: { kind: "string", minLength: 1, maxLength: 1024 },
      doc: "The AXL user the Expressway-C discovers the cluster with.",
      example: "axluser",
    },
    {
      name: "axlPassword",
      api: "AxlPassword",
      required: true,
      secret: true,
      writeOnly: true,
      type: { kind: "string", minLength: 1, maxLength: 1024 },
      doc: "The AXL user's password. Secret; the device never returns it.",
    },
    // The live GET shows "On" and "on": the values are read without regard to case [R2].
    onOff("tlsVerify", "TlsVerify", "Verify the Unified CM's certificate (TLS verify mode)", true),
    onOff("aesGcm", "AesGcm", "AES GCM support", false),
    onOff("sipUpdateForSessionRefresh", "SipUpdateForSessionRefresh", "SIP UPDATE for session refresh", false),
    onOff("icePassthrough", "IcePassthrough", "ICE passthrough support"),
  ],
};

export const expresswayRoutingDescriptions: readonly ObjectDescription[] = [
  expresswaySearchRule,
  expresswayTransform,
  expresswayNeighborZone,
  expresswayCucmServer,
];
