import { idField } from "./cms-sfb";
import type { ObjectDescription } from "./types";

/*
 * The CMS incoming call forwarding dial plan (Configuration > Incoming calls, Call
 * forwarding; /api/v1/forwardingDialPlanRules). Wire names, enum values and defaults are
 * those of Cisco's API Blueprint [APIARY, "ciscocms/apiary" apiary.apib: "Incoming Call
 * Forwarding Dial Plan API Methods" and the forwardingDialPlanRule data structure]; the
 * Blueprint covers 2.4 and later and dates tenant to R1.8 and uriParameters to 2.0, both
 * before the oldest release the provider knows, so no field is limited by release.
 * Registered in allDescriptions (provider/schema/index.ts).
 */

export const cmsForwardingRule: ObjectDescription = {
  resource: "CmsForwardingRule",
  noun: "forwarding dial plan rule",
  doc:
    "An incoming call forwarding rule (Configuration > Incoming calls, Call forwarding; " +
    "/api/v1/forwardingDialPlanRules): what the Call Bridge does with a call whose domain matches no " +
    "incoming dial plan rule: forward it in bridge mode (optionally to another domain) or reject it. " +
    "Identified by matchPattern, priority and tenant: the CMS keeps several overlapping rules, ordered by " +
    "priority, so the pattern alone would adopt the wrong rule; two rules alike in all three are tried in no " +
    "defined order, so no stack means two of them. A priority left unset is matched at the device default 0; " +
    "a rule without tenant matches only rules without one.",
  defaultProfile: "cms",
  api: {
    family: "cms",
    collection: "forwardingDialPlanRules",
    element: "forwardingDialPlanRule",
    notFound: "forwardingDialPlanRuleDoesNotExist",
    uniqueFields: {},
    // The Blueprint's list answer: matchPattern, priority and tenant.
    listFields: ["matchPattern", "priority", "tenant"],
  },
  naturalKeys: [["matchPattern", "priority", "tenant"]],
  deviceEnforcesUniqueness: false,
  fields: [
    {
      name: "matchPattern",
      api: "matchPattern",
      required: true,
      type: {
        kind: "string",
        minLength: 1,
        maxLength: 253,
        pattern: {
          // "Wildcards are permitted in any part of a domain matching pattern, but do not use
          // matchPattern=* as a match all, otherwise you will create call loops" [APIARY].
          regex: /^(?!\*$)[A-Za-z0-9*_-]+(\.[A-Za-z0-9*_-]+)*$/,
          allowed: 'a domain, wildcards allowed (example.com, exa*.com), not "*" alone (a call loop)',
        },
      },
      doc:
        'Domain the rule matches: complete ("example.com") or wildcarded ("exa*.com"). Not "*" alone: ' +
        "Cisco warns that a match-all rule creates call loops.",
      example: "partner.example.com",
    },
    {
      name: "priority",
      api: "priority",
      // Not stated as a default; every sample of a rule created without one shows 0 [APIARY samples; I].
      deviceDefault: 0,
      type: { kind: "int", min: 0, max: 2147483647 },
      doc: "Order of the rules: higher first.",
      example: 10,
    },
    {
      name: "action",
      api: "action",
      // The Blueprint names no default for a rule created without one [GAP]: left to the device.
      type: { kind: "enum", values: ["forward", "reject"] },
      doc:
        "`forward`: a matching call becomes a point-to-point call to the new destination; `reject`: refused. " +
        "Unset: what the device chooses (no Cisco document says which).",
      example: "forward",
    },
    {
      name: "destinationDomain",
      api: "destinationDomain",
      type: { kind: "string", maxLength: 253, format: "domain" },
      doc: "Domain a forwarded call's destination is rewritten to; unset: the destination is kept.",
      example: "partner.example.net",
    },
    {
      name: "callerIdMode",
      api: "callerIdMode",
      deviceDefault: "regenerate",
      type: { kind: "enum", values: ["regenerate", "preserve"] },
      doc: "Whether a forwarded call keeps the caller's ID (`preserve`) or gets a new one (`regenerate`, the default).",
      example: "preserve",
    },
    idField("tenant", "a tenant", "Calls forwarded by this rule are associated with this tenant.", {
      refersTo: { resource: "CmsTenant", field: "id" },
    }),
    {
      name: "uriParameters",
      api: "uriParameters",
      deviceDefault: "discard",
      type: { kind: "enum", values: ["discard", "forward"] },
      doc: "Whether parameters of the incoming destination URI are dropped (`discard`, the default) or passed on.",
      example: "discard",
    },
  ],
};
