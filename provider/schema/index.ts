import { ProviderBug } from "../errors";
import { cmsDescriptions } from "./cms";
import { cmsForwardingRule } from "./cms-forwarding";
import { cmsLdapDescriptions } from "./cms-ldap";
import { cmsSfbDescriptions } from "./cms-sfb";
import { cmsSettingsDescriptions } from "./cms-settings";
import { expresswayDescriptions } from "./expressway";
import { expresswaySettingsDescriptions } from "./expressway-settings";
import type { ObjectDescription } from "./types";

export const allDescriptions: readonly ObjectDescription[] = [
  ...cmsDescriptions,
  ...cmsSettingsDescriptions,
  ...cmsSfbDescriptions,
  cmsForwardingRule,
  ...cmsLdapDescriptions,
  ...expresswayDescriptions,
  ...expresswaySettingsDescriptions,
];

export function descriptionFor(resource: string): ObjectDescription {
  const desc = allDescriptions.find((d) => d.resource === resource);
  if (!desc)
    throw new ProviderBug(
      `unknown resource kind "${resource}"; known: ${allDescriptions.map((d) => d.resource).join(", ")}`,
    );
  return desc;
}
