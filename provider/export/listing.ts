import type { ConnectionSettings } from "../connection";
import { CmsObjects } from "../device/cms";
import { ExpresswayObjects } from "../device/expressway";
import { deviceObjectsFor } from "../device/objects";
import { deviceFacts } from "../device/preflight";
import { DeviceError, type Values } from "../device/types";
import { singletonId } from "../lifecycle/singleton";
import { allDescriptions, parentOf } from "../schema";
import type { DeviceFamily, ObjectDescription, VersionRange } from "../schema/types";
import { rangeText, releaseName, versionProblems } from "../version-check";
import { defaultProfileOf } from "../schema/types";

/**
 * Every object of the described kinds on the configured devices: what `cisco-edge export`
 * writes a program from and `cisco-edge audit` compares a stack with. CMS collections are
 * paged to the end and each object read whole (list answers carry only some fields);
 * Expressway collections come back whole in one answer; a settings object is one read.
 * A kind (or variant) lives on every device of its API family: an Expressway path the device
 * does not have (an Expressway-C has no `edge/...` path) is skipped, and so is a kind the
 * device's release does not have, each with a note.
 */

/** A configured device profile and what it said about itself. */
export interface ListedDevice {
  readonly profile: string;
  readonly family: DeviceFamily;
  readonly settings: ConnectionSettings;
  /** The release the device reports, when it says. */
  readonly release?: string;
}

export interface ListedObject {
  readonly desc: ObjectDescription;
  /** The variant (`variantField`'s value), for a kind that has variants. */
  readonly variant?: string;
  readonly device: ListedDevice;
  /** The device id: what the provider records as the resource's id. */
  readonly id: string;
  readonly values: Values;
}

export interface Listing {
  readonly devices: readonly ListedDevice[];
  readonly objects: readonly ListedObject[];
  /** The kinds read on each device (a kind missing here was not read: an absent object there proves nothing). */
  readonly read: readonly { readonly desc: ObjectDescription; readonly device: ListedDevice }[];
  /** Kinds not read on a device, and why (release, no such path). */
  readonly notes: readonly string[];
}

/** Every device profile the descriptions use by default, with its API family, in description order. */
export function describedProfiles(): readonly { readonly profile: string; readonly family: DeviceFamily }[] {
  const seen = new Map<string, DeviceFamily>();
  for (const desc of allDescriptions) {
    const profiles = [desc.defaultProfile, ...Object.values(desc.variants ?? {}).map((v) => v.defaultProfile)];
    for (const profile of profiles) if (!seen.has(profile)) seen.set(profile, desc.api.family);
  }
  return [...seen].map(([profile, family]) => ({ profile, family }));
}

/**
 * The device behind each profile, asked what it runs: a refused password or an unreachable
 * device throws here, before any listing.
 */
export async function connectDevices(
  profiles: readonly {
    readonly profile: string;
    readonly family: DeviceFamily;
    readonly settings: ConnectionSettings;
  }[],
): Promise<ListedDevice[]> {
  return Promise.all(
    profiles.map(async (p) => {
      const facts = await deviceFacts(p.settings, p.family);
      return { ...p, ...(facts.release !== undefined ? { release: facts.release } : {}) };
    }),
  );
}

/** Kinds in description order, a kind after the kinds it refers to (so a reference names a declared const). */
export function kindOrder(descs: readonly ObjectDescription[] = allDescriptions): ObjectDescription[] {
  const ordered: ObjectDescription[] = [];
  const visit = (desc: ObjectDescription, path: readonly string[]) => {
    if (ordered.includes(desc) || path.includes(desc.resource)) return;
    for (const field of desc.fields) {
      const target = field.refersTo && descs.find((d) => d.resource === field.refersTo?.resource);
      if (target && target !== desc) visit(target, [...path, desc.resource]);
    }
    ordered.push(desc);
  };
  for (const desc of descs) visit(desc, []);
  return ordered;
}

/** "1,040": counts as progress lines print them. */
const count = (n: number) => n.toLocaleString("en-US");

function familyName(family: DeviceFamily): string {
  return family === "cms" ? "CMS" : "Expressway";
}

/** The variants a kind is listed by (undefined: a kind without variants). */
function variantsOf(desc: ObjectDescription): readonly (string | undefined)[] {
  return desc.variants ? Object.keys(desc.variants) : [undefined];
}

/**
 * An answer that the device has no such API path: an Expressway 404 without its own "does not
 * exist", a CMS `unrecognizedObject` (an older release).
 */
function missingPath(error: unknown): boolean {
  if (!(error instanceof DeviceError) || error.kind === "notFound") return false;
  return error.status === 404 || /\bunrecogni[sz]edObject\b/.test(error.message);
}

