// First: the provider process on too old a Node fails here, saying what is needed.
import "./require-node";
import { type ConfigSource, type DeviceProfiles, deviceProfilesFrom } from "./connection";
import { DescribedProvider } from "./described-provider";
import { descriptionFor } from "./schema";

/**
 * What the serialized provider shim loads with `require` at run time in the Pulumi
 * provider process: the full implementation, never captured by the closure serializer.
 */

/** Before `configure` (or outside Pulumi): environment variables only. */
let configured = deviceProfilesFrom();

/** What every provider made here reads: the profiles of the latest `configure`. */
const currentProfiles: DeviceProfiles = {
  resolve: (profile) => configured.resolve(profile),
  problems: (profile) => configured.problems(profile),
  urlOf: (profile) => configured.urlOf(profile),
  versionOf: (profile) => configured.versionOf(profile),
};

const providers = new Map<string, DescribedProvider>();

export function providerFor(resource: string): DescribedProvider {
  let provider = providers.get(resource);
  if (!provider) {
    provider = new DescribedProvider(descriptionFor(resource), currentProfiles);
    providers.set(resource, provider);
  }
  return provider;
}

/** The dynamic provider's `configure`: the whole stack config, namespaces kept, secrets decrypted. */
export function configure(request: { readonly config: ConfigSource }): void {
  configured = deviceProfilesFrom(request.config);
}
