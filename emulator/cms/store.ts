import { randomUUID } from "node:crypto";
import type { CmsApi, FieldDescription, ObjectDescription } from "../../provider/schema/types";
import { enumValuesAt, inVersionRange } from "../../provider/schema/versions";
import { ObjectTable } from "./object-table";
import { quirksOf, type Reference, type ResolvedQuirks, type Taken } from "./quirks";
import { element, type XmlElement } from "./xml";

/**
 * In-memory state of one emulated Cisco Meeting Server and the device-level checks of
 * its /api/v1 writes (types, enums, uniqueness, references). Field lists, wire names and
 * defaults come from the object descriptions; per-collection behaviour from ./quirks.
 */

export interface CmsCollection {
  readonly desc: ObjectDescription;
  readonly api: CmsApi;
  /** The device fields of the emulated release (no `local` ones), in description order. */
  readonly fields: readonly FieldDescription[];
  /** Wire names of described fields this release does not have (removed or not yet added). */
  readonly absent: ReadonlySet<string>;
  readonly quirks: ResolvedQuirks;
  readonly objects: ObjectTable;
  /**
   * A child collection's parent collection (ObjectDescription.parent): the child is served only
   * below one of the parent's objects, and each stored child names that object under PARENT_ID.
   */
  readonly parent?: CmsCollection;
}

/** Where a stored child keeps its parent's id: not a wire name, so never rendered or matched as a field. */
export const PARENT_ID = "@parent";

/** A failureDetails answer: status, child tag and its attributes. */
export interface CmsFailure {
  readonly status: number;
  readonly tag: string;
  readonly attributes?: [string, string][];
}

export interface CmsStoreOptions {
  /**
   * How the release answers a described field it does not have (resolveToUsers on 3.x).
   * What a device does with an unknown parameter is undocumented (docs/sources.md): by
   * default parameterError naming the parameter with error="unknownParameter"; "ignore"
   * drops it silently.
   */
  readonly absentParameters?: "parameterError" | "ignore";
  /** Refuse unknown form keys with parameterError error="unknownParameter": default false (ignored). */
  readonly strictParameters?: boolean;
  /** Refuse a second inbound rule for the same domain (undocumented on real devices): default false. */
  readonly rejectDuplicateInboundDomains?: boolean;
  /**
   * Ids of objects of other collections the emulator does not serve (`callBridges`,
   * `callBridgeGroups`): a reference to any other id is refused with that collection's tag.
   */
  readonly otherObjects?: Readonly<Record<string, readonly string[]>>;
  /** Tenants the device holds from the start and after every reset, by id (named "Tenant 1", "Tenant 2", ...). */
  readonly tenants?: readonly string[];
  /**
   * Refuse a web bridge url whose scheme does not fit the release (https:// on 2.x, c2w:// on 3.x)
   * with parameterError invalidValue: default true. Whether the device checks it is not published [I].
   */
  readonly checkWebBridgeUrlScheme?: boolean;
}

/** The one object of a singleton (device-wide settings) collection is kept under this key. */
export const SINGLETON = "";

export const parameterError = (parameter: string, error: string): CmsFailure => ({
  status: 400,
  tag: "parameterError",
  attributes: [
    ["parameter", parameter],
    ["error", error],
  ],
});

function wireDefault(field: FieldDescription): string | undefined {
  const value = field.deviceDefault;
  if (value === undefined) return undefined;
  return typeof value === "boolean" ? (value ? "true" : "false") : String(value);
}

/** Device-level validation only (type, range, enum); returns the stored form or an error. */
function validate(field: FieldDescription, raw: string, version: string): { value: string } | { error: string } {
  const type = field.type;
  switch (type.kind) {
    case "int": {
      if (!/^-?\d+$/.test(raw.trim())) return { error: "invalidValue" };
      const n = Number(raw);
      return n < type.min || n > type.max ? { error: "invalidValue" } : { value: String(n) };
    }
    case "bool": {
      const lower = raw.toLowerCase();
      return lower === "true" || lower === "false" ? { value: lower } : { error: "invalidValue" };
    }
    case "enum":
      return enumValuesAt(field, version)?.includes(raw) ? { value: raw } : { error: "invalidValue" };
    default:
      return { value: field.lowerCase ? raw.toLowerCase() : raw };
  }
}

