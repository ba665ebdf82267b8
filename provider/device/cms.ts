import { XMLParser } from "fast-xml-parser";
import type { ConnectionSettings } from "../connection";
import { ProviderBug } from "../errors";
import { allDescriptions, parentOf } from "../schema";
import {
  type CmsApi,
  type FieldDescription,
  type FieldValue,
  type FollowUp,
  type KeyedValues,
  keyedValues,
  type NaturalKey,
  type ObjectDescription,
} from "../schema/types";
import { show } from "../show";
import { type HttpAnswer, send } from "./http";
import { RunListing } from "./run-listing";
import { type Changes, credentialsRejected, DeviceError, type DeviceObjects, type Found, type Values } from "./types";

/** Cisco Meeting Server /api/v1: form-encoded requests, XML answers. */

/** What a failureDetails tag means, in the words an engineer would want. */
const FAILURE_HINTS: Readonly<Record<string, string>> = {
  duplicateCoSpaceUri: "another space already uses this uri or secondaryUri",
  duplicateCoSpaceId: "another space already uses this callId",
  duplicateCoSpaceIdPasscode: "another space already uses this callId with the same passcode",
  duplicateCoSpaceUriPasscode: "another space already uses this uri with the same passcode",
  duplicateCoSpaceSecret: "another space already uses this secret",
  tenantGroupCoSpaceIdConflict: "the callId clashes with a space in the same tenant group",
  inboundDialPlanRuleUriConflict: "the rule would make URIs of different tenants collide",
  passcodeTooShort: "the passcode is shorter than the device's minimum length",
  tenantDoesNotExist: "the tenant id does not exist on the device",
  invalidOperation: "the device does not allow this operation on the object",
  unrecognizedObject: "the device does not know this API path (older software release?)",
  unrecognisedObject: "the device does not know this API path (older software release?)",
};

type XmlNode = Record<string, unknown>;

function wireValue(value: FieldValue): string {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return value.join(",");
  return String(value);
}

function typedValue(field: FieldDescription, text: string): FieldValue {
  switch (field.type.kind) {
    case "bool":
      return text.toLowerCase() === "true";
    case "int": {
      const number = Number(text);
      return Number.isFinite(number) ? number : text;
    }
    default:
      return text;
  }
}

function textOf(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === "string") return node;
  if (typeof node === "object" && "#text" in (node as XmlNode)) return String((node as XmlNode)["#text"]);
  return typeof node === "object" ? "" : String(node);
}

export class CmsObjects implements DeviceObjects {
  private readonly api: CmsApi;
  /** The fields sent and read as form values and XML elements (a child's parent id is in the path instead). */
  private readonly fields: readonly FieldDescription[];
  private readonly parser: XMLParser;
  /** A child's parent (ObjectDescription.parent): its noun, its API and the child's field holding its id. */
  private readonly parent?: { readonly noun: string; readonly api: CmsApi; readonly field: FieldDescription };
  /** The fields of the natural keys: all a run's listing keeps per object. */
  private readonly keyFields: readonly string[];
  /** The natural-key fields of every object, read once per run for look-ups, by collection path (see RunListing). */
  private readonly runListings = new Map<string, RunListing>();

