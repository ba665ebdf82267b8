import { ProviderBug } from "../errors";
import { cmsDescriptions } from "./cms";
import { cmsForwardingRule } from "./cms-forwarding";
import { cmsLdapDescriptions } from "./cms-ldap";
import { cmsSfbDescriptions } from "./cms-sfb";
import { cmsSettingsDescriptions } from "./cms-settings";
import { cmsSpaceDescriptions } from "./cms-spaces";
import { cmsTenancyDescriptions } from "./cms-tenancy";
import { expresswayDescriptions } from "./expressway";
import { expresswayRoutingDescriptions } from "./expressway-routing";
import { expresswaySettingsDescriptions } from "./expressway-settings";
import type { FieldDescription, ObjectDescription } from "./types";

export const allDescriptions: readonly ObjectDescription[] = [
  ...cmsDescriptions,
  ...cmsSettingsDescriptions,
  ...cmsSfbDescriptions,
  cmsForwardingRule,
  ...cmsLdapDescriptions,
  ...cmsSpaceDescriptions,
  ...cmsTenancyDescriptions,
  ...expresswayDescriptions,
  ...expresswayRoutingDescriptions,
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

/** A child's parent (ObjectDescription.parent): the parent's description and the child's field holding its id. */
export function parentOf(
  desc: ObjectDescription,
): { readonly desc: ObjectDescription; readonly field: FieldDescription } | undefined {
  if (!desc.parent) return undefined;
  const field = desc.fields.find((f) => f.name === desc.parent?.field);
  if (!field) throw new ProviderBug(`${desc.resource}.parent names field "${desc.parent.field}", which it lacks`);
  return { desc: descriptionFor(desc.parent.resource), field };
}