/** A non-negative integer query parameter: undefined when absent, null when malformed. */
function queryCount(query: URLSearchParams, key: string): number | undefined | null {
  const text = query.get(key);
  if (text === null || text === "") return undefined;
  return /^[0-9]+$/.test(text) ? Number(text) : null;
}

export class CmsStore {
  private readonly collections = new Map<string, CmsCollection>();
  /** Where each described CMS kind lives (resource name to its API), for `refersTo` references. */
  private readonly described = new Map<string, CmsApi>();

  /** @param version the emulated release, e.g. "2.2" or "3.8": objects and fields follow their `versions`. */
  constructor(
    descriptions: readonly ObjectDescription[],
    readonly version: string,
    private readonly options: CmsStoreOptions = {},
  ) {
    for (const desc of descriptions) if (desc.api.family === "cms") this.described.set(desc.resource, desc.api);
    const served = descriptions.filter((d) => d.api.family === "cms" && inVersionRange(version, d.versions));
    // Parents first, so that a child can point at its parent's collection.
    for (const desc of [...served].sort((a, b) => Number(!!a.parent) - Number(!!b.parent))) {
      if (desc.api.family !== "cms") continue;
      // A child's parent id is the path's, not a field of the object.
      const device = desc.fields.filter((f) => !f.local && f.name !== desc.parent?.field);
      const parentDesc = served.find((d) => d.resource === desc.parent?.resource);
      if (desc.parent && !parentDesc) continue; // the release lacks the parent, so the children too
      const parent =
        parentDesc?.api.family === "cms" ? this.collections.get(parentDesc.api.collection.toLowerCase()) : undefined;
      // A child's key is below its parent's node (`cospaces/accessmethods`): no top-level route reaches it.
      const key = parent ? `${parent.api.collection}/${desc.api.collection}` : desc.api.collection;
      this.collections.set(key.toLowerCase(), {
        desc,
        api: desc.api,
        fields: device.filter((f) => inVersionRange(version, f.versions)),
        absent: new Set(device.filter((f) => !inVersionRange(version, f.versions)).map((f) => f.api)),
        quirks: quirksOf(desc.api.collection),
        objects: new ObjectTable(this.initialObjects(desc)),
        ...(parent ? { parent } : {}),
      });
    }
  }

  /** What a collection holds when the device starts: a singleton's settings, the tenants the options name. */
  private initialObjects(desc: ObjectDescription): [string, Record<string, string>][] {
    if (desc.lifecycle === "singleton") return [[SINGLETON, {}]];
    if (desc.api.family === "cms" && desc.api.collection === "tenants")
      return (this.options.tenants ?? []).map((id, i) => [id, { name: `Tenant ${i + 1}` }]);
    return [];
  }

  /** Is the collection one device-wide settings object (always present, no id)? */
  static isSingleton(c: CmsCollection): boolean {
    return c.desc.lifecycle === "singleton";
  }

  /** The top-level collection at this node (matched case-insensitively, as the device does), if any. */
  collection(node: string): CmsCollection | undefined {
    const found = this.collections.get(node.toLowerCase());
    return found?.parent ? undefined : found;
  }

  /** The child collection at `node` below an object of `parent` (`coSpaces/<id>/accessMethods`), if any. */
  childCollection(parent: CmsCollection, node: string): CmsCollection | undefined {
    const found = this.collections.get(`${parent.api.collection}/${node}`.toLowerCase());
    return found?.parent === parent ? found : undefined;
  }