  constructor(
    private readonly desc: ObjectDescription,
    private readonly settings: ConnectionSettings,
  ) {
    if (desc.api.family !== "cms") throw new ProviderBug(`${desc.resource} is not a CMS object`);
    this.api = desc.api;
    const parent = parentOf(desc);
    if (parent && parent.desc.api.family !== "cms")
      throw new ProviderBug(`${desc.resource}'s parent ${parent.desc.resource} is not a CMS object`);
    if (parent) this.parent = { noun: parent.desc.noun, api: parent.desc.api as CmsApi, field: parent.field };
    this.fields = desc.fields.filter((f) => !f.local && f !== this.parent?.field);
    this.keyFields = [...new Set(desc.naturalKeys.flat())];
    const listPath = `${this.api.collection}.${this.api.element}`;
    this.parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@_",
      parseTagValue: false,
      parseAttributeValue: false,
      isArray: (_name, jpath) => jpath === listPath,
    });
  }

  private get where(): string {
    return `CMS "${this.settings.profile}" (${this.settings.url})`;
  }

  private encode(values: Record<string, FieldValue | null>): string {
    const form = new URLSearchParams();
    for (const field of this.fields) {
      if (!(field.name in values)) continue;
      const value = values[field.name];
      form.append(field.api, value === null ? "" : wireValue(value));
    }
    return form.toString();
  }

  private parse(body: string): XmlNode {
    try {
      return this.parser.parse(body) as XmlNode;
    } catch {
      throw new DeviceError(`${this.where} sent XML that could not be parsed`, "unexpected", 200);
    }
  }

  /** Turns a non-200 answer into an error naming the object, the field and the device's reason. */
  private failure(action: string, answer: HttpAnswer, values: Values = {}, path?: string): DeviceError {
    if (answer.status === 401) return credentialsRejected(this.where, this.settings.profile, action, this.desc.noun);
    const details = answer.body.includes("failureDetails")
      ? (this.parse(answer.body).failureDetails as XmlNode | undefined)
      : undefined;
    const [tag, node] = details && typeof details === "object" ? (Object.entries(details)[0] ?? []) : [];
    if (!tag)
      // Without the device's own failure tag a 404 may come from a proxy, a wrong port or a
      // maintenance page: never read as "gone".
      return new DeviceError(
        `${this.where} answered HTTP ${answer.status} while trying to ${action} ${this.desc.noun}` +
          `${path ? ` at ${this.settings.url}${path}` : ""}` +
          (answer.status === 404 ? " without a CMS failure reason: is the URL the CMS API's?" : ""),
        "unexpected",
        answer.status,
      );
    // Only this object's own tag means "gone"; another object's (tenant, profile, user) is a refusal.
    if (tag === this.api.notFound || tag.toLowerCase() === `${this.api.element.toLowerCase()}doesnotexist`) {
      return new DeviceError(`${this.desc.noun} not found on ${this.where} (${tag})`, "notFound", answer.status);
    }
    // A child's parent is gone, and with it the child (the device deletes children with their parent).
    if (this.parent && tag === this.parent.api.notFound) {
      const parentId = path?.split("/")[4];
      return new DeviceError(
        `${this.where} has no ${this.parent.noun} ${JSON.stringify(decodeURIComponent(parentId ?? "?"))} ` +
          `(${tag}) to ${action} ${this.desc.noun} under: ${this.desc.resource}.${this.parent.field.name} ` +
          `names a ${this.parent.noun} that does not exist on the device`,
        "notFound",
        answer.status,
      );
    }
    if (tag.endsWith("DoesNotExist")) {
      return new DeviceError(
        `${this.where} refused to ${action} ${this.desc.noun}: ${tag}: ` +
          (this.missingReference(tag, values) ??
            FAILURE_HINTS[tag] ??
            "it refers to an object that does not exist on the device"),
        "refused",
        answer.status,
      );
    }
    if (tag === "parameterError") {
      const attributes = (node ?? {}) as XmlNode;
      const wire = String(attributes["@_parameter"] ?? "?");
      const reason = String(attributes["@_error"] ?? "invalid");
      const field = this.fields.find((f) => f.api === wire);
      const name = field?.name ?? wire;
      const value =
        field && values[field.name] !== undefined
          ? field.secret
            ? " (secret value)"
            : ` ${show(values[field.name])}`
          : "";
      return new DeviceError(
        `${this.where} refused to ${action} ${this.desc.noun}: ` +
          `field ${this.desc.resource}.${name}${value} was rejected as ${reason} (device parameter "${wire}")`,
        "invalid",
        answer.status,
      );
    }
    const clashing = Object.entries(this.api.uniqueFields)
      .filter(([name, uniqueTag]) => uniqueTag === tag && values[name] !== undefined)
      .map(([name]) => `${name} ${show(values[name])}`);
    const hint = FAILURE_HINTS[tag] ?? "see the CMS API reference, Failure Reasons";
    const kind = clashing.length > 0 || tag.startsWith("duplicate") ? "duplicate" : "refused";
    return new DeviceError(
      `${this.where} refused to ${action} ${this.desc.noun}` +
        `${clashing.length ? ` (${clashing.join(", ")})` : ""}: ${tag}: ${hint}`,
      kind,
      answer.status,
    );
  }

  /**
   * Which sent field named the missing object, when a field refers (`refersTo`) to a described
   * CMS kind whose "does not exist" tag this is: `field CmsLdapSource.server "…" is not the id of
   * any LDAP server on the device`.
   */
  private missingReference(tag: string, values: Values): string | undefined {
    for (const field of this.fields) {
      const referred = allDescriptions.find((d) => d.resource === field.refersTo?.resource);
      if (field.refersTo?.field !== "id" || referred?.api.family !== "cms" || referred.api.notFound !== tag) continue;
      if (values[field.name] === undefined) continue;
      return (
        `field ${this.desc.resource}.${field.name} ${show(values[field.name])} is not the id of any ` +
        `${referred.noun} on the device`
      );
    }
    return undefined;
  }

  /** `values`: a child's values, which name its parent (ObjectDescription.parent). */
  private path(values: Values, id?: string): string {
    // A device-wide settings object (system/configuration/xmpp) has no id: GET and PUT go to its node.
    if (this.desc.lifecycle === "singleton") return `/api/v1/${this.api.collection}`;
    return `${this.collectionPath(values)}${id ? `/${encodeURIComponent(id)}` : ""}`;
  }

  /** `/api/v1/coSpaces`, or a child's `/api/v1/coSpaces/<space id>/accessMethods`. */
  private collectionPath(values: Values): string {
    if (!this.parent) return `/api/v1/${this.api.collection}`;
    const parentId = values[this.parent.field.name];
    if (typeof parentId !== "string" || parentId === "")
      throw new DeviceError(
        `${this.desc.resource}.${this.parent.field.name} (the ${this.parent.noun}'s id) is needed to reach ` +
          `the ${this.desc.noun} on ${this.where}, and it is not known here ` +
          "(an import needs the resource's inputs: declare it in the program and set `adopt: true`)",
        "invalid",
        0,
      );
    return `/api/v1/${this.parent.api.collection}/${encodeURIComponent(parentId)}/${this.api.collection}`;
  }

  /** The values an object read under `known`'s parent has: a child's parent is the one it was found under. */
  private withParent(values: Values, known: Values): Values {
    if (!this.parent) return values;
    return { ...values, [this.parent.field.name]: known[this.parent.field.name] };
  }

  private decode(node: XmlNode): Values {
    const values: Values = {};
    for (const field of this.fields) {
      const text = textOf(node[field.api]);
      if (text !== undefined) values[field.name] = typedValue(field, text);
    }
    return values;
  }

  async create(values: Values): Promise<string> {
    const path = this.path(values);
    const answer = await send(this.settings, { method: "POST", path, body: this.encode(values) });
    if (answer.status !== 200) throw this.failure("create", answer, values, path);
    const id = this.createdId(answer);
    this.runListing(values).created(id, values);
    return id;
  }

  /** POSTs the follow-up request naming the object (`ldapSource=<id>` to /ldapSyncs); answers its path. */
  async followUp(id: string, rule: FollowUp): Promise<string> {
    const path = `/api/v1/${rule.collection}`;
    const body = new URLSearchParams({ [rule.idParameter]: id }).toString();
    const answer = await send(this.settings, { method: "POST", path, body });
    if (answer.status !== 200) throw this.failure(`request ${rule.action} for`, answer, {}, path);
    return `${path}/${this.createdId(answer, rule.action)}`;
  }

  /** The id a POST's Location header names (relative, absolute or padded with blanks). */
  private createdId(answer: HttpAnswer, what = this.desc.noun): string {
    const location = answer.headers.location;
    const text = (Array.isArray(location) ? location[0] : location)?.trim();
    const id = text
      ?.split("/")
      .filter((s) => s !== "")
      .pop();
    if (!id)
      throw new DeviceError(`${this.where} created ${what} but sent no Location header naming it`, "unexpected", 200);
    return id;
  }

  async read(id: string, known: Values = {}): Promise<Values | undefined> {
    const path = this.path(known, id);
    const answer = await send(this.settings, { method: "GET", path });
    if (answer.status !== 200) {
      const error = this.failure("read", answer, {}, path);
      if (await this.gone(id, error, known)) return undefined;
      throw error;
    }
    const node = this.parse(answer.body)[this.api.element];
    if (!node || typeof node !== "object")
      throw new DeviceError(
        `${this.where} answered GET ${path} without a <${this.api.element}> element`,
        "unexpected",
        200,
      );
    return this.withParent(this.decode(node as XmlNode), known);
  }

  async update(id: string, known: Values, changes: Changes): Promise<void> {
    const body = this.encode(changes);
    if (body === "") return;
    const path = this.path(known, id);
    const answer = await send(this.settings, { method: "PUT", path, body });
    if (answer.status !== 200) throw this.failure("update", answer, changes as Values, path);
    this.runListing(known).changed(id, changes);
  }

  async remove(id: string, known: Values = {}): Promise<void> {
    const path = this.path(known, id);
    const answer = await send(this.settings, { method: "DELETE", path });
    const error = answer.status === 200 ? undefined : this.failure("delete", answer, {}, path);
    if (error && !(await this.gone(id, error, known))) throw error;
    this.runListing(known).removed(id);
  }

  /**
   * Whether a failure means the object is gone: its own "does not exist" tag says so; the
   * tags of some objects are not published (TURN servers, web bridges), so another tag from
   * the CMS is checked against the collection's listing, which must no longer hold the id.
   * An answer without a CMS failure tag (a proxy's 404) never means gone.
   */
  private async gone(id: string, error: DeviceError, known: Values): Promise<boolean> {
    if (error.kind === "notFound") return true;
    if (error.kind !== "refused" || this.desc.lifecycle === "singleton") return false;
    // Ids are GUIDs, which compare without regard to case.
    const wanted = id.toLowerCase();
    for await (const { items } of this.listing(undefined, known))
      if (items.some((item) => String(item["@_id"]).toLowerCase() === wanted)) return false;
    return true;
  }

  /**
   * Every object's id, page by page to the end of the collection, with the total the device gives;
   * a child's under the parent `values` name (its parent field).
   */
  async *ids(values: Values = {}): AsyncGenerator<{ readonly ids: readonly string[]; readonly total: number }> {
    for await (const { items, total } of this.listing(undefined, values))
      yield { ids: items.map((item) => String(item["@_id"])), total };
  }

  /** The listing page by page (filtered or not), until the device's total is reached; a child's: its parent's. */
  private async *listing(
    filter: string | undefined,
    values: Values,
  ): AsyncGenerator<{ items: XmlNode[]; total: number }> {
    const path = this.path(values);
    let offset = 0;
    for (;;) {
      const query = new URLSearchParams(filter === undefined ? {} : { filter });
      query.set("offset", String(offset));
      const answer = await send(this.settings, { method: "GET", path: `${path}?${query.toString()}` });
      if (answer.status !== 200) throw this.failure("list", answer, {}, path);
      const root = this.parse(answer.body)[this.api.collection] as XmlNode | undefined;
      const items = ((root?.[this.api.element] as XmlNode[] | undefined) ?? []).filter(
        (item) => typeof item === "object",
      );
      const total = Number(root?.["@_total"] ?? 0);
      yield { items, total };
      offset += items.length;
      if (items.length === 0 || offset >= total) return;
    }
  }

  /**
   * The object carrying a natural key's values, by NaturalKey's rules (provider/schema/types.ts).
   * `?filter=` narrows the listing first, but no Cisco document says which fields it matches
   * (only `name` for coSpaces), so when the filtered pages hold no match the whole collection
   * is searched before concluding the object does not exist: the run's listing, read from the
   * device once per run rather than once per look-up (RunListing says why that is safe).
   */
  async find(values: Values): Promise<Found | undefined> {
    for (const key of this.desc.naturalKeys) {
      const wanted = keyedValues(this.desc, key, values);
      if (!wanted) continue;
      const filter = wireValue(values[key[0]]);
      const found = (await this.scanFiltered(key, wanted, filter, values)) ?? (await this.scanRun(key, wanted, values));
      if (found) return found;
    }
    return undefined;
  }

  /** A run's listing of the collection these values live in (a child's: below its parent). */
  private runListing(values: Values): RunListing {
    const path = this.path(values);
    let listing = this.runListings.get(path);
    if (!listing) {
      // Only what the path needs is kept (the parent's id), not the values (a passcode).
      const parentOnly: Values = this.parent ? { [this.parent.field.name]: values[this.parent.field.name] } : {};
      listing = new RunListing(() => this.readKeyFields(parentOnly), this.keyFields);
      this.runListings.set(path, listing);
    }
    return listing;
  }

  /** Every page of the listing filtered by the key's first value, compared entry by entry. */
  private async scanFiltered(
    key: NaturalKey,
    wanted: KeyedValues,
    filter: string,
    values: Values,
  ): Promise<Found | undefined> {
    for await (const { items } of this.listing(filter, values)) {
      for (const item of items) {
        const found = await this.candidate(key, wanted, String(item["@_id"]), this.shownKeyFields(item), values);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** The run's listing of the whole collection, compared entry by entry. */
  private async scanRun(key: NaturalKey, wanted: KeyedValues, values: Values): Promise<Found | undefined> {
    for (const [id, shown] of await this.runListing(values).all()) {
      const found = await this.candidate(key, wanted, id, shown, values);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * An entry whose shown key fields match is read, and the object itself decides. An entry
   * that does not show a key field proves nothing about it (list answers may leave out fields
   * the object has, as Cisco's rule-list sample leaves out the tenant).
   */
  private async candidate(
    key: NaturalKey,
    wanted: KeyedValues,
    id: string,
    shown: Values,
    values: Values,
  ): Promise<Found | undefined> {
    for (const name of key) if (name in shown && !sameKeyValue(wanted.get(name), shown[name])) return undefined;
    const current = await this.read(id, values);
    if (!current) this.runListing(values).removed(id);
    const actual = current && keyedValues(this.desc, key, current);
    if (actual && key.every((name) => sameKeyValue(wanted.get(name), actual.get(name))))
      return { id, values: current, key };
    return undefined;
  }

  /** The key fields a listing entry shows (a field without text is not shown). */
  private shownKeyFields(item: XmlNode): Values {
    const shown: Values = {};
    for (const field of this.fields) {
      const text = this.keyFields.includes(field.name) ? textOf(item[field.api]) : undefined;
      if (text) shown[field.name] = typedValue(field, text);
    }
    return shown;
  }

  /** The whole collection, page by page: id → the key fields each entry shows (RunListing's read). */
  private async readKeyFields(values: Values): Promise<Map<string, Values>> {
    const entries = new Map<string, Values>();
    for await (const { items } of this.listing(undefined, values))
      for (const item of items) entries.set(String(item["@_id"]), this.shownKeyFields(item));
    return entries;
  }
}

/** Key values compare as the device's text, without regard to case; an empty text is unset. */
function sameKeyValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  const text = (value: FieldValue | undefined) => (value === undefined ? "" : wireValue(value).toLowerCase());
  return text(a) === text(b);
}
