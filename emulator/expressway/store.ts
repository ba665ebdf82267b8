/**
 * In-memory state of one emulated Expressway (C or E) and the request validation of its
 * provisioning API. Every collection, field list, wire name, type and default is derived
 * from the shared object descriptions (provider/schema, family "expressway"); nothing here
 * restates a field list.
 */
import { rangeProblems } from "../../provider/schema/ranges";
import {
  type FieldDescription,
  type FieldType,
  type FieldValue,
  fieldsForVariant,
  type IndexedListLocation,
  type ObjectDescription,
} from "../../provider/schema/types";
import { inVersionRange } from "../../provider/schema/versions";
import { UNDESCRIBED_FIELDS } from "./undescribed";

export type Personality = "C" | "E";

/** One value as it travels on the wire: On/Off strings, JSON numbers, string arrays. */
export type WireValue = string | number | string[];

/** Wire names -> wire values. */
export type ExpresswayRecord = Record<string, WireValue>;

/** The wire form of one collection under /api/provisioning on this personality. */
export interface CollectionSchema {
  /** Path below /api/provisioning, e.g. `common/domain`. */
  readonly path: string;
  readonly description: ObjectDescription;
  /** Variant selected by this path (undefined for a single-variant object's "default"). */
  readonly variant: string | undefined;
  /** Device fields of the variant (no `local` ones), in description order. */
  readonly fields: readonly FieldDescription[];
  readonly keyField: string;
  /** Read-only fields added on GET before the others (a zone's Status), from the description. */
  readonly readOnly: Readonly<Record<string, string>>;
  /** When set, every write is refused with this message (Expressway-E and domains). */
  readonly refusal?: string;
  /** One device-wide settings record: GET answers it as an object, PUT changes what is sent. */
  readonly singleton: boolean;
  /** Entries of a list field kept at their own path (DNS servers), listed by their index. */
  readonly indexed: boolean;
  /** For those entries: the list field's wire name, which may wrap them (`DefaultDNSServers`). */
  readonly listName?: string;
}

/** The record schema of a list field kept at a second path: position key and value, both required. */
function indexedFields(field: FieldDescription, at: IndexedListLocation): FieldDescription[] {
  const list = field.type.kind === "stringList" ? field.type : undefined;
  return [
    {
      name: at.indexField,
      api: at.indexField,
      required: true,
      type: { kind: "int", min: 1, max: list?.maxItems ?? 65535 },
      doc: `Position of the entry in ${field.name}.`,
    },
    {
      name: at.valueField,
      api: at.valueField,
      required: true,
      type: { kind: "string", minLength: 1, maxLength: list?.item.maxLength ?? 1024 },
      doc: `One entry of ${field.name}.`,
    },
  ];
}

/** Path-prefix scoping of the provisioning API (Cisco Expressway REST API Summary Guide; docs/sources.md). */
const PREFIX_PERSONALITIES: Readonly<Record<string, readonly Personality[]>> = {
  common: ["C", "E"],
  controller: ["C"],
  edge: ["E"],
};

function pathPersonalities(path: string): readonly Personality[] {
  return PREFIX_PERSONALITIES[path.split("/")[0]] ?? [];
}

/** All collections that exist on a personality and release, derived from the descriptions. */
export function collectionsFor(
  personality: Personality,
  version: string,
  descriptions: readonly ObjectDescription[],
): CollectionSchema[] {
  const result: CollectionSchema[] = [];
  for (const description of descriptions) {
    if (description.api.family !== "expressway" || !inVersionRange(version, description.versions)) continue;
    const api = description.api;
    for (const [variantKey, path] of Object.entries(api.paths)) {
      if (!pathPersonalities(path).includes(personality)) continue;
      const variant = variantKey === "default" ? undefined : variantKey;
      // Writes a personality refuses although the path exists there ("You cannot configure domains on an
      // Expressway-E": administrator guide X15.3, Protocols; docs/sources.md).
      const refusal = api.refusedOn?.[personality];
      const fields = fieldsForVariant(description, variant).filter(
        (f) => !f.local && inVersionRange(version, f.versions),
      );
      result.push({
        path,
        description,
        variant,
        fields: [...fields.filter((f) => !f.indexedAt), ...(UNDESCRIBED_FIELDS[path] ?? [])],
        keyField: api.keyField,
        readOnly: api.readOnlyFields ?? {},
        ...(refusal !== undefined ? { refusal } : {}),
        singleton: description.lifecycle === "singleton",
        indexed: false,
      });
      for (const field of fields) {
        const at = field.indexedAt;
        if (!at || !pathPersonalities(at.path).includes(personality)) continue;
        result.push({
          path: at.path,
          description,
          variant,
          fields: indexedFields(field, at),
          keyField: at.indexField,
          readOnly: {},
          singleton: false,
          indexed: true,
          listName: field.api,
        });
      }
    }
  }
  return result;
}

