import type { ConnectionSettings } from "../connection";
import { ProviderBug } from "../errors";
import {
  type ExpresswayApi,
  type FieldDescription,
  type FieldValue,
  type ObjectDescription,
  fieldsForVariant,
} from "../schema/types";
import { show } from "../show";
import { type HttpAnswer, type HttpCall, RetryBudget, requestLabel, send, TransportError } from "./http";
import { type Changes, credentialsRejected, DeviceError, type DeviceObjects, type Found, type Values } from "./types";
import { deviceKeyFor, unmappedFields } from "./wire-names";

/** Cisco Expressway /api/provisioning: JSON bodies, objects addressed by Name in the body. */

export type WireValue = string | number | string[];
export type WireRecord = Record<string, unknown>;

export function wireValue(value: FieldValue): WireValue {
  if (typeof value === "boolean") return value ? "On" : "Off";
  if (Array.isArray(value)) return [...value];
  return value as string | number;
}

export function typedValue(field: FieldDescription, raw: unknown): FieldValue | undefined {
  if (raw === undefined || raw === null) return undefined;
  switch (field.type.kind) {
    case "bool":
      return String(raw).toLowerCase() === "on";
    case "int": {
      const number = Number(raw);
      return Number.isFinite(number) ? number : String(raw);
    }
    case "stringList":
      return Array.isArray(raw) ? raw.map(String) : [String(raw)];
    default:
      return String(raw);
  }
}

/** The device's own `{"Message": ...}`, or undefined when the body is not that shape (a proxy's page, say). */
function deviceMessageOf(answer: HttpAnswer): string | undefined {
  try {
    const parsed = JSON.parse(answer.body) as unknown;
    if (parsed && typeof parsed === "object" && "Message" in parsed)
      return String((parsed as { Message: unknown }).Message);
  } catch {
    // not JSON
  }
  return undefined;
}

export function messageOf(answer: HttpAnswer): string {
  return deviceMessageOf(answer) ?? answer.body.trim().slice(0, 200);
}

/**
 * The names to try next after a refusal quoting some of the names sent (the draft-4 schema
 * check's "('X' was unexpected)"): each quoted unconfirmed name replaced by its next
 * candidate; undefined when none was quoted or a quoted one has no candidate left.
 */
function nextNames(
  refusal: DeviceError,
  sent: readonly FieldDescription[],
  names: ReadonlyMap<FieldDescription, string>,
): Map<FieldDescription, string> | undefined {
  const next = new Map(names);
  let advanced = false;
  for (const field of sent) {
    const current = names.get(field) as string;
    if (!field.apiCandidates || !refusal.message.includes(`'${current}'`)) continue;
    const tried = [field.api, ...field.apiCandidates];
    const following = tried[tried.indexOf(current) + 1];
    if (following === undefined) return undefined;
    next.set(field, following);
    advanced = true;
  }
  return advanced ? next : undefined;
}

/** Only the device's own words say an object does not exist; any other 404 may be a missing path. */
function saysDoesNotExist(answer: HttpAnswer): boolean {
  return /does not exist/i.test(deviceMessageOf(answer) ?? "");
}

export class ExpresswayObjects implements DeviceObjects {
  private readonly api: ExpresswayApi;
  private readonly fields: readonly FieldDescription[];
  /** The collection's path below /api/provisioning: the described one, or the unconfirmed one the device has. */
  private path: string;
  /** Other plausible paths (ExpresswayApi.unconfirmedPaths). */
  private readonly otherPaths: readonly string[];
  private readonly keyField: FieldDescription;
  /**
   * The keys of the device's own records, from the last GET that returned any: unconfirmed
   * wire names are mapped by them, and a release does not rename its keys between two calls.
   */
  private deviceKeys: readonly string[] | undefined;