/** Lists the kinds on the devices of their family; `progress` gets a line per page and per kind. */
export async function listEdge(
  devices: readonly ListedDevice[],
  kinds: readonly ObjectDescription[],
  progress: (line: string) => void,
): Promise<Listing> {
  const objects: ListedObject[] = [];
  const read: { desc: ObjectDescription; device: ListedDevice }[] = [];
  const notes: string[] = [];
  // A parent before its children (the child's parent field refers to it), so each child is listed under them.
  for (const desc of kindOrder(kinds)) {
    for (const device of devices.filter((d) => d.family === desc.api.family)) {
      const where = `${familyName(device.family)} "${device.profile}"`;
      if (device.release !== undefined && versionProblems(desc, {}, device.release).length > 0) {
        const range = rangeText(desc, desc.versions as VersionRange);
        notes.push(`${where}: ${desc.resource} not read: ${releaseName(desc, device.release)} has none (${range})`);
        continue;
      }
      let allRead = true;
      for (const variant of variantsOf(desc)) {
        try {
          const parents = desc.parent ? await parentIds(desc, device, objects) : undefined;
          const found = await listKind(desc, variant, device, parents, (line) => progress(`${where}: ${line}`));
          objects.push(...found.map((o) => ({ desc, ...(variant !== undefined ? { variant } : {}), device, ...o })));
        } catch (error) {
          if (!missingPath(error)) throw error;
          allRead = false;
          // Expected where the kind does not live (an Expressway-C has no `edge/` path): noted on its own profile.
          if (device.profile !== defaultProfileOf(desc, variant)) continue;
          const kind = variant === undefined ? desc.resource : `${desc.resource} (${desc.variantField} ${variant})`;
          notes.push(`${where}: ${kind} not read: the device has no such API path (HTTP 404)`);
        }
      }
      if (allRead) read.push({ desc, device });
    }
  }
  return { devices, objects, read, notes };
}

/** The ids of the parents a child kind is listed under: those listed already, else the parent kind's listing. */
async function parentIds(
  desc: ObjectDescription,
  device: ListedDevice,
  listed: readonly ListedObject[],
): Promise<readonly string[]> {
  const parent = parentOf(desc)?.desc as ObjectDescription;
  if (listed.some((o) => o.desc === parent && o.device === device) || !parent)
    return listed.filter((o) => o.desc === parent && o.device === device).map((o) => o.id);
  const client = deviceObjectsFor(parent, undefined, device.settings);
  const ids: string[] = [];
  if (client instanceof CmsObjects) for await (const page of client.ids()) ids.push(...page.ids);
  return ids;
}

const pluralOf = (noun: string) => `${noun}${noun.endsWith("s") ? "" : "s"}`;

/** A child kind's objects under each parent (`known`: the parent field naming it), the parents concurrently. */
async function listChildren(
  desc: ObjectDescription,
  client: CmsObjects,
  parents: readonly string[],
  progress: (line: string) => void,
): Promise<{ id: string; values: Values }[]> {
  const field = parentOf(desc)?.field.name as string;
  const parentNoun = pluralOf(parentOf(desc)?.desc.noun ?? "parent");
  const every = Math.max(1, Math.ceil(parents.length / 10));
  let done = 0;
  const perParent = await Promise.all(
    parents.map(async (parentId) => {
      const known = { [field]: parentId };
      const ids: string[] = [];
      for await (const page of client.ids(known)) ids.push(...page.ids);
      const read = await Promise.all(ids.map(async (id) => ({ id, values: await client.read(id, known) })));
      done++;
      if (done % every === 0 || done === parents.length)
        progress(`${pluralOf(desc.noun)} of ${count(done)} of ${count(parents.length)} ${parentNoun}`);
      // read() gives a child's values with the parent field that names it.
      return read.flatMap(({ id, values }) => (values ? [{ id, values }] : []));
    }),
  );
  if (parents.length === 0) progress(`no ${parentNoun}, so no ${pluralOf(desc.noun)}`);
  return perParent.flat();
}

async function listKind(
  desc: ObjectDescription,
  variant: string | undefined,
  device: ListedDevice,
  parents: readonly string[] | undefined,
  progress: (line: string) => void,
): Promise<{ id: string; values: Values }[]> {
  const client = deviceObjectsFor(desc, variant, device.settings);
  const plural = pluralOf(desc.noun);
  if (desc.lifecycle === "singleton") {
    const values = await client.read(singletonId(desc), {});
    progress(`read ${desc.noun}`);
    return values ? [{ id: singletonId(desc), values }] : [];
  }
  if (client instanceof ExpresswayObjects) {
    const found = await client.list();
    progress(`${count(found.length)} ${plural}`);
    return found;
  }
  if (!(client instanceof CmsObjects)) return [];
  if (parents) return listChildren(desc, client, parents, progress);
  // Each object is read whole (a list answer carries only some fields), while the next pages are listed: the
  // client keeps to the profile's maxConcurrency. Progress every page's worth of reads.
  const reads: Promise<{ id: string; values: Values | undefined }>[] = [];
  let total = 0;
  let pageSize = 0;
  let done = 0;
  const readOne = async (id: string) => {
    const values = await client.read(id);
    done++;
    if (done % pageSize === 0 || done >= total) progress(`${count(done)} of ${count(Math.max(total, done))} ${plural}`);
    return { id, values };
  };
  for await (const page of client.ids()) {
    total = page.total;
    pageSize ||= Math.max(1, page.ids.length);
    reads.push(...page.ids.map(readOne));
  }
  if (reads.length === 0) progress(`0 ${plural}`);
  return (await Promise.all(reads)).flatMap(({ id, values }) => (values ? [{ id, values }] : []));
}