  /** A collection by its node (a child's by its own node, e.g. `accessMethods`): for tests and tools. */
  collectionOf(node: string): CmsCollection {
    const found = [...this.collections.values()].find((c) => c.api.collection.toLowerCase() === node.toLowerCase());
    if (!found) throw new Error(`unknown CMS collection "${node}"`);
    return found;
  }

  /** Deletes an object and, as the device does, the objects of its child collections (a space's access methods). */
  delete(c: CmsCollection, id: string): void {
    c.objects.delete(id);
    for (const child of this.collections.values()) {
      if (child.parent !== c) continue;
      for (const [childId] of child.objects.holding(PARENT_ID, id)) this.delete(child, childId);
    }
  }

  /** Empties every collection; singletons go back to the device's defaults, the named tenants are back. */
  reset(): void {
    for (const c of this.collections.values()) {
      c.objects.clear();
      for (const [id, stored] of this.initialObjects(c.desc)) c.objects.set(id, stored);
    }
  }

  /**
   * The XML view of one object; `only` restricts it to the list answer's fields. A
   * singleton has no id and lists every field, unset ones as empty elements (as the
   * device's /system/configuration/cluster does; assumed for the other settings [I]).
   */
  render(c: CmsCollection, id: string, stored: Record<string, string>, only?: readonly string[]): XmlElement {
    if (CmsStore.isSingleton(c)) {
      const fields = c.fields.filter((f) => !f.writeOnly);
      return element(
        c.api.element,
        fields.map((f) => element(f.api, stored[f.api] ?? wireDefault(f) ?? "")),
      );
    }
    const children: XmlElement[] = [];
    const listsGenerated = !only || c.quirks.generatedInList;
    const generated = listsGenerated ? (c.quirks.generated?.(stored) ?? []).map(([k, v]) => element(k, v)) : [];
    const after = c.quirks.generatedAfter;
    for (const field of c.fields) {
      if (only && !only.includes(field.name)) continue;
      if (field.writeOnly) continue;
      const value = stored[field.api] ?? (c.quirks.omitDefaults ? undefined : wireDefault(field));
      if (value !== undefined && value !== "") children.push(element(field.api, value));
      else if (!only && c.quirks.emptyUnset?.includes(field.api)) children.push(element(field.api, ""));
      if (field.name === after) children.push(...generated);
    }
    if (after === undefined || !c.fields.some((f) => f.name === after)) children.push(...generated);
    if (!only) for (const key of c.quirks.trailing ?? []) if (stored[key]) children.push(element(key, stored[key]));
    return element(c.api.element, children, [["id", id]]);
  }

  /**
   * What a field holding another described CMS object's id (`refersTo`, field "id") points at: that
   * object's collection and its "does not exist" tag, as the device refuses an unknown id. A field
   * referring to a kind without a description has its reference in the quirks table, if anywhere.
   */
  private referenceOf(field: FieldDescription): Reference | undefined {
    const refersTo = field.refersTo;
    if (refersTo?.field !== "id") return undefined;
    const api = this.described.get(refersTo.resource);
    return api ? { collection: api.collection, tag: api.notFound } : undefined;
  }

  /** Whether an object with this id exists in the collection: one this emulator serves, or one its options name. */
  private exists(collection: string, id: string): boolean {
    const served = this.collection(collection);
    if (served) return served.objects.has(id);
    return (this.options.otherObjects?.[collection] ?? []).includes(id);
  }