// ---------------------------------------------------------------------------
// Draft-4 style validation (messages modelled on the jsonschema library's wording).

/** Python-style repr, as draft-4 validators print instances in their messages. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "string") return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

const WIRE_ON = "On";
const WIRE_OFF = "Off";

type Checked = { readonly ok: true; readonly value: WireValue } | { readonly ok: false; readonly message: string };

function invalid(property: string, message: string): Checked {
  return { ok: false, message: `${property}: ${message}` };
}

/** Checks one supplied value against a field's wire type; `property` is the wire name used (e.g. New_Name). */
export function checkValue(type: FieldType, property: string, value: unknown): Checked {
  switch (type.kind) {
    case "string": {
      if (typeof value !== "string") return invalid(property, `${pyRepr(value)} is not of type 'string'`);
      if (type.minLength !== undefined && value.length < type.minLength)
        return invalid(property, `${pyRepr(value)} is too short`);
      if (value.length > type.maxLength) return invalid(property, `${pyRepr(value)} is too long`);
      return { ok: true, value };
    }
    case "int": {
      if (typeof value !== "number" || !Number.isInteger(value))
        return invalid(property, `${pyRepr(value)} is not of type 'integer'`);
      if (value < type.min) return invalid(property, `${value} is less than the minimum of ${type.min}`);
      if (value > type.max) return invalid(property, `${value} is greater than the maximum of ${type.max}`);
      return { ok: true, value };
    }
    case "bool": {
      if (value !== WIRE_ON && value !== WIRE_OFF)
        return invalid(property, `${pyRepr(value)} is not one of ${pyRepr([WIRE_ON, WIRE_OFF])}`);
      return { ok: true, value };
    }
    case "enum": {
      if (typeof value !== "string" || !type.values.includes(value))
        return invalid(property, `${pyRepr(value)} is not one of ${pyRepr(type.values)}`);
      return { ok: true, value };
    }
    case "stringList": {
      if (!Array.isArray(value)) return invalid(property, `${pyRepr(value)} is not of type 'array'`);
      const items: string[] = [];
      for (const item of value as unknown[]) {
        if (typeof item !== "string") return invalid(property, `${pyRepr(item)} is not of type 'string'`);
        if (item.length > type.item.maxLength) return invalid(property, `${pyRepr(item)} is too long`);
        items.push(item);
      }
      if (items.length < type.minItems) return invalid(property, `${pyRepr(items)} is too short`);
      if (items.length > type.maxItems) return invalid(property, `${pyRepr(items)} is too long`);
      return { ok: true, value: items };
    }
  }
}

/** Converts a description's `deviceDefault` to its wire form. */
export function defaultToWire(value: FieldValue): WireValue {
  if (typeof value === "boolean") return value ? WIRE_ON : WIRE_OFF;
  if (Array.isArray(value)) return [...(value as readonly string[])];
  return value as string | number;
}

function copyValue(value: WireValue): WireValue {
  return Array.isArray(value) ? [...value] : value;
}

export function copyRecord(record: ExpresswayRecord): ExpresswayRecord {
  const copy: ExpresswayRecord = {};
  for (const [k, v] of Object.entries(record)) copy[k] = copyValue(v);
  return copy;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function additionalMessage(unexpected: readonly string[]): string {
  const names = unexpected.map(pyRepr).join(", ");
  return `Additional properties are not allowed (${names} ${unexpected.length === 1 ? "was" : "were"} unexpected)`;
}

/** Which wire property of a PUT body maps to which field. */
function updateProperties(schema: CollectionSchema): Map<string, FieldDescription> {
  const map = new Map<string, FieldDescription>();
  for (const field of schema.fields) {
    if (field.api === schema.keyField) map.set(field.api, field);
    if (field.updateApi) map.set(field.updateApi, field);
    else if (field.api !== schema.keyField) map.set(field.api, field);
  }
  return map;
}

function createProperties(schema: CollectionSchema): Map<string, FieldDescription> {
  return new Map(schema.fields.map((f) => [f.api, f]));
}

type Validated =
  | { readonly ok: true; readonly values: ReadonlyMap<string, WireValue> }
  | { readonly ok: false; readonly message: string };

/**
 * A body wrapped in one property (`{"DefaultDNSServers": {...}}`): the inner body, or the
 * refusal the device's schema check gives any other body that lacks it or has more.
 */
export function unwrapBody(
  body: unknown,
  wrapper: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!isPlainObject(body)) return { ok: false, message: `${pyRepr(body)} is not of type 'object'` };
  const unexpected = Object.keys(body).filter((k) => k !== wrapper);
  if (unexpected.length > 0) return { ok: false, message: additionalMessage(unexpected) };
  if (!(wrapper in body)) return { ok: false, message: `${pyRepr(wrapper)} is a required property` };
  return { ok: true, value: body[wrapper] };
}

