import { allDescriptions } from "../provider/schema";
import type { ObjectDescription } from "../provider/schema/types";
import type { CmsEmulatorOptions } from "./cms";
import type { ExpresswayEmulatorOptions } from "./expressway";
import { parseNamedList } from "./named-list";

/**
 * Device behaviours no public source settles [GAP], each a switch to another plausible
 * answer than the emulators' default one. The provider must cope with every one of them:
 * `npm run lab -- --unconfirmed all` runs the example against all at once, and so does a
 * lifecycle test.
 */
export const UNCONFIRMED_VARIANTS = {
  "dns-servers-bare":
    "Expressway DNS server entries bare, a JSON array as in live captures of the NTP list (Cisco's guide wraps them)",
  "expressway-other-wording": "Expressway 'not found' and 'already exists' in words other than the emulator's",
  "cms-unpublished-not-found-tags": "CMS TURN servers and web bridges answer an unknown id with unrecognizedObject",
  "turn-status-without-status": "CMS TURN status without the leading <status>, hosts only (Cisco's API reference)",
  "licence-file-features": "CMS 3.x /system/licensing names the features without a status (the licence file)",
  "sysinfo-other-keys": "Expressway sysinfo without SoftwareVersion and with a HardwareVersion (release: /status.xml)",
  "cms-list-entries-short":
    "CMS list entries without the later fields of a natural key (a rule's tenant), as Cisco's rule-list sample",
  "sysinfo-without-serial": "Expressway sysinfo without SerialNumber (identity: /status.xml SystemUnit/Hardware)",
  "turn-get-in-effect": "Expressway-E TURN settings GET answers the values in effect, not held ones, until a restart",
  "expressway-other-paths":
    "Expressway collections whose path no source settles on every release at their other plausible path " +
    "(search rules at controller/searchrule, as X8.9 or X8.10 might have them)",
  "expressway-other-wire-names":
    "Expressway collections' unconfirmed JSON names (transforms, neighbour zones) as their first other plausible name",
  "expressway-ignores-unknown-properties":
    "Expressway creates and updates drop properties the object does not have instead of refusing them",
} as const;

export type UnconfirmedVariant = keyof typeof UNCONFIRMED_VARIANTS;

/** A comma-separated list, or `all`; throws naming the known variants. */
export function parseUnconfirmedVariants(list: string): UnconfirmedVariant[] {
  if (list.trim() === "all") return Object.keys(UNCONFIRMED_VARIANTS) as UnconfirmedVariant[];
  return parseNamedList(list, UNCONFIRMED_VARIANTS, "unconfirmed variant", ["all"]);
}

/** By collection, the fields of every natural key but the first (what a short list entry leaves out). */
function laterKeyFields(descriptions: readonly ObjectDescription[]): Record<string, readonly string[]> {
  const omitted: Record<string, readonly string[]> = {};
  for (const desc of descriptions)
    if (desc.api.family === "cms") omitted[desc.api.collection] = desc.naturalKeys.flatMap((key) => key.slice(1));
  return omitted;
}

/** The CMS emulator's options for these variants. */
export function cmsVariantOptions(variants: readonly UnconfirmedVariant[]): Partial<CmsEmulatorOptions> {
  const on = new Set(variants);
  return {
    ...(on.has("cms-list-entries-short") ? { listOmits: laterKeyFields(allDescriptions) } : {}),
    ...(on.has("cms-unpublished-not-found-tags")
      ? { notFoundTags: { turnServers: "unrecognizedObject", webBridges: "unrecognizedObject" } }
      : {}),
    statusAnswers: {
      ...(on.has("turn-status-without-status") ? { turnServer: { status: null } } : {}),
      ...(on.has("licence-file-features") ? { licence: { fileNamesFeatures: true } } : {}),
    },
  };
}

/** By resource, the first other plausible path of each Expressway collection whose path is unconfirmed. */
function otherPaths(): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const desc of allDescriptions) {
    const other = desc.api.family === "expressway" ? desc.api.unconfirmedPaths?.default?.[0] : undefined;
    if (other) paths[desc.resource] = other;
  }
  return paths;
}

/**
 * By resource and field, the first other plausible wire name of each unconfirmed field of an
 * Expressway collection (settings objects keep theirs: their tests rename them one by one).
 */
function otherWireNames(): Record<string, Record<string, string>> {
  const names: Record<string, Record<string, string>> = {};
  for (const desc of allDescriptions) {
    if (desc.api.family !== "expressway" || desc.lifecycle === "singleton") continue;
    for (const field of desc.fields) {
      const other = field.apiCandidates?.[0];
      if (other) names[desc.resource] = { ...names[desc.resource], [field.name]: other };
    }
  }
  return names;
}

/** The Expressway emulators' options for these variants. */
export function expresswayVariantOptions(variants: readonly UnconfirmedVariant[]): Partial<ExpresswayEmulatorOptions> {
  const on = new Set(variants);
  return {
    ...(on.has("dns-servers-bare") ? { bareListEntries: true } : {}),
    ...(on.has("expressway-other-wording")
      ? { otherWording: { missing: "No such record", duplicate: "Name is in use" } }
      : {}),
    ...(on.has("turn-get-in-effect") ? { getAnswersInEffect: true } : {}),
    ...(on.has("expressway-other-paths") ? { servedPaths: otherPaths() } : {}),
    ...(on.has("expressway-other-wire-names") ? { wireNames: otherWireNames() } : {}),
    ...(on.has("expressway-ignores-unknown-properties") ? { ignoreUnknownProperties: true } : {}),
    ...(on.has("sysinfo-other-keys") || on.has("sysinfo-without-serial")
      ? {
          sysinfo: (release: string, serial: string) => ({
            ...(on.has("sysinfo-other-keys") ? { HardwareVersion: "1.0" } : { SoftwareVersion: release }),
            ...(on.has("sysinfo-without-serial") ? {} : { SerialNumber: serial }),
          }),
        }
      : {}),
  };
}
