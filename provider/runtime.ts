import { type ConfigSource, setStackConfig } from "./connection";
import { DescribedProvider } from "./described-provider";
import { descriptionFor } from "./schema";

/**
 * What the serialized provider shim loads with `require` at run time in the Pulumi
 * provider process: the full implementation, never captured by the closure serializer.
 */

const providers = new Map<string, DescribedProvider>();

export function providerFor(resource: string): DescribedProvider {
  let provider = providers.get(resource);
  if (!provider) {
    provider = new DescribedProvider(descriptionFor(resource));
    providers.set(resource, provider);
  }
  return provider;
}

/** The dynamic provider's `configure`: the whole stack config, namespaces kept, secrets decrypted. */
export function configure(request: { config: ConfigSource }): void {
  setStackConfig(request.config);
}
