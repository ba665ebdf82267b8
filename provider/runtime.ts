// First: the provider process on too old a Node fails here, saying what is needed.
import "./require-node";
import { type ConfigSource, type DeviceProfiles, deviceProfilesFrom, unknownSettingWarnings } from "./connection";
import { DescribedProvider } from "./described-provider";
import { allDescriptions, descriptionFor } from "./schema";

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
  secretsOf: (profile) => configured.secretsOf(profile),
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

/** The profiles resources use when they name none. */
const DEFAULT_PROFILES = allDescriptions.flatMap((d) => [
  d.defaultProfile,
  ...Object.values(d.variants ?? {}).map((v) => v.defaultProfile),
]);

/** Warnings already printed: configure runs once per resource kind, a warning once per process. */
const warned = new Set<string>();

/**
 * The keys of the stack config: the host's Config keeps them in `rawConfig` (an SDK
 * internal without a public list; none when it is missing).
 */
function configKeys(config: ConfigSource): string[] {
  const raw = (config as { rawConfig?: unknown }).rawConfig;
  return raw !== null && typeof raw === "object" ? Object.keys(raw) : [];
}

/** The dynamic provider's `configure`: the whole stack config, namespaces kept, secrets decrypted. */
export function configure(request: { readonly config: ConfigSource }): void {
  configured = deviceProfilesFrom(request.config);
  for (const warning of unknownSettingWarnings(configKeys(request.config), DEFAULT_PROFILES)) {
    if (warned.has(warning)) continue;
    warned.add(warning);
    // Provider output: the Pulumi CLI shows it with the resource (as adoption notices are).
    console.error(warning);
  }
}
