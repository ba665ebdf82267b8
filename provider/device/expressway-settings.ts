import type { ConnectionSettings } from "../connection";
import { ProviderBug } from "../errors";
import {
  type ExpresswayApi,
  type FieldDescription,
  type FieldValue,
  type IndexedListLocation,
  type ObjectDescription,
  fieldsForVariant,
} from "../schema/types";
import { sameValue } from "../normalize";
import { messageOf, typedValue, type WireRecord, wireValue } from "./expressway";
import { type HttpAnswer, send } from "./http";
import { deviceKeyFor, unmappedFields } from "./wire-names";
import { type Changes, credentialsRejected, DeviceError, type DeviceObjects, type Found, type Values } from "./types";

/**
 * A device-wide Expressway settings object (System > DNS, MRA, TURN): always there, GET
 * and PUT on its path with no key, never created or deleted. A list field kept at a second
 * path (default DNS servers at common/dns/dnsserver, one record per index) is read and
 * written there, entry by entry. Fields whose wire names are unconfirmed (`apiCandidates`)
 * are mapped by the names the device's own GET returns.
 */
export class ExpresswaySettingsObjects implements DeviceObjects {
  private readonly api: ExpresswayApi;
  private readonly fields: readonly FieldDescription[];
  private readonly path: string;

  constructor(
    private readonly desc: ObjectDescription,
    variant: string | undefined,
    private readonly settings: ConnectionSettings,
  ) {
    if (desc.api.family !== "expressway" || desc.lifecycle !== "singleton")
      throw new ProviderBug(`${desc.resource} is not an Expressway settings object`);
    this.api = desc.api;
    this.fields = fieldsForVariant(desc, variant).filter((f) => !f.local);
    const path = this.api.paths[variant ?? "default"];
    if (!path) throw new ProviderBug(`${desc.resource} has no API path for variant "${variant}"`);
    this.path = path;
  }

  private get where(): string {
    return `Expressway "${this.settings.profile}" (${this.settings.url})`;
  }

  private failure(action: string, path: string, answer: HttpAnswer): DeviceError {
    if (answer.status === 401) return credentialsRejected(this.where, this.settings.profile, action, this.desc.noun);
    if (answer.status === 404) {
      const manual = this.desc.manualStep ? ` ${this.desc.manualStep}` : "";
      return new DeviceError(
        `${this.where} has no API path /api/provisioning/${path} (HTTP 404): its release has no ` +
          `${this.desc.noun} API, or profile "${this.settings.profile}" points at the wrong Expressway (C or E).` +
          manual,
        "refused",
        404,
      );
    }
    const message = messageOf(answer);
    return new DeviceError(
      `${this.where} refused to ${action} ${this.desc.noun}: ${message || `HTTP ${answer.status}`}`,
      answer.status === 400 ? "invalid" : "unexpected",
      answer.status,
    );
  }

  private async call(method: "GET" | "PUT" | "POST" | "DELETE", path: string, body?: WireRecord): Promise<unknown> {
    const answer = await send(this.settings, {
      method,
      path: `/api/provisioning/${path}`,
      ...(body ? { body: JSON.stringify(body), contentType: "application/json" } : {}),
    });
    const action = method === "GET" ? "read" : "update";
    if (answer.status !== 200 && answer.status !== 201) throw this.failure(action, path, answer);
    if (method !== "GET") return undefined;
    try {
      return JSON.parse(answer.body) as unknown;
    } catch {
      throw new DeviceError(`${this.where} answered GET ${path} with a body that is not JSON`, "unexpected", 200);
    }
  }

  /**
   * The keys the device's own GET returned, from the last read: unconfirmed wire names are
   * mapped by them, and a release does not rename its keys between two calls.
   */
  private deviceKeys: readonly string[] | undefined;

  /** The settings record: an object, or (some releases) a one-element list. */
  private async record(): Promise<WireRecord> {
    const parsed = await this.call("GET", this.path);
    const found = Array.isArray(parsed) ? parsed[0] : parsed;
    const record = found && typeof found === "object" ? (found as WireRecord) : {};
    this.deviceKeys = Object.keys(record);
    return record;
  }

  /**
   * How each list kept at its own path is written, once the device has shown it: bare entries
   * (as live captures of the similar NTP list), or wrapped in the list's name, as Cisco's REST
   * API Summary Guide prints DNS servers: `{"DefaultDNSServers": {"index": 2, "address": …}}`.
   */
  private readonly entryShape = new Map<string, EntryShape>();

  /** Entries of a list kept at its own path, by position (index → value), in either shape. */
  private async entries(field: FieldDescription, at: IndexedListLocation): Promise<Map<number, string>> {
    const parsed = await this.call("GET", at.path);
    const { items, shape } = listItems(parsed, field.api, at.indexField);
    if (shape) this.entryShape.set(at.path, shape);
    const entries = new Map<number, string>();
    for (const item of items) {
      const index = Number(entryField(item, at.indexField));
      const value = entryField(item, at.valueField);
      if (Number.isInteger(index) && value !== undefined && value !== null) entries.set(index, String(value));
    }
    return entries;
  }

  /** The device's key for a field in a record it returned (see deviceKeyFor). */
  private keyFor(field: FieldDescription, record: WireRecord): string | undefined {
    return deviceKeyFor(field, Object.keys(record));
  }

  async read(_id?: string, _known?: Values, wanted?: ReadonlySet<string>): Promise<Values> {
    const record = await this.record();
    const values: Values = {};
    for (const field of this.fields) {
      if (field.indexedAt) {
        if (wanted && !wanted.has(field.name)) continue;
        const entries = await this.entries(field, field.indexedAt);
        values[field.name] = [...entries.keys()].sort((a, b) => a - b).map((i) => entries.get(i) as string);
        continue;
      }
      const key = this.keyFor(field, record);
      const value = key === undefined ? undefined : typedValue(field, record[key]);
      if (value !== undefined) values[field.name] = value;
    }
    return values;
  }

