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

/** The Expressway emulators' options for these variants. */
export function expresswayVariantOptions(variants: readonly UnconfirmedVariant[]): Partial<ExpresswayEmulatorOptions> {
  const on = new Set(variants);
  return {
    ...(on.has("dns-servers-bare") ? { bareListEntries: true } : {}),
    ...(on.has("expressway-other-wording")
      ? { otherWording: { missing: "No such record", duplicate: "Name is in use" } }
      : {}),
    ...(on.has("turn-get-in-effect") ? { getAnswersInEffect: true } : {}),
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
