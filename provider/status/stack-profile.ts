import * as pulumi from "@pulumi/pulumi";
import { type ConnectionSettings, deviceProfilesFrom } from "../connection";

/**
 * A device profile's connection settings as the provider reads them (`cms:url`, ... from
 * the stack's config, else `CMS_URL`, ...), for a program that calls a status reader:
 * `getCmsTurnServerStatus(stackProfile("cms"), id)`. Settings errors name the missing key.
 */
export function stackProfile(profile: string): ConnectionSettings {
  return deviceProfilesFrom({
    get: (key) => {
      const at = key.indexOf(":");
      return new pulumi.Config(key.slice(0, at)).get(key.slice(at + 1));
    },
  }).resolve(profile);
}