/**
 * Validates a body against the properties allowed for the operation: object, no
 * additional properties, required ones present, each value of its type. Returns the
 * checked values keyed by the wire property used in the body.
 */
function validateBody(
  body: unknown,
  properties: ReadonlyMap<string, FieldDescription>,
  required: readonly string[],
  ignoreUnknown = false,
): Validated {
  if (!isPlainObject(body)) return { ok: false, message: `${pyRepr(body)} is not of type 'object'` };
  const unexpected = Object.keys(body).filter((k) => !properties.has(k));
  if (unexpected.length > 0 && !ignoreUnknown) return { ok: false, message: additionalMessage(unexpected) };
  for (const name of required) {
    if (!(name in body)) return { ok: false, message: `${pyRepr(name)} is a required property` };
  }
  const values = new Map<string, WireValue>();
  for (const [property, field] of properties) {
    if (!(property in body)) continue;
    const checked = checkValue(field.type, property, body[property]);
    if (!checked.ok) return checked;
    values.set(property, checked.value);
  }
  return { ok: true, values };
}

// ---------------------------------------------------------------------------
// The store.

export type WriteOutcome =
  | { readonly kind: "ok" }
  | { readonly kind: "invalid"; readonly message: string }
  | { readonly kind: "duplicate"; readonly message: string }
  | { readonly kind: "missing"; readonly message: string }
  | { readonly kind: "refused"; readonly message: string };

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Normalises `common/domain`, `/common/domain/`, `/api/provisioning/common/domain` or `/api/v1/provisioning/...`. */
export function normalisePath(path: string): string {
  return path
    .replace(/^\/+/, "")
    .replace(/^api\/(?:v1\/)?provisioning\//, "")
    .replace(/\/+$/, "");
}

export class ExpresswayStore {
  readonly personality: Personality;
  private readonly schemas = new Map<string, CollectionSchema>();
  private readonly records = new Map<string, ExpresswayRecord[]>();
  /**
   * What a running service uses while changes to its settings are held (AppliedOnRestart): the
   * GET view from before the first held change, kept until the service is turned off.
   */
  private readonly held = new Map<string, ExpresswayRecord>();

  /**
   * @param version the emulated release, e.g. "X8.11.4": paths and fields follow the descriptions' `versions`.
   * @param ignoreUnknownProperties a create or update of a collection drops properties the object does
   *   not have instead of refusing them (ExpresswayEmulatorOptions.ignoreUnknownProperties).
   */
  constructor(
    personality: Personality,
    readonly version: string,
    descriptions: readonly ObjectDescription[],
    private readonly ignoreUnknownProperties = false,
  ) {
    this.personality = personality;
    for (const schema of collectionsFor(personality, version, descriptions)) {
      this.schemas.set(schema.path, schema);
      this.records.set(schema.path, schema.singleton ? [{}] : []);
    }
  }

  /** The collection at exactly this path below /api/provisioning on this personality, if it exists here. */
  schema(path: string): CollectionSchema | undefined {
    return this.schemas.get(path);
  }

  paths(): string[] {
    return [...this.schemas.keys()];
  }

  /** Empties every collection; singletons go back to the device's defaults. */
  reset(): void {
    this.held.clear();
    for (const [path, list] of this.records)
      list.splice(0, list.length, ...(this.schemas.get(path)?.singleton ? [{}] : []));
  }

  private collection(path: string): { schema: CollectionSchema; records: ExpresswayRecord[] } {
    const key = normalisePath(path);
    const schema = this.schemas.get(key);
    const records = this.records.get(key);
    if (!schema || !records) {
      throw new Error(`no Expressway-${this.personality} collection at "${path}"; known: ${this.paths().join(", ")}`);
    }
    return { schema, records };
  }

  private find(records: readonly ExpresswayRecord[], keyField: string, name: WireValue | undefined): number {
    if (name === undefined || Array.isArray(name)) return -1;
    return records.findIndex((r) => r[keyField] === name);
  }

  private noun(schema: CollectionSchema): string {
    return capitalise(schema.description.noun);
  }

  /**
   * The GET view of one record: read-only fields (zone Status) first, then the variant's fields in description
   * order with defaults filled in; write-only fields only for the test view.
   */
  private view(schema: CollectionSchema, record: ExpresswayRecord, includeWriteOnly: boolean): ExpresswayRecord {
    const out: ExpresswayRecord = {};
    for (const [name, usual] of Object.entries(schema.readOnly))
      out[name] = record[name] !== undefined ? copyValue(record[name]) : usual;
    const known = new Set<string>(Object.keys(schema.readOnly));
    for (const field of schema.fields) {
      known.add(field.api);
      if (field.writeOnly && !includeWriteOnly) continue;
      const stored = record[field.api];
      if (stored !== undefined) out[field.api] = copyValue(stored);
      else if (field.deviceDefault !== undefined && !field.writeOnly)
        out[field.api] = defaultToWire(field.deviceDefault);
    }
    // Wire names the description does not know exist only through out-of-band patches
    // (simulated version drift); they are returned as the device would.
    for (const [k, v] of Object.entries(record)) if (!known.has(k)) out[k] = copyValue(v);
    return out;
  }

  /** GET answer: the whole collection, or the records whose key equals `name`. */
  read(path: string, name?: string): ExpresswayRecord[] {
    const { schema, records } = this.collection(path);
    const listed = schema.indexed
      ? [...records].sort((a, b) => Number(a[schema.keyField]) - Number(b[schema.keyField]))
      : records;
    return listed
      .filter((r) => name === undefined || r[schema.keyField] === name)
      .map((r) => this.view(schema, r, false));
  }

  /** Test view: GET view plus write-only fields, insertion order, deep copies. */
  list(path: string): ExpresswayRecord[] {
    const { schema, records } = this.collection(path);
    return records.map((r) => this.view(schema, r, true));
  }

  create(path: string, body: unknown): WriteOutcome {
    const { schema, records } = this.collection(path);
    if (schema.refusal) return { kind: "refused", message: schema.refusal };
    const required = schema.fields.filter((f) => f.required).map((f) => f.api);
    const validated = validateBody(body, createProperties(schema), required, this.ignoreUnknownProperties);
    if (!validated.ok) return { kind: "invalid", message: validated.message };
    const name = validated.values.get(schema.keyField);
    if (this.find(records, schema.keyField, name) >= 0) {
      return { kind: "duplicate", message: `${this.noun(schema)} ${pyRepr(name)} already exists` };
    }
    const record: ExpresswayRecord = {};
    for (const field of schema.fields) {
      const value = validated.values.get(field.api);
      if (value !== undefined) record[field.api] = value;
    }
    records.push(record);
    return { kind: "ok" };
  }

  update(path: string, body: unknown): WriteOutcome {
    const { schema, records } = this.collection(path);
    if (schema.refusal) return { kind: "refused", message: schema.refusal };
    const properties = updateProperties(schema);
    const validated = validateBody(body, properties, [schema.keyField], this.ignoreUnknownProperties);
    if (!validated.ok) return { kind: "invalid", message: validated.message };
    const name = validated.values.get(schema.keyField);
    const index = this.find(records, schema.keyField, name);
    if (index < 0) return { kind: "missing", message: `${this.noun(schema)} ${pyRepr(name)} does not exist` };
    const keyDescription = schema.fields.find((f) => f.api === schema.keyField);
    const rename = keyDescription?.updateApi !== undefined ? validated.values.get(keyDescription.updateApi) : undefined;
    if (typeof rename === "string" && rename !== name && this.find(records, schema.keyField, rename) >= 0) {
      return { kind: "duplicate", message: `${this.noun(schema)} ${pyRepr(rename)} already exists` };
    }
    const record = records[index];
    for (const [property, value] of validated.values) {
      if (property === schema.keyField) continue;
      const field = properties.get(property);
      if (field) record[field.api] = value;
    }
    return { kind: "ok" };
  }

  remove(path: string, body: unknown): WriteOutcome {
    const { schema, records } = this.collection(path);
    if (schema.refusal) return { kind: "refused", message: schema.refusal };
    const keyDescription = schema.fields.find((f) => f.api === schema.keyField);
    const properties = new Map<string, FieldDescription>(keyDescription ? [[schema.keyField, keyDescription]] : []);
    const validated = validateBody(body, properties, [schema.keyField]);
    if (!validated.ok) return { kind: "invalid", message: validated.message };
    const name = validated.values.get(schema.keyField);
    const index = this.find(records, schema.keyField, name);
    if (index < 0) return { kind: "missing", message: `${this.noun(schema)} ${pyRepr(name)} does not exist` };
    records.splice(index, 1);
    return { kind: "ok" };
  }

  /**
   * PUT on a settings singleton: any subset of its fields, no key; unknown properties are refused.
   * GET answers the new values at once. Where the description says a running service reads its
   * settings only when it starts (AppliedOnRestart), a change while it runs is held: `inEffect`
   * keeps answering the values it started with until it is turned off (then on again).
   */
  updateSingleton(path: string, body: unknown): WriteOutcome {
    const { schema, records } = this.collection(path);
    const validated = validateBody(body, createProperties(schema), []);
    if (!validated.ok) return { kind: "invalid", message: validated.message };
    const next = { ...records[0], ...Object.fromEntries(validated.values) };
    const inverted = this.invertedRange(schema, next);
    if (inverted) return { kind: "invalid", message: inverted };
    const toggle = this.restartToggle(schema);
    const running = toggle !== undefined && this.isOn(schema, records[0], toggle);
    const before = this.view(schema, records[0], false);
    records[0] = next;
    const stillRunning = toggle !== undefined && this.isOn(schema, records[0], toggle);
    const changed = [...validated.values.keys()].some(
      (k) => k !== toggle?.api && JSON.stringify(before[k]) !== JSON.stringify(records[0][k]),
    );
    if (!stillRunning) this.held.delete(schema.path);
    else if (running && changed && !this.held.has(schema.path)) this.held.set(schema.path, before);
    return { kind: "ok" };
  }

  /** The field that runs the service whose settings apply on restart, if the object has one. */
  private restartToggle(schema: CollectionSchema): FieldDescription | undefined {
    const name = schema.description.appliedOnRestart?.toggle;
    return name === undefined ? undefined : schema.fields.find((f) => f.name === name);
  }

  private isOn(schema: CollectionSchema, record: ExpresswayRecord, toggle: FieldDescription): boolean {
    return String(this.view(schema, record, false)[toggle.api] ?? WIRE_OFF) === WIRE_ON;
  }

  /**
   * The values a settings object's service runs with: what GET answers, except while changes
   * are held until the service restarts (then the values it started with).
   */
  inEffect(path: string): ExpresswayRecord {
    const { schema, records } = this.collection(path);
    const held = this.held.get(schema.path);
    return held ? copyRecord(held) : this.view(schema, records[0], false);
  }

  /**
   * A start above its end in the record as it would be stored (what the PUT leaves unset keeps
   * its stored or default value). The device's words for it are not published [I]: worded like
   * its schema errors, on the start's wire name.
   */
  private invertedRange(schema: CollectionSchema, record: ExpresswayRecord): string | undefined {
    const view = this.view(schema, record, true);
    const apiOf = (name: string) => schema.fields.find((f) => f.name === name)?.api;
    const [problem] = rangeProblems(schema.description, (name) => {
      const api = apiOf(name);
      return api === undefined ? undefined : view[api];
    });
    if (!problem) return undefined;
    const startApi = apiOf(problem.range.start) as string;
    return `${startApi}: ${problem.start} is greater than ${apiOf(problem.range.end)} (${problem.end})`;
  }

  /**
   * Out-of-band merge (no validation): undefined deletes a field; a new key value renames.
   * A singleton's one record is patched whatever `name` says; an index key is matched as text.
   */
  patch(path: string, name: string, fields: Readonly<Record<string, WireValue | undefined>>): void {
    const { schema, records } = this.collection(path);
    const index = schema.singleton ? 0 : records.findIndex((r) => String(r[schema.keyField]) === name);
    if (index < 0) throw new Error(`no record named "${name}" at "${path}"`);
    const record = records[index];
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) delete record[k];
      else record[k] = copyValue(v);
    }
  }

  /** Out-of-band delete. */
  delete(path: string, name: string): void {
    const { schema, records } = this.collection(path);
    const index = records.findIndex((r) => String(r[schema.keyField]) === name);
    if (index < 0) throw new Error(`no record named "${name}" at "${path}"`);
    records.splice(index, 1);
  }
}
