import { defaultProfileOf, type ObjectDescription } from "../schema/types";
import { allDescriptions } from "../schema";
import type { ListedDevice, ListedObject, Listing } from "./listing";
import { keyParts } from "./names";

/**
 * `cisco-edge audit`: a stack's state against the devices. `pulumi refresh` reads only the
 * resources a stack declares, so an object added by hand is invisible to it; the listing shows
 * it. The state is read in either shape: `pulumi stack export` (`deployment.resources`) or the
 * lab's fake-engine state file (`resources`). Only ids, types and non-secret outputs are read.
 */

/** A resource of the stack, as the audit compares it. */
export interface DeclaredResource {
  readonly desc: ObjectDescription;
  /** Its logical name (the last part of its URN). */
  readonly name: string;
  readonly id: string;
  readonly profile: string;
  /** The device URL the provider recorded (absent in an old state: the profile's URL is used). */
  readonly deviceUrl?: string;
}

const TYPE_PREFIX = "pulumi-nodejs:dynamic/cisco:";

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => !!value && typeof value === "object" && !Array.isArray(value);

/** The stack's resources of described kinds; throws a message naming the shapes it reads when it is neither. */
export function declaredResources(state: unknown): DeclaredResource[] {
  const deployment = isRecord(state) && isRecord(state.deployment) ? state.deployment : state;
  const resources = isRecord(deployment) ? deployment.resources : undefined;
  if (!Array.isArray(resources))
    throw new Error(
      "the state has no resources list: give the output of `pulumi stack export` (deployment.resources) " +
        "or a lab state file (.lab/state.json: resources)",
    );
  const declared: DeclaredResource[] = [];
  for (const resource of resources.filter(isRecord)) {
    const type = String(resource.type ?? "");
    const desc = allDescriptions.find((d) => `${TYPE_PREFIX}${d.resource}` === type);
    // `delete: true` (Pulumi) and pendingDelete (the lab): an old copy waiting to be deleted.
    if (!desc || resource.delete === true || resource.pendingDelete === true || typeof resource.id !== "string")
      continue;
    const outputs = isRecord(resource.outputs) ? resource.outputs : {};
    const inputs = isRecord(resource.inputs) ? resource.inputs : {};
    const variantValue = desc.variantField ? (outputs[desc.variantField] ?? inputs[desc.variantField]) : undefined;
    const variant = typeof variantValue === "string" ? variantValue : undefined;
    const profile = outputs.profile ?? inputs.profile;
    declared.push({
      desc,
      name:
        String(resource.urn ?? "")
          .split("::")
          .pop() ?? "",
      id: resource.id,
      profile: typeof profile === "string" ? profile : defaultProfileOf(desc, variant),
      ...(typeof outputs.deviceUrl === "string" ? { deviceUrl: outputs.deviceUrl } : {}),
    });
  }
  return declared;
}

export interface AuditResult {
  /** On a device, of a kind the stack manages there, and not in the stack. */
  readonly undeclared: readonly ListedObject[];
  /** In the stack, and gone from its device. */
  readonly gone: readonly DeclaredResource[];
  /** Resources not compared: their device is not configured. */
  readonly unchecked: readonly DeclaredResource[];
}

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The device a declared resource lives on: by its recorded URL, else by its profile. */
function deviceOf(resource: DeclaredResource, devices: readonly ListedDevice[]): ListedDevice | undefined {
  const family = devices.filter((d) => d.family === resource.desc.api.family);
  return resource.deviceUrl !== undefined
    ? family.find((d) => sameId(d.settings.url, resource.deviceUrl as string))
    : family.find((d) => d.profile === resource.profile);
}

/**
 * The kinds to list, per device: `only` on every device, or else each kind the stack declares on
 * that device (a stack that manages only spaces is not told about every other object).
 */
export function auditScope(
  declared: readonly DeclaredResource[],
  devices: readonly ListedDevice[],
  only: readonly ObjectDescription[] | undefined,
): (desc: ObjectDescription, device: ListedDevice) => boolean {
  if (only) return (desc) => only.includes(desc);
  const pairs = new Set(
    declared.flatMap((r) => {
      const device = deviceOf(r, devices);
      return device ? [`${r.desc.resource}\u0000${device.profile}`] : [];
    }),
  );
  return (desc, device) => pairs.has(`${desc.resource}\u0000${device.profile}`);
}

export function audit(
  declared: readonly DeclaredResource[],
  listing: Listing,
  inScope: (desc: ObjectDescription, device: ListedDevice) => boolean,
): AuditResult {
  const unchecked = declared.filter((r) => deviceOf(r, listing.devices) === undefined);
  const checked = declared.filter((r) => !unchecked.includes(r));
  const gone = checked.filter((r) => {
    // A settings object always exists; a kind not read there (its release lacks it) proves nothing.
    const device = deviceOf(r, listing.devices) as ListedDevice;
    if (r.desc.lifecycle === "singleton" || !listing.read.some((k) => k.desc === r.desc && k.device === device))
      return false;
    return !listing.objects.some((o) => o.desc === r.desc && o.device === device && sameId(o.id, r.id));
  });
  const undeclared = listing.objects.filter(
    (o) =>
      o.desc.lifecycle !== "singleton" &&
      inScope(o.desc, o.device) &&
      !checked.some((r) => r.desc === o.desc && deviceOf(r, listing.devices) === o.device && sameId(r.id, o.id)),
  );
  return { undeclared, gone, unchecked };
}

/** How an object is named in the audit's report: its kind, key values and id. */
export function describeListed(object: ListedObject): string {
  const key = keyParts(object.desc, object.values);
  const label = key && key.length > 0 ? ` ${key.map((k) => JSON.stringify(k)).join(" ")}` : "";
  const { profile, settings } = object.device;
  return `${object.desc.resource}${label} (id ${object.id}) on "${profile}" (${settings.url})`;
}