  constructor(
    private readonly desc: ObjectDescription,
    variant: string | undefined,
    private readonly settings: ConnectionSettings,
  ) {
    if (desc.api.family !== "expressway") throw new ProviderBug(`${desc.resource} is not an Expressway object`);
    this.api = desc.api;
    this.fields = fieldsForVariant(desc, variant).filter((f) => !f.local);
    const path = this.api.paths[variant ?? "default"];
    if (!path)
      throw new ProviderBug(`${desc.resource} has no API path for ${desc.variantField ?? "variant"} "${variant}"`);
    this.path = path;
    this.otherPaths = this.api.unconfirmedPaths?.[variant ?? "default"] ?? [];
    this.pathSettled = this.otherPaths.length === 0;
    this.keyField = this.fields.find((f) => f.api === this.api.keyField) as FieldDescription;
  }

  private get basePath(): string {
    return `/api/provisioning/${this.path}`;
  }

  private get where(): string {
    return `Expressway "${this.settings.profile}" (${this.settings.url})`;
  }

  private nameOf(values: Values, fallback?: string): string {
    const name = values[this.keyField.name];
    return typeof name === "string" || typeof name === "number" ? String(name) : (fallback ?? "");
  }

  /** The key's value as the device holds it (a transform's priority is a number). */
  private keyValue(name: string): WireValue {
    return this.keyField.type.kind === "int" ? Number(name) : name;
  }

  /** Whether the collection's path is known to exist (always, unless it is unconfirmed and no GET has shown it). */
  private pathSettled: boolean;

  /**
   * One request at the collection's path. Where the path is unconfirmed, a 404 without the
   * device's own words means it is absent: the other plausible paths are tried with a GET, and
   * the request goes to the first that answers. A write goes only to a path a GET has shown.
   */
  private async call(call: Omit<HttpCall, "path">, suffix = ""): Promise<HttpAnswer> {
    if (!this.pathSettled && call.method !== "GET") await this.settlePath();
    const answer = await send(this.settings, { ...call, path: `${this.basePath}${suffix}` });
    if (this.pathSettled || answer.status !== 404 || saysDoesNotExist(answer)) {
      if (answer.status === 200) this.pathSettled = true;
      return answer;
    }
    await this.otherPath();
    return this.call(call, suffix);
  }

  private async settlePath(): Promise<void> {
    const answer = await send(this.settings, { method: "GET", path: this.basePath });
    if (answer.status === 404 && !saysDoesNotExist(answer)) return this.otherPath();
    // Any other answer: the write that follows reports it.
    this.pathSettled = true;
  }

  /** Moves to the first other plausible path a GET finds, or fails naming what each path answered. */
  private async otherPath(): Promise<void> {
    const tried = [`${this.path}: HTTP 404`];
    for (const other of this.otherPaths) {
      const probe = await send(this.settings, { method: "GET", path: `/api/provisioning/${other}` });
      if (probe.status === 200) {
        this.path = other;
        this.pathSettled = true;
        return;
      }
      tried.push(`${other}: HTTP ${probe.status}${probe.status === 404 ? "" : ` "${messageOf(probe)}"`}`);
    }
    throw new DeviceError(
      `${this.where} has none of the paths ${this.desc.resource} may be at (${tried.join("; ")}): ` +
        `its release has no ${this.desc.noun} API, or profile "${this.settings.profile}" points at the ` +
        `wrong Expressway (C or E).${this.desc.manualStep ? ` ${this.desc.manualStep}` : ""}`,
      "refused",
      404,
    );
  }

  private failure(action: string, answer: HttpAnswer, values: Values, path?: string): DeviceError {
    const label = `${this.desc.noun} ${show(this.nameOf(values))}`;
    if (answer.status === 401) return credentialsRejected(this.where, this.settings.profile, action, label);
    const said = messageOf(answer);
    const message = this.withoutSecrets(said, values);
    if (answer.status === 404 && !saysDoesNotExist(answer)) {
      return new DeviceError(
        `${this.where} answered HTTP 404 for ${this.settings.url}${path ?? this.basePath} ` +
          "without the Expressway's own reason: " +
          `is profile "${this.settings.profile}" pointing at the right Expressway (C or E), and does its release ` +
          `have the ${this.desc.noun} API?${this.desc.manualStep ? ` ${this.desc.manualStep}` : ""}`,
        "refused",
        404,
      );
    }
    const kind = /already exists/i.test(message)
      ? "duplicate"
      : saysDoesNotExist(answer)
        ? "notFound"
        : answer.status === 400
          ? "invalid"
          : "unexpected";
    const field = this.fields.find((f) => said.includes(`'${f.api}'`) || said.includes(`"${f.api}"`));
    const fieldText = field ? ` (field ${this.desc.resource}.${field.name})` : "";
    return new DeviceError(
      `${this.where} refused to ${action} ${label}${fieldText}: ${message || `HTTP ${answer.status}`}`,
      kind,
      answer.status,
    );
  }

