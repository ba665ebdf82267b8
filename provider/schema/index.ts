import { ProviderBug } from "../errors";
import { cmsDescriptions } from "./cms";
import { cmsSfbDescriptions } from "./cms-sfb";
import { cmsSettingsDescriptions } from "./cms-settings";
import { expresswayDescriptions } from "./expressway";
import { expresswayRoutingDescriptions } from "./expressway-routing";
import { expresswaySettingsDescriptions } from "./expressway-settings";
import type { ObjectDescription } from "./types";

export const allDescriptions: readonly ObjectDescription[] = [
  ...cmsDescriptions,
  ...cmsSettingsDescriptions,
  ...cmsSfbDescriptions,
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