  /** Applies form values to a copy of `current`; validation and uniqueness before any change. */
  apply(
    c: CmsCollection,
    id: string | undefined,
    current: Record<string, string>,
    form: URLSearchParams,
  ): { next: Record<string, string> } | { failure: CmsFailure } {
    const next = { ...current };
    const taken: Taken = (api, value) => c.objects.heldByAnother(api, value, id);
    for (const [key, raw] of form) {
      // A parameter that is an instruction (regenerateSecret, requireCallId) is handled, never stored.
      const extra = c.quirks.extraParameters?.[key];
      if (extra) {
        const refused = extra(next, raw, taken);
        if (refused) return { failure: parameterError(key, refused) };
        continue;
      }
      // Wire names are matched exactly: a mis-spelt key (resolveToCoSpaces, resolveToLyncSimpleJoin) is unknown.
      const field = c.fields.find((f) => f.api === key);
      if (!field && c.absent.has(key)) {
        if (this.options.absentParameters === "ignore") continue;
        return { failure: parameterError(key, "unknownParameter") };
      }
      if (!field) {
        if (this.options.strictParameters) return { failure: parameterError(key, "unknownParameter") };
        continue;
      }
      if (raw === "") {
        delete next[field.api];
        continue;
      }
      const checked = validate(field, raw, this.version);
      if ("error" in checked) return { failure: parameterError(field.api, checked.error) };
      const reference = c.quirks.references?.[field.api] ?? this.referenceOf(field);
      if (reference && !this.exists(reference.collection, checked.value))
        return { failure: { status: 400, tag: reference.tag } };
      next[field.api] = checked.value;
    }
    for (const [name, tag] of Object.entries(c.api.uniqueFields)) {
      const field = c.fields.find((f) => f.name === name) as FieldDescription;
      const value = next[field.api];
      if (value === undefined) continue;
      // uri and secondaryUri share one namespace: fields with the same failure tag.
      const peers = Object.entries(c.api.uniqueFields)
        .filter(([, t]) => t === tag)
        .map(([n]) => c.fields.find((f) => f.name === n)?.api as string);
      if (peers.some((api) => c.objects.heldByAnother(api, value, id))) return { failure: { status: 400, tag } };
    }
    const refusal = c.quirks.check?.(next, { version: this.version, taken, ...this.options });
    if (refusal)
      return {
        failure:
          "tag" in refusal ? { status: 400, tag: refusal.tag } : parameterError(refusal.parameter, "invalidValue"),
      };
    c.quirks.complete?.(next);
    return { next };
  }

  /** `parentId`: a child's parent object (it must exist: the caller answers its not-found otherwise). */
  create(c: CmsCollection, form: URLSearchParams, parentId?: string): { id: string } | { failure: CmsFailure } {
    const applied = this.apply(c, undefined, parentId === undefined ? {} : { [PARENT_ID]: parentId }, form);
    if ("failure" in applied) return applied;
    const id = randomUUID();
    c.objects.set(id, applied.next);
    return { id };
  }

  /** One page of the collection: total counts every filter match; the page is capped per collection. */
  page(
    c: CmsCollection,
    query: URLSearchParams,
    caps: Partial<Record<string, number>> = {},
    parentId?: string,
  ): { total: number; page: [string, Record<string, string>][] } | { failure: CmsFailure } {
    const filter = query.get("filter")?.toLowerCase();
    // A child collection's page holds its parent's objects only (looked up, not scanned: 20,000 access methods).
    const candidates = parentId === undefined ? [...c.objects] : c.objects.holding(PARENT_ID, parentId);
    const matches = candidates.filter(
      ([, stored]) =>
        (parentId === undefined || stored[PARENT_ID] === parentId) &&
        (!filter || c.quirks.filterFields.some((api) => stored[api]?.toLowerCase().includes(filter))),
    );
    return pageOf(matches, query, caps[c.api.collection] ?? c.quirks.pageCap);
  }
}

/**
 * One page of a listing by the request's offset and limit: `total` counts every item, the page
 * holds at most the lower of the limit and the device's own `cap` [APIARY "Using limit and offset"].
 */
export function pageOf<T>(
  items: readonly T[],
  query: URLSearchParams,
  cap: number,
): { total: number; page: T[] } | { failure: CmsFailure } {
  const offset = queryCount(query, "offset");
  if (offset === null) return { failure: parameterError("offset", "invalidValue") };
  const requested = queryCount(query, "limit");
  if (requested === null) return { failure: parameterError("limit", "invalidValue") };
  const limit = Math.min(cap, requested ?? cap);
  return { total: items.length, page: items.slice(offset ?? 0, (offset ?? 0) + limit) };
}