  /**
   * The device's validation messages quote the value they reject ("'…' is too long"): one
   * that quotes a secret being sent is withheld whole rather than masked, so no part of
   * the secret reaches a message and nothing else in it is garbled.
   */
  private withoutSecrets(message: string, values: Values): string {
    const quotesSecret = this.fields.some(
      (f) => f.secret && typeof values[f.name] === "string" && message.includes(String(values[f.name])),
    );
    return quotesSecret ? "(the device's message is withheld: it quotes a secret value)" : message;
  }

  /** Success is judged from the body too: some releases answer 200 with "already exists". */
  private check(action: string, answer: HttpAnswer, values: Values): void {
    if (answer.status !== 200 && answer.status !== 201) throw this.failure(action, answer, values);
    if (/already exists/i.test(messageOf(answer))) throw this.failure(action, { ...answer, status: 400 }, values);
  }

  /** The records of a GET answer (a list, or one object), remembering the keys they carry. */
  private records(answer: HttpAnswer): WireRecord[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      throw new DeviceError(
        `${this.where} answered GET ${this.basePath} with a body that is not JSON`,
        "unexpected",
        200,
      );
    }
    const records = (Array.isArray(parsed) ? parsed : [parsed]).filter(
      (r): r is WireRecord => !!r && typeof r === "object" && !Array.isArray(r),
    );
    if (records.length > 0) this.deviceKeys = [...new Set(records.flatMap((r) => Object.keys(r)))];
    return records;
  }

  /**
   * The device's name for each of these fields: the described `api`, or for an unconfirmed
   * name the one the device's own records carry (read once when no GET has shown them yet).
   * Refuses, before any write, a field the device's keys do not map. With no record to learn
   * from (an empty collection), the described names are sent: the device's schema check
   * refuses a name it does not know before it stores anything.
   */
  private async wireNames(fields: readonly FieldDescription[]): Promise<Map<FieldDescription, string>> {
    const names = new Map(fields.map((f) => [f, f.api] as const));
    const unconfirmed = fields.filter((f) => f.apiCandidates);
    if (unconfirmed.length === 0) return names;
    const maps = (keys: readonly string[]) => unconfirmed.every((f) => deviceKeyFor(f, keys) !== undefined);
    if (!this.deviceKeys || !maps(this.deviceKeys)) {
      const answer = await this.call({ method: "GET" });
      if (answer.status !== 200) throw this.failure("read", answer, {});
      this.records(answer);
    }
    const keys = this.deviceKeys;
    if (!keys) return names;
    const unmapped = unconfirmed.filter((f) => deviceKeyFor(f, keys) === undefined);
    if (unmapped.length > 0) throw unmappedFields(this.desc.resource, this.where, unmapped, this.path, keys);
    for (const field of unconfirmed) names.set(field, deviceKeyFor(field, keys) as string);
    return names;
  }

  /** A device refusal of a body whose unconfirmed names could not be checked first, saying so. */
  private unverifiedNames(error: unknown, sent: readonly FieldDescription[]): unknown {
    const unconfirmed = sent.filter((f) => f.apiCandidates);
    if (!(error instanceof DeviceError) || error.kind !== "invalid" || this.deviceKeys || unconfirmed.length === 0)
      return error;
    return new DeviceError(
      `${error.message} (the JSON names of ${unconfirmed.map((f) => `${f.name} (${f.api})`).join(", ")} are not ` +
        `published, and the device listed no ${this.desc.noun} to read its names from: if it refused a name, ` +
        "please report what it accepts; nothing was changed)",
      error.kind,
      error.status,
    );
  }

  private decode(record: WireRecord): Values {
    const keys = Object.keys(record);
    const values: Values = {};
    for (const field of this.fields) {
      const key = deviceKeyFor(field, keys);
      const value = key === undefined ? undefined : typedValue(field, record[key]);
      if (value !== undefined) values[field.name] = value;
    }
    return values;
  }

  async create(values: Values): Promise<string> {
    const sent = this.fields.filter((f) => values[f.name] !== undefined);
    const names = await this.wireNames(sent);
    if (this.deviceKeys !== undefined || !sent.some((f) => f.apiCandidates)) return this.post(values, sent, names);
    return this.postUnverified(values, sent, names);
  }

  private async post(values: Values, sent: readonly FieldDescription[], names: Map<FieldDescription, string>) {
    const body: WireRecord = {};
    for (const field of sent) body[names.get(field) as string] = wireValue(values[field.name]);
    const answer = await this.call({ method: "POST", body: JSON.stringify(body), contentType: "application/json" });
    try {
      this.check("create", answer, values);
    } catch (error) {
      throw await this.confirmedDuplicate(error, values);
    }
    // Some releases answer a duplicate with 200 and a message. Words other than a success leave
    // the outcome unknown: the lifecycle settles it by the name, as after a lost answer.
    const said = messageOf(answer);
    if (said && !/success/i.test(said))
      throw new TransportError(
        `${requestLabel(this.settings, { method: "POST", path: this.basePath })} answered HTTP ${answer.status} ` +
          `"${this.withoutSecrets(said, values)}", not a success: whether it created the object is unknown`,
        true,
        answer.status,
      );
    return this.nameOf(values);
  }

  /**
   * A create whose unconfirmed names no record of the device could show (an empty
   * collection). The device's schema check refuses a name it does not know before it stores
   * anything, quoting it: each quoted name is replaced by its next candidate and the create
   * sent again, until the device accepts or a refused name has no candidate left. What it
   * created is then read back: a field its record does not carry means the names were wrong
   * after all, and the object is deleted again before the refusal (nothing is left half-made).
   */
  private async postUnverified(
    values: Values,
    sent: readonly FieldDescription[],
    first: Map<FieldDescription, string>,
  ): Promise<string> {
    let names = first;
    for (;;) {
      try {
        await this.post(values, sent, names);
        break;
      } catch (error) {
        const next =
          error instanceof DeviceError && error.kind === "invalid" ? nextNames(error, sent, names) : undefined;
        if (!next) throw this.unverifiedNames(error, sent);
        names = next;
      }
    }
    const name = this.nameOf(values);
    const created = await this.read(name, values);
    const keys = this.deviceKeys ?? [];
    const unmapped = sent.filter((f) => f.apiCandidates && deviceKeyFor(f, keys) === undefined);
    if (created && unmapped.length === 0) return name;
    await this.remove(name, values);
    throw unmappedFields(
      this.desc.resource,
      this.where,
      unmapped.length > 0 ? unmapped : [this.keyField],
      this.path,
      keys,
    );
  }

  /**
   * No capture shows how a real Expressway words "already exists" or "does not exist", so a
   * refusal in other words is checked against the device itself: the name it is looked up by.
   */
  private async confirmedDuplicate(error: unknown, values: Values): Promise<unknown> {
    if (!(error instanceof DeviceError) || error.kind !== "invalid") return error;
    const existing = await this.read(this.nameOf(values), values).catch(() => undefined);
    return existing ? new DeviceError(error.message, "duplicate", error.status) : error;
  }

  /**
   * The object by its key: GET by filter (`/name/<name>`, X8.9.1 on [S1]) where the key is the
   * Name, otherwise the whole collection (no source shows a filter on another key).
   */
  async read(id: string, known: Values): Promise<Values | undefined> {
    const name = this.nameOf(known, id);
    const suffix = this.api.keyField === "Name" ? `/name/${encodeURIComponent(name)}` : "";
    const answer = await this.call({ method: "GET" }, suffix);
    if (answer.status !== 200) {
      const error = this.failure("read", answer, { [this.keyField.name]: name }, `${this.basePath}${suffix}`);
      if (error.kind === "notFound") return undefined;
      throw error;
    }
    const match = this.records(answer).find((r) => {
      const key = deviceKeyFor(this.keyField, Object.keys(r));
      return key !== undefined && String(r[key]).toLowerCase() === name.toLowerCase();
    });
    return match ? this.decode(match) : undefined;
  }

  /** Every object of the collection, whole in one answer, each with its id (its key's value). */
  async list(): Promise<{ readonly id: string; readonly values: Values }[]> {
    const answer = await this.call({ method: "GET" });
    if (answer.status !== 200) throw this.failure("list", answer, {}, this.basePath);
    return this.records(answer).map((record) => {
      const key = deviceKeyFor(this.keyField, Object.keys(record));
      return { id: key === undefined ? "" : String(record[key]), values: this.decode(record) };
    });
  }

  async update(id: string, known: Values, changes: Changes): Promise<void> {
    const name = this.nameOf(known, id);
    const changed = this.fields.filter((f) => f.name in changes);
    if (changed.length === 0) return;
    const names = await this.wireNames([this.keyField, ...changed.filter((f) => f !== this.keyField)]);
    const body: WireRecord = { [names.get(this.keyField) as string]: this.keyValue(name) };
    for (const field of changed) {
      const value = changes[field.name];
      const wire =
        value === null ? (field.deviceDefault !== undefined ? wireValue(field.deviceDefault) : "") : wireValue(value);
      body[field.updateApi ?? (names.get(field) as string)] = wire;
    }
    const newName = changes[this.keyField.name];
    if (typeof newName === "string" && newName !== name) return this.rename(name, newName, known, changes, body);
    const answer = await this.call({ method: "PUT", body: JSON.stringify(body), contentType: "application/json" });
    this.check("update", answer, { ...known, ...(changes as Values) });
  }

  /**
   * A rename is not safe to repeat: once it lands, the old name is gone and a retry fails
   * "does not exist". It is sent once per attempt; after an ambiguous failure, or when the
   * old name is already gone, the new name is looked up, and if the rename landed the
   * other changes are sent again under the new name (a plain PUT is idempotent).
   */
  private async rename(name: string, newName: string, known: Values, changes: Changes, body: WireRecord) {
    const renamed = async () => (await this.read(newName, {})) !== undefined && !(await this.read(name, {}));
    const { [this.keyField.name]: _name, ...rest } = changes;
    const finishUnderNewName = () => this.update(newName, { ...known, [this.keyField.name]: newName }, rest);
    const values = { ...known, ...(changes as Values) };
    const budget = new RetryBudget(this.settings);
    for (let attempt = 0; ; attempt++) {
      let answer: HttpAnswer;
      try {
        answer = await this.call({
          method: "PUT",
          body: JSON.stringify(body),
          contentType: "application/json",
          idempotent: false,
        });
      } catch (error) {
        if (!(error instanceof TransportError) || error.permanent) throw error;
        if (error.ambiguous && (await renamed())) return finishUnderNewName();
        await budget.waitToRetry(error, attempt);
        continue;
      }
      if (answer.status !== 200 && answer.status !== 201) {
        const failure = this.failure("update", answer, values);
        if (failure.kind === "notFound" && (await renamed())) return finishUnderNewName();
      }
      this.check("update", answer, values);
      return;
    }
  }

  async remove(id: string, known: Values): Promise<void> {
    const name = this.nameOf(known, id);
    const names = await this.wireNames([this.keyField]);
    const answer = await this.call({
      method: "DELETE",
      body: JSON.stringify({ [names.get(this.keyField) as string]: this.keyValue(name) }),
      contentType: "application/json",
    });
    if (answer.status === 200 || answer.status === 201) return;
    const error = this.failure("delete", answer, { [this.keyField.name]: name });
    if (error.kind === "notFound") return;
    // Refused in other words: gone if the device's own look-up by name no longer lists it.
    if (error.kind === "invalid" && (await this.read(name, known)) === undefined) return;
    throw error;
  }

  async find(values: Values): Promise<Found | undefined> {
    const name = this.nameOf(values);
    if (!name) return undefined;
    const current = await this.read(name, values);
    return current ? { id: name, values: current, key: [this.keyField.name] } : undefined;
  }
}
