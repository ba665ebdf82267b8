import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { packageRoot } from "./package-root";
import { descriptionFor } from "./schema";
import { shimProvider } from "./shim";

export const RUNTIME_PATH = path.join(packageRoot(), "dist", "provider", "runtime.js");

// One provider object per kind: the SDK caches serialization per provider object.
const shims = new Map<string, pulumi.dynamic.ResourceProvider>();

export function providerShim(resource: string): pulumi.dynamic.ResourceProvider {
  let shim = shims.get(resource);
  if (!shim) {
    shim = shimProvider(resource, RUNTIME_PATH);
    shims.set(resource, shim);
  }
  return shim;
}

/** Base of every generated resource class: wraps secret inputs and marks secret outputs from the description. */
export abstract class DescribedResource extends pulumi.dynamic.Resource {
  /** The device URL the object lives on (from its device profile when it was created). */
  declare readonly deviceUrl: pulumi.Output<string>;

  protected constructor(
    resource: string,
    name: string,
    args: Readonly<Record<string, unknown>>,
    opts?: pulumi.CustomResourceOptions,
  ) {
    const desc = descriptionFor(resource);
    // A fresh object: the SDK writes __provider into the props it is given.
    const props: Record<string, unknown> = { deviceUrl: undefined, profile: args.profile, adopt: args.adopt };
    for (const field of desc.fields) {
      const value = args[field.name];
      props[field.name] = field.secret && value !== undefined ? pulumi.secret(value) : value;
    }
    const additionalSecretOutputs = desc.fields.filter((f) => f.secret).map((f) => f.name);
    super(
      providerShim(resource),
      name,
      props,
      pulumi.mergeOptions(opts, { additionalSecretOutputs }),
      "cisco",
      resource,
    );
  }
}
