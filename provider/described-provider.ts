import type * as dynamic from "@pulumi/pulumi/dynamic";
import { type ConnectionSettings, profileUrl, resolveConnection } from "./connection";
import { CmsObjects } from "./device/cms";
import { ExpresswayObjects } from "./device/expressway";
import { TransportError } from "./device/http";
import { type Changes, DeviceError, type DeviceObjects, type Found, type Values } from "./device/types";
import { type FieldDescription, type FieldValue, type ObjectDescription, fieldsForVariant } from "./schema/types";
import { PartialFailure } from "./errors";
import { digestSecret, redact, secretMatches } from "./secrets";
import { checkInputs, isUnknown, normalize, show } from "./validate";

/**
 * The Pulumi dynamic-provider contract implemented once, for any object description:
 * check validates, diff compares without any request, create adopts or refuses
 * existing objects and recovers from ambiguous failures without duplicates, read
 * projects the device onto the managed keys, update sends only changed fields,
 * delete is idempotent.
 */

/** Resource properties as the SDK hands them over and takes them back: plain values by property name. */
export type PropertyMap = Record<string, unknown>;

/** One of the SDK's result types with the members this provider always fills in made required. */
type Filled<Result, Member extends keyof Result> = Result & Required<Pick<Result, Member>>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class DescribedProvider implements dynamic.ResourceProvider<PropertyMap, PropertyMap> {
  /** Device clients by variant and settings: built once, not per call (Pulumi calls these thousands of times). */
  private readonly clients = new Map<string, DeviceObjects>();

  constructor(readonly desc: ObjectDescription) {}

  // ---- helpers derived from the description ----

  private variantOf(props: PropertyMap): string | undefined {
    const field = this.desc.variantField;
    const value = field ? props[field] : undefined;
    return typeof value === "string" ? value : undefined;
  }

  private profileOf(props: PropertyMap): string {
    if (typeof props.profile === "string") return props.profile;
    const variant = this.variantOf(props);
    return (variant && this.desc.variants?.[variant]?.defaultProfile) || this.desc.defaultProfile;
  }

  private deviceFields(props: PropertyMap): readonly FieldDescription[] {
    return fieldsForVariant(this.desc, this.variantOf(props)).filter((f) => !f.local);
  }

  private objects(props: PropertyMap, settings: ConnectionSettings): DeviceObjects {
    const variant = this.variantOf(props);
    const key = `${variant ?? ""}\u0000${JSON.stringify(settings)}`;
    let client = this.clients.get(key);
    if (!client) {
      client =
        this.desc.api.family === "cms"
          ? new CmsObjects(this.desc, settings)
          : new ExpresswayObjects(this.desc, variant, settings);
      this.clients.set(key, client);
    }
    return client;
  }

  /** Plain device values from inputs (secrets in clear: they are about to be sent). */
  private valuesOf(inputs: PropertyMap): Values {
    const values: Values = {};
    for (const field of this.deviceFields(inputs)) {
      const value = inputs[field.name];
      if (value !== undefined && value !== null) values[field.name] = value as FieldValue;
    }
    return values;
  }

  /** Non-secret device values from stored outputs (what addressing the object needs). */
  private knownFromOutputs(props: PropertyMap): Values {
    const values: Values = {};
    for (const field of this.deviceFields(props)) {
      if (!field.secret && props[field.name] !== undefined) values[field.name] = props[field.name] as FieldValue;
    }
    return values;
  }

  /** Connection for an object that exists: the URL it was created on, the profile's credentials. */
  private connectionForState(props: PropertyMap): ConnectionSettings {
    const settings = resolveConnection(this.profileOf(props));
    return typeof props.deviceUrl === "string" && props.deviceUrl !== settings.url
      ? { ...settings, url: props.deviceUrl }
      : settings;
  }

  private outputs(inputs: PropertyMap, settings: ConnectionSettings, previous: PropertyMap = {}): PropertyMap {
    const outs: PropertyMap = {};
    for (const field of fieldsForVariant(this.desc, this.variantOf(inputs))) {
      const value = inputs[field.name];
      if (value === undefined || value === null) continue;
      outs[field.name] = field.secret
        ? secretMatches(previous[field.name], String(value))
          ? previous[field.name]
          : digestSecret(String(value))
        : value;
    }
    if (inputs.profile !== undefined) outs.profile = inputs.profile;
    if (inputs.adopt !== undefined) outs.adopt = inputs.adopt;
    outs.deviceUrl = settings.url;
    return outs;
  }

  /** Fields whose desired value (inputs) differs from the recorded one (outputs). */
  private changedFields(olds: PropertyMap, news: PropertyMap): FieldDescription[] {
    return this.desc.fields.filter((field) => {
      const desired = news[field.name];
      const recorded = olds[field.name];
      if (isUnknown(desired)) return true;
      if (desired === undefined || desired === null) return recorded !== undefined;
      if (field.secret) return !secretMatches(recorded, String(desired));
      return !sameValue(recorded, desired);
    });
  }

  private describeKey(key: readonly string[], values: Values): string {
    return key.map((name) => `${name} ${show(values[name])}`).join(", ");
  }

  private secretsIn(props: PropertyMap, settings?: ConnectionSettings): string[] {
    const secrets = this.desc.fields
      .filter((f) => f.secret && typeof props[f.name] === "string")
      .map((f) => props[f.name] as string);
    return settings ? [...secrets, settings.password] : secrets;
  }

  /** Runs a provider method so that no secret can leave in an error message. */
  private async guarded<T>(secrets: () => string[], work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const err = error as Error;
      err.message = redact(err.message, secrets());
      const reasons = (err as { reasons?: string[] }).reasons;
      if (reasons) (err as { reasons?: string[] }).reasons = reasons.map((r) => redact(r, secrets()));
      throw err;
    }
  }

  // ---- the provider contract ----

  async check(
    _olds: PropertyMap,
    news: PropertyMap,
  ): Promise<Filled<dynamic.CheckResult<PropertyMap>, "inputs" | "failures">> {
    return checkInputs(this.desc, news);
  }

  async diff(
    _id: string,
    olds: PropertyMap,
    news: PropertyMap,
  ): Promise<Filled<dynamic.DiffResult, "changes" | "replaces" | "deleteBeforeReplace">> {
    const changed = this.changedFields(olds, news);
    const changes = changed.map((f) => f.name);
    const replaces = changed.filter((f) => f.replaceOnChange && olds[f.name] !== undefined).map((f) => f.name);
    if ((news.profile ?? null) !== (olds.profile ?? null)) changes.push("profile");
    const newUrl = isUnknown(news.profile) ? undefined : profileUrl(this.profileOf(news));
    const sameDevice = newUrl === undefined || olds.deviceUrl === undefined || newUrl === olds.deviceUrl;
    if (!sameDevice) replaces.push(changes.includes("profile") ? "profile" : "deviceUrl");
    const keyFields = new Set(this.desc.naturalKeys.flat());
    const keysUnchanged = !changed.some((f) => keyFields.has(f.name));
    return {
      changes: changes.length > 0 || replaces.length > 0,
      replaces: [...new Set(replaces)],
      // Same device and same natural key: the new object would collide with the old one.
      deleteBeforeReplace: replaces.length > 0 && sameDevice && keysUnchanged,
    };
  }

  async create(inputs: PropertyMap): Promise<Filled<dynamic.CreateResult<PropertyMap>, "outs">> {
    let settings: ConnectionSettings | undefined;
    return this.guarded(
      () => this.secretsIn(inputs, settings),
      async () => {
        settings = resolveConnection(this.profileOf(inputs));
        const objects = this.objects(inputs, settings);
        const values = this.valuesOf(inputs);
        const outs = this.outputs(inputs, settings);
        if (!this.desc.deviceEnforcesUniqueness) {
          const existing = await objects.find(values);
          if (existing)
            return { id: await this.adoptOrRefuse(objects, existing, values, inputs, outs, settings), outs };
        }
        const id = await this.createWithRecovery(objects, values, inputs, outs, settings);
        return { id, outs };
      },
    );
  }

  /**
   * POST once; after an ambiguous failure look the object up by its natural key and
   * treat it as ours if it landed with our values, otherwise POST again. Never a duplicate.
   */
  private async createWithRecovery(
    objects: DeviceObjects,
    values: Values,
    inputs: PropertyMap,
    outs: PropertyMap,
    settings: ConnectionSettings,
  ): Promise<string> {
    const hasKey = this.desc.naturalKeys.some((k) => k.every((name) => values[name] !== undefined));
    for (let attempt = 0; ; attempt++) {
      try {
        return await objects.create(values);
      } catch (error) {
        if (error instanceof DeviceError && error.kind === "duplicate") {
          const existing = await objects.find(values);
          if (existing) return this.adoptOrRefuse(objects, existing, values, inputs, outs, settings);
          throw error;
        }
        if (!(error instanceof TransportError) || error.permanent) throw error;
        const retriesLeft = attempt < settings.maxRetries;
        if (!error.ambiguous) {
          // The device did not take the request (busy, throttled, unreachable): posting again is safe.
          if (!retriesLeft) throw error;
          await sleep(error.retryAfterMs ?? settings.retryBaseMs * 2 ** attempt);
          continue;
        }
        if (!hasKey) {
          throw new Error(
            `${error.message}; ${this.desc.noun} has no natural key to look it up by, so whether it was created is unknown: check the device before running again`,
          );
        }
        const existing = await objects.find(values);
        if (existing) {
          const ours = Object.entries(existing.values).every(
            ([name, value]) => values[name] === undefined || sameValue(value, values[name]),
          );
          if (ours) return existing.id;
          return this.adoptOrRefuse(objects, existing, values, inputs, outs, settings);
        }
        if (!retriesLeft) throw error;
        await sleep(settings.retryBaseMs * 2 ** attempt);
      }
    }
  }

  private async adoptOrRefuse(
    objects: DeviceObjects,
    existing: Found,
    values: Values,
    inputs: PropertyMap,
    outs: PropertyMap,
    settings: ConnectionSettings,
  ): Promise<string> {
    const where = `${settings.url} (profile "${settings.profile}")`;
    if (inputs.adopt !== true) {
      throw new Error(
        `${this.desc.resource}: a ${this.desc.noun} with ${this.describeKey(existing.key, values)} already exists on ${where} as id ${JSON.stringify(existing.id)}. Set \`adopt: true\` on this resource to take it over (it is then managed, and deleted on destroy, by this stack), or remove it from the device.`,
      );
    }
    const changes: Changes = {};
    for (const field of this.deviceFields(inputs)) {
      const value = values[field.name];
      if (value === undefined) continue;
      // A write-only value cannot be compared, so adoption always sets it.
      if (field.writeOnly || !sameValue(existing.values[field.name], value)) changes[field.name] = value;
    }
    try {
      await objects.update(existing.id, existing.values, changes);
    } catch (error) {
      // State must hold what is on the device, so the next update sends the difference.
      const onDevice: PropertyMap = { ...outs };
      for (const field of this.deviceFields(inputs)) {
        const value = existing.values[field.name];
        if (field.secret || field.writeOnly || value === undefined) delete onDevice[field.name];
        else onDevice[field.name] = normalize(field, value);
      }
      throw new PartialFailure(
        existing.id,
        onDevice,
        `${this.desc.resource}: adopted ${this.desc.noun} ${JSON.stringify(existing.id)} on ${where} but could not bring it to the declared values: ${(error as Error).message}`,
      );
    }
    return existing.id;
  }

  // The SDK passes no properties for `pulumi import`: then only the id addresses the object.
  async read(id: string, props: PropertyMap = {}): Promise<dynamic.ReadResult<PropertyMap>> {
    let settings: ConnectionSettings | undefined;
    return this.guarded(
      () => (settings ? [settings.password] : []),
      async () => {
        settings = this.connectionForState(props);
        const current = await this.objects(props, settings).read(id, this.knownFromOutputs(props));
        if (!current) return {};
        const outs: PropertyMap = { ...props };
        delete outs.__provider;
        for (const field of this.deviceFields(props)) {
          if (!(field.name in props)) continue;
          const value = current[field.name];
          if (field.writeOnly) continue;
          if (value === undefined) delete outs[field.name];
          else if (field.secret)
            outs[field.name] = secretMatches(props[field.name], String(value))
              ? props[field.name]
              : digestSecret(String(value));
          else outs[field.name] = normalize(field, value);
        }
        return { id, props: outs };
      },
    );
  }

  async update(
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
  ): Promise<Filled<dynamic.UpdateResult<PropertyMap>, "outs">> {
    let settings: ConnectionSettings | undefined;
    return this.guarded(
      () => this.secretsIn(news, settings),
      async () => {
        settings = this.connectionForState(olds);
        const changes: Changes = {};
        for (const field of this.changedFields(olds, news)) {
          if (field.local) continue;
          const value = news[field.name];
          changes[field.name] = value === undefined || value === null ? null : (value as FieldValue);
        }
        await this.objects(news, settings).update(id, this.knownFromOutputs(olds), changes);
        return { outs: this.outputs(news, settings, olds) };
      },
    );
  }

  async delete(id: string, props: PropertyMap): Promise<void> {
    let settings: ConnectionSettings | undefined;
    return this.guarded(
      () => (settings ? [settings.password] : []),
      async () => {
        settings = this.connectionForState(props);
        await this.objects(props, settings).remove(id, this.knownFromOutputs(props));
      },
    );
  }
}