  /** A record holding the device's keys (values unused), from the last read when it maps every field. */
  private async keysFor(fields: readonly FieldDescription[]): Promise<WireRecord> {
    if (this.deviceKeys) {
      const keys: WireRecord = Object.fromEntries(this.deviceKeys.map((key) => [key, null]));
      if (fields.every((f) => this.keyFor(f, keys) !== undefined)) return keys;
    }
    return this.record();
  }

  async update(_id: string, _known: Values, changes: Changes): Promise<void> {
    const plain = this.fields.filter((f) => f.name in changes && !f.indexedAt);
    if (plain.length > 0) {
      // Confirmed names are sent as described; unconfirmed ones need the device's own keys, read
      // again only when the last read did not return one for each of them.
      const record = plain.some((f) => f.apiCandidates) ? await this.keysFor(plain) : undefined;
      const body: WireRecord = {};
      const unmapped: FieldDescription[] = [];
      for (const field of plain) {
        const key = record ? this.keyFor(field, record) : field.api;
        if (key === undefined) {
          unmapped.push(field);
          continue;
        }
        const value = changes[field.name];
        body[key] =
          value === null
            ? field.deviceDefault !== undefined
              ? wireValue(field.deviceDefault)
              : ""
            : wireValue(value as FieldValue);
      }
      if (unmapped.length > 0)
        throw unmappedFields(this.desc.resource, this.where, unmapped, this.path, Object.keys(record ?? {}));
      await this.call("PUT", this.path, body);
    }
    for (const field of this.fields) {
      if (!field.indexedAt || !(field.name in changes)) continue;
      const wanted = (changes[field.name] as readonly string[] | null) ?? [];
      await this.writeEntries(field, field.indexedAt, wanted);
    }
  }

  /**
   * One entry written in the shape the device showed. Before it has shown one (an empty list
   * reads the same in both), the shape Cisco's guide documents is tried first (wrapped: the
   * REST API Summary Guide X14.2), a refusal of it is retried bare, and the shape that works is kept.
   */
  private async writeEntry(
    method: "POST" | "PUT",
    field: FieldDescription,
    at: IndexedListLocation,
    entry: WireRecord,
  ): Promise<void> {
    const shape = this.entryShape.get(at.path);
    if (shape === "flat") return void (await this.call(method, at.path, entry));
    try {
      await this.call(method, at.path, { [field.api]: entry });
      this.entryShape.set(at.path, "wrapped");
    } catch (error) {
      if (shape === "wrapped" || !(error instanceof DeviceError) || error.status !== 400) throw error;
      try {
        await this.call(method, at.path, entry);
      } catch (bareError) {
        // Refused in both shapes: what the device said to each.
        if (!(bareError instanceof DeviceError)) throw bareError;
        throw new DeviceError(
          `${error.message}; the same entry bare: ${bareError.message}`,
          bareError.kind,
          bareError.status,
        );
      }
      this.entryShape.set(at.path, "flat");
    }
  }

  /** Brings a list kept by index to `wanted` (positions 1..n): one request per entry that differs. */
  private async writeEntries(
    field: FieldDescription,
    at: IndexedListLocation,
    wanted: readonly string[],
  ): Promise<void> {
    const current = await this.entries(field, at);
    const last = Math.max(wanted.length, ...current.keys());
    for (let index = 1; index <= last; index++) {
      const want = wanted[index - 1];
      const have = current.get(index);
      if (want !== undefined && have !== undefined && sameValue(have, want)) continue;
      if (want === undefined) {
        if (have !== undefined) await this.call("DELETE", at.path, { [at.indexField]: index });
      } else {
        const entry = { [at.indexField]: index, [at.valueField]: want };
        await this.writeEntry(have === undefined ? "POST" : "PUT", field, at, entry);
      }
    }
  }

  create(): Promise<string> {
    throw new ProviderBug(`${this.desc.resource} is a settings object: it is never created`);
  }

  remove(): Promise<void> {
    throw new ProviderBug(`${this.desc.resource} is a settings object: it is never deleted`);
  }

  async find(): Promise<Found | undefined> {
    return undefined;
  }
}

type EntryShape = "flat" | "wrapped";

/**
 * The entries of a list answer: a JSON array of entries, or the entries (one object or an
 * array) under the list's name, or one bare entry; the shape when the answer tells it.
 */
function listItems(parsed: unknown, listName: string, indexField: string): { items: WireRecord[]; shape?: EntryShape } {
  const records = (value: unknown): WireRecord[] =>
    (Array.isArray(value) ? value : [value]).filter(
      (item): item is WireRecord => !!item && typeof item === "object" && !Array.isArray(item),
    );
  // An empty array tells nothing: a device that wraps its entries may still answer [] for none.
  if (Array.isArray(parsed)) return parsed.length > 0 ? { items: records(parsed), shape: "flat" } : { items: [] };
  if (!parsed || typeof parsed !== "object") return { items: [] };
  const wrapper = Object.keys(parsed).find((k) => k.toLowerCase() === listName.toLowerCase());
  if (wrapper) return { items: records((parsed as WireRecord)[wrapper]), shape: "wrapped" };
  return entryField(parsed as WireRecord, indexField) !== undefined
    ? { items: [parsed as WireRecord], shape: "flat" }
    : { items: [] };
}

/** A field of an entry whatever its case (live NTP entries mix `index` and `Address`). */
function entryField(item: WireRecord, name: string): unknown {
  if (name in item) return item[name];
  const key = Object.keys(item).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : item[key];
}
