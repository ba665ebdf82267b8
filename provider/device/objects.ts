import type { ConnectionSettings } from "../connection";
import type { ObjectDescription } from "../schema/types";
import { CmsObjects } from "./cms";
import { ExpresswayObjects } from "./expressway";
import { ExpresswaySettingsObjects } from "./expressway-settings";

/** The device client of one kind (and variant) on one device, chosen by its description's API family and lifecycle. */
export function deviceObjectsFor(
  desc: ObjectDescription,
  variant: string | undefined,
  settings: ConnectionSettings,
): CmsObjects | ExpresswayObjects | ExpresswaySettingsObjects {
  if (desc.api.family === "cms") return new CmsObjects(desc, settings);
  return desc.lifecycle === "singleton"
    ? new ExpresswaySettingsObjects(desc, variant, settings)
    : new ExpresswayObjects(desc, variant, settings);
}
