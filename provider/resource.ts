import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as pulumiState from "@pulumi/pulumi/runtime/state";
import { packageRoot } from "./package-root";
import { descriptionFor } from "./schema";
import { defaultProfileOf, type FieldValue, type ObjectDescription, outputWhenUnset } from "./schema/types";
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

/**
 * Device-wide settings objects declared so far in this program run: kind, profile and
 * variant → the resource's name. Kept per run: an Automation API program may run several
 * times in one process, each with the SDK's own run store (an internal SDK function; a
 * process-wide map when it is missing).
 */
const declaredSingletons = new WeakMap<object, Map<string, string>>();
const processWide = {};

function singletonsOfThisRun(): Map<string, string> {
  const getStore = (pulumiState as unknown as { getStore?: () => object }).getStore;
  const run = getStore?.() ?? processWide;
  let declared = declaredSingletons.get(run);
  if (!declared) {
    declared = new Map();
    declaredSingletons.set(run, declared);
  }
  return declared;
}

/**
 * Refuses a second resource for the same settings object on the same device profile: both
 * would take the device over and each would restore what it found on destroy. The check
 * is here, in the program, because the provider's check sees one resource at a time and
 * cannot know about the other. A profile that is not a plain string yet (an Output) cannot
 * be compared here and is let through.
 */
function refuseSecondSingleton(desc: ObjectDescription, name: string, args: Readonly<Record<string, unknown>>): void {
  if (desc.lifecycle !== "singleton") return;
  const profile = args.profile ?? undefined;
  const variant = desc.variantField ? args[desc.variantField] : undefined;
  if ((profile !== undefined && typeof profile !== "string") || (variant !== undefined && typeof variant !== "string"))
    return;
  const resolved = profile ?? defaultProfileOf(desc, typeof variant === "string" ? variant : undefined);
  const key = `${desc.resource}\u0000${resolved}\u0000${variant ?? ""}`;
  const declared = singletonsOfThisRun();
  const first = declared.get(key);
  if (first !== undefined) {
    throw new Error(
      `${desc.resource} "${name}" and ${desc.resource} "${first}" both declare the ${desc.noun} of device ` +
        `profile "${resolved}": a device has one, so declare it once (merge the two resources' fields).`,
    );
  }
  declared.set(key, name);
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
    refuseSecondSingleton(desc, name, args);
    // A fresh object: the SDK writes __provider into the props it is given.
    const props: Record<string, unknown> = { deviceUrl: undefined };
    if (args.profile !== undefined) props.profile = args.profile;
    if (args.adopt !== undefined) props.adopt = args.adopt;
    // Outputs a settings object records (provider/lifecycle/singleton.ts): listed so the SDK exposes them.
    if (desc.lifecycle === "singleton") Object.assign(props, { restoreValues: undefined, notRestorable: undefined });
    // Settings held until a service restarts (provider/lifecycle/restart.ts).
    if (desc.appliedOnRestart) Object.assign(props, { awaitingRestart: undefined });
    // Each registered property costs the SDK an Output and four tracked promises for as long as the
    // resource waits for its inputs (40,000 resources ran a program out of its heap). A field left
    // unset is not registered: its output is what the provider outputs for it, known here from the
    // description (unsetFieldOutput), unless the variant that decides it is not known yet.
    const variant = desc.variantField ? args[desc.variantField] : undefined;
    const unregistered: [string, FieldValue | undefined][] = [];
    for (const field of desc.fields) {
      const value = args[field.name];
      if (value === undefined && (variant === undefined || typeof variant === "string"))
        unregistered.push([field.name, outputWhenUnset(desc, field, variant)]);
      else props[field.name] = field.secret && value !== undefined ? pulumi.secret(value) : value;
    }
    // Keys the Args type does not have (JavaScript, a spread, `as any`) go on to check,
    // which refuses them with the nearest field's name; dropped here, a typo would be silent.
    // Kept secret: a misspelled `pasword` holds a password.
    for (const [key, value] of Object.entries(args))
      if (!(key in props) && value !== undefined) props[key] = pulumi.secret(value);
    const additionalSecretOutputs = desc.fields.filter((f) => f.secret).map((f) => f.name);
    const stackTraceLimit = Error.stackTraceLimit;
    // The SDK keeps a stack trace on every promise it tracks, only ever printed with
    // PULUMI_DEBUG_PROMISE_LEAKS set: about 60 KB a resource, the biggest part of a waiting
    // resource's memory. The resource's own source position is taken with its own limit.
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
    try {
      super(
        providerShim(resource),
        name,
        props,
        pulumi.mergeOptions(opts, { additionalSecretOutputs }),
        "cisco",
        resource,
      );
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    for (const [field, value] of unregistered)
      Object.defineProperty(this, field, unsetFieldOutput(resource, field, value));
  }
}

const unsetFieldOutputs = new Map<string, PropertyDescriptor>();

/**
 * The output of a field the program left unset: what the provider outputs for it (its device
 * default or nothing) once the resource exists, unknown until then in a preview, depending on the
 * resource like a registered output. Made on first read: a resource nobody reads it of pays nothing.
 */
function unsetFieldOutput(resource: string, field: string, value: FieldValue | undefined): PropertyDescriptor {
  const key = `${resource}\u0000${field}\u0000${JSON.stringify(value)}`;
  let descriptor = unsetFieldOutputs.get(key);
  if (!descriptor) {
    descriptor = {
      configurable: true,
      enumerable: true,
      get(this: pulumi.CustomResource): pulumi.Output<FieldValue | undefined> {
        const output = this.id.apply(() => value);
        Object.defineProperty(this, field, { value: output, enumerable: true });
        return output;
      },
    };
    unsetFieldOutputs.set(key, descriptor);
  }
  return descriptor;
}
