import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { checkInputs, type FilledCheckResult } from "./check-inputs";
import { type ConnectionSettings, checkedDeviceUrl, type DeviceProfiles, describeProblems } from "./connection";
import { deviceIdentity } from "./device/identity";
import { deviceFacts, sameRelease } from "./device/preflight";
import { deviceObjectsFor } from "./device/objects";
import type { Changes, DeviceObjects, Values } from "./device/types";
import { deviceVersion } from "./device/version";
import { type CreateRequest, type Lifecycle, lifecycleFor } from "./lifecycle";
import {
  adoptionWrites,
  adopts,
  describeUnwritten,
  recordedUnwritten,
  secretsNowAsked,
  unwrittenOutput,
} from "./lifecycle/adoption";
import { followUpNotice } from "./lifecycle/follow-up";
import { DEVICE_ID, deviceIdOf, isPending, settled, stillPending } from "./lifecycle/pending";
import {
  forgetHeldWhenStopped,
  heldSettings,
  recordedAwaiting,
  restartNotice,
  serviceState,
} from "./lifecycle/restart";
import { normalize, sameValue } from "./normalize";
import {
  defaultProfileOf,
  managedAtDefault,
  outputWhenUnset,
  type FieldDescription,
  type FieldValue,
  type ObjectDescription,
  fieldsForVariant,
} from "./schema/types";
import { TransportError } from "./device/http";
import { DeviceError } from "./device/types";
import type { DetailedDiffResult, Filled, PropertyDiffKind, PropertyMap } from "./sdk-types";
import { show } from "./show";
import { digestSecret, maskSecrets, secretMatches } from "./secrets";
import { isUnknown } from "./unknown";
import { dependsOnVersion, usesVersionedParts, versionProblems } from "./version-check";

/**
 * The Pulumi dynamic-provider contract implemented once, for any object description:
 * check validates, diff compares (the only request either sends is preflight's one read of a
 * device a write is planned for, so a no-op sends none), read projects the device onto
 * the managed keys, update sends only changed fields. Create and delete go through the
 * kind's lifecycle (provider/lifecycle: a collection object is adopted or refused when
 * it already exists, recovered without duplicates after an ambiguous failure, and
 * deleted idempotently). Where a kind differs, its description's hooks say how
 * (KindHooks in provider/schema/types.ts).
 */

export type { PropertyMap };

function withoutProvider(props: PropertyMap): PropertyMap {
  const { __provider: _provider, ...rest } = props;
  return rest;
}

export class DescribedProvider implements dynamic.ResourceProvider<PropertyMap, PropertyMap> {
  /** Device clients by variant and settings: built once, not per call (Pulumi calls these thousands of times). */
  private readonly clients = new Map<string, DeviceObjects>();

  /** How objects of this kind come into and go out of existence (collection or singleton). */
  private readonly lifecycle: Lifecycle;

  /** `profiles`: where connection settings come from (the stack config `configure` was handed). */
  constructor(
    readonly desc: ObjectDescription,
    private readonly profiles: DeviceProfiles,
  ) {
    this.lifecycle = lifecycleFor(desc);
  }

  // ---- helpers derived from the description ----

  private variantOf(props: PropertyMap): string | undefined {
    const field = this.desc.variantField;
    const value = field ? props[field] : undefined;
    return typeof value === "string" ? value : undefined;
  }

  private profileOf(props: PropertyMap): string {
    if (typeof props.profile === "string") return props.profile;
    return defaultProfileOf(this.desc, this.variantOf(props));
  }

  private deviceFields(props: PropertyMap): readonly FieldDescription[] {
    return fieldsForVariant(this.desc, this.variantOf(props)).filter((f) => !f.local);
  }

  private objects(props: PropertyMap, settings: ConnectionSettings): DeviceObjects {
    const variant = this.variantOf(props);
    const key = `${variant ?? ""}\u0000${JSON.stringify(settings)}`;
    let client = this.clients.get(key);
    if (!client) {
      client = deviceObjectsFor(this.desc, variant, settings);
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
    const settings = this.profiles.resolve(this.profileOf(props));
    if (typeof props.deviceUrl !== "string" || props.deviceUrl === settings.url) return settings;
    // A URL from state obeys the same rules as the profile's (no plain HTTP beyond loopback).
    return {
      ...settings,
      url: checkedDeviceUrl(settings.profile, props.deviceUrl, "the deviceUrl recorded in state"),
      profileUrl: settings.url,
    };
  }

  /**
   * The profile's URL changed since the object was recorded: go on at the new URL only if
   * it is the same device (same identity at both URLs, or the user said so); otherwise
   * fail with what to set, never guess.
   */
  private async confirmSameDevice(recorded: ConnectionSettings, current: ConnectionSettings): Promise<void> {
    if (current.urlChange === "same-device") return;
    const family = this.desc.api.family;
    const [before, after] = await Promise.all([deviceIdentity(recorded, family), deviceIdentity(current, family)]);
    if (before !== undefined && before === after) return;
    const setting = `${current.profile}:urlChange`;
    if (before !== undefined && after !== undefined)
      throw new Error(
        `${this.desc.resource}: device profile "${current.profile}" now points at ${current.url}, ` +
          `another device (${after}) than the one this object was created on, ${recorded.url} (${before}). ` +
          `To re-create the objects there, set \`pulumi config set ${setting} new-device\`; ` +
          "otherwise point the profile back.",
      );
    throw new Error(
      `${this.desc.resource}: device profile "${current.profile}" now points at ${current.url}, ` +
        `and whether that is the device this object was created on (${recorded.url}) cannot be told ` +
        `(${before === undefined ? recorded.url : current.url} does not say who it is). ` +
        `Say which: \`pulumi config set ${setting} same-device\` (another name for it) or ` +
        `\`pulumi config set ${setting} new-device\` (re-create the objects there).`,
    );
  }

  private outputs(inputs: PropertyMap, settings: ConnectionSettings, previous: PropertyMap = {}): PropertyMap {
    const outs: PropertyMap = {};
    for (const field of fieldsForVariant(this.desc, this.variantOf(inputs))) {
      const value = this.desired(field, inputs);
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

  private managedAtDefault(field: FieldDescription, props: PropertyMap): boolean {
    return managedAtDefault(this.desc, field, this.variantOf(props));
  }

  /** The value the stack asks for: as declared, or the device default where it leaves the field unset. */
  private desired(field: FieldDescription, props: PropertyMap): unknown {
    const value = props[field.name];
    if (value === undefined || value === null) return outputWhenUnset(this.desc, field, this.variantOf(props)) ?? value;
    return value;
  }

  /**
   * Fields whose desired value (inputs) differs from the recorded one (outputs), and the
   * secrets adoption left unwritten once the resource asks for them (`adopt: "andWriteSecrets"`).
   */
  private changedFields(olds: PropertyMap, news: PropertyMap): FieldDescription[] {
    const asked = secretsNowAsked(olds, news);
    return this.desc.fields.filter((field) => {
      if (asked.includes(field.name)) return true;
      const desired = this.desired(field, news);
      const recorded = olds[field.name];
      if (isUnknown(desired)) return true;
      if (desired === undefined || desired === null) return recorded !== undefined;
      if (field.secret) return !secretMatches(recorded, String(desired));
      return !sameValue(recorded, desired);
    });
  }

  /** The declared secrets in these properties and those of their device profile: what no message may show. */
  private secretsIn(props: PropertyMap): string[] {
    const secrets = this.desc.fields
      .filter((f) => f.secret && typeof props[f.name] === "string")
      .map((f) => props[f.name] as string);
    return [...secrets, ...this.profiles.secretsOf(this.profileOf(props))];
  }

  /** `CmsSpace "proxywebrtc"`: the kind and the first natural key's value, to say which object an error is about. */
  private objectName(props: PropertyMap): string {
    for (const key of this.desc.naturalKeys) {
      // An optional part of a key (CmsCallMatch's tenant) may be unset: name the object by the rest.
      const values = key.map((name) => props[name]).filter((v) => v !== undefined && v !== null && !isUnknown(v));
      if (values.length > 0) return `${this.desc.resource} ${values.map((v) => show(v)).join(" ")}`;
    }
    return this.desc.resource;
  }

  /**
   * Runs a provider method so that no secret can leave in an error message, and so that a
   * device or transport error says which operation on which object failed, and which
   * config key fixes wrong credentials (the transport already names the profile and URL).
   */
  private async guarded<T>(
    secrets: () => string[],
    work: () => Promise<T>,
    operation?: { readonly verb: string; readonly props: PropertyMap; readonly profile: () => string },
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const err = error as Error;
      if (operation && (err instanceof TransportError || err instanceof DeviceError)) {
        const profile = operation.profile();
        const hint =
          err instanceof DeviceError && err.kind === "unauthorized" && !err.message.includes(`${profile}:password`)
            ? ` (device profile "${profile}": check ${profile}:username and ${profile}:password)`
            : "";
        err.message = `${operation.verb} ${this.objectName(operation.props)}: ${err.message}${hint}`;
      }
      const all = secrets();
      err.message = maskSecrets(err.message, all);
      if (err.stack) err.stack = maskSecrets(err.stack, all);
      const reasons = (err as { reasons?: string[] }).reasons;
      if (reasons) (err as { reasons?: string[] }).reasons = reasons.map((r) => maskSecrets(r, all));
      throw err;
    }
  }

  /**
   * What read hands back as the resource's inputs: the device's values of the managed fields
   * (so the CLI's next preview compares the program against the device, not against the last
   * program), secrets as their stored digest (a device never returns them).
   */
  private inputsFromOutputs(outs: PropertyMap): PropertyMap {
    const inputs: PropertyMap = {};
    for (const field of fieldsForVariant(this.desc, this.variantOf(outs))) {
      const value = outs[field.name];
      // A field at its device default is what an unset input means too (managedAtDefault):
      // leaving it out keeps the CLI from showing an unchanged default as a removed input.
      if (value === undefined || (this.managedAtDefault(field, outs) && sameValue(value, field.deviceDefault)))
        continue;
      inputs[field.name] = value;
    }
    if (outs.profile !== undefined) inputs.profile = outs.profile;
    if (outs.adopt !== undefined) inputs.adopt = outs.adopt;
    return inputs;
  }

  private urlChangeOf(props: PropertyMap): string | undefined {
    try {
      return this.profiles.resolve(this.profileOf(props)).urlChange;
    } catch {
      return undefined;
    }
  }

  private createRequest(inputs: PropertyMap, settings: ConnectionSettings): CreateRequest {
    const generic = this.valuesOf(inputs);
    return {
      inputs,
      fields: this.deviceFields(inputs),
      values: this.desc.hooks?.beforeCreate?.(generic, inputs) ?? generic,
      outs: this.outputs(inputs, settings),
      objects: this.objects(inputs, settings),
      settings,
    };
  }

  /**
   * Refuses, before any write, what the device's release does not have (object, field, enum
   * value). The release is asked once per profile, and only when the inputs (or, for an
   * update, the changed fields) use something only some releases have.
   */
  private async refuseUnsupported(
    inputs: PropertyMap,
    settings: ConnectionSettings,
    changed?: ReadonlySet<string>,
  ): Promise<void> {
    if (!usesVersionedParts(this.desc, inputs, changed)) return;
    const version = await deviceVersion(settings, this.desc.api.family);
    if (version === undefined) return;
    const problems = versionProblems(this.desc, inputs, version, this.variantOf(inputs));
    if (problems.length > 0) throw new Error(problems.map((p) => p.reason).join("; "));
  }

  // ---- the provider contract ----

  async check(olds: PropertyMap, news: PropertyMap): Promise<FilledCheckResult> {
    const result = await this.checked(olds, news);
    // Masked as every error is (guarded): a failure may quote a profile setting, which may hold a secret.
    const secrets = this.secretsIn(news);
    return { ...result, failures: result.failures.map((f) => ({ ...f, reason: maskSecrets(f.reason, secrets) })) };
  }

  private async checked(olds: PropertyMap, news: PropertyMap): Promise<FilledCheckResult> {
    const result = checkInputs(this.desc, news);
    const profile = this.knownProfile(news);
    if (profile !== undefined && !result.failures.some((f) => f.property === "profile")) {
      // Before any write: a stack whose device profile is incomplete fails in preview, naming every missing key.
      const problems = this.profiles.problems(profile);
      if (problems.length > 0)
        result.failures.push({ property: "profile", reason: describeProblems(profile, problems) });
    }
    // Only a `<profile>:version` setting tells the release here: check sends no request for it.
    const version = profile !== undefined && dependsOnVersion(this.desc) ? this.profiles.versionOf(profile) : undefined;
    if (version !== undefined) {
      const failed = new Set(result.failures.map((f) => f.property));
      const problems = versionProblems(this.desc, result.inputs, version, this.variantOf(result.inputs));
      result.failures.push(...problems.filter((p) => !failed.has(p.property)));
    }
    const isNew = Object.keys(olds).filter((key) => key !== "__provider").length === 0;
    // A create is planned: the device must take the credentials and have what the inputs use.
    if (result.failures.length === 0 && isNew && profile !== undefined)
      result.failures.push(...(await this.preflight(result.inputs, profile, true)));
    // A settings object is always taken over (provider/lifecycle/singleton.ts): nothing to announce.
    const announces = adopts(result.inputs) && this.desc.lifecycle !== "singleton";
    if (result.failures.length === 0 && isNew && announces && profile !== undefined)
      await this.announceAdoption(result.inputs, profile);
    if (result.failures.length === 0 && isNew)
      this.say(followUpNotice(this.desc, this.objectName(result.inputs), result.inputs, "create"));
    return result;
  }

  /**
   * Before a planned write (check of a new resource, diff with changes), read-only and once per
   * device: the device takes the profile's credentials, runs the release `<profile>:version`
   * states (when it states one) and, for a create, has everything the inputs use. So `preview`
   * stops on what `up` would hit only after writing to other devices. Failures are returned
   * for check (on `profile`, the key that chooses the device).
   */
  private async preflight(inputs: PropertyMap, profile: string, creates: boolean): Promise<CheckFailure[]> {
    let settings: ConnectionSettings;
    try {
      settings = this.profiles.resolve(profile);
    } catch {
      return []; // check already names what is missing
    }
    const family = this.desc.api.family;
    let release: string | undefined;
    try {
      release = (await deviceFacts(settings, family)).release;
    } catch (error) {
      // About the device, not a property: the engine then says "resource 'x' has a problem".
      return [{ property: "", reason: `${this.objectName(inputs)}: ${(error as Error).message}` }];
    }
    if (release === undefined) return [];
    if (settings.version !== undefined && !sameRelease(settings.version, release))
      return [
        {
          property: "",
          reason:
            `device profile "${profile}": ${profile}:version says ${settings.version}, but the device at ` +
            `${settings.url} reports ${release}. Set \`pulumi config set ${profile}:version ${release}\`, ` +
            `or remove ${profile}:version to let the provider ask the device`,
        },
      ];
    return creates ? versionProblems(this.desc, inputs, release, this.variantOf(inputs)) : [];
  }

  /** The device profile inputs name or imply, when it is known (preview may not know the variant yet). */
  private knownProfile(news: PropertyMap): string | undefined {
    if (isUnknown(news.profile)) return undefined;
    if (typeof news.profile === "string") return news.profile;
    if (this.desc.variantField && this.variantOf(news) === undefined) return undefined;
    return this.profileOf(news);
  }

  /**
   * `adopt: true` on a new resource: says, before anything is written, which existing object
   * will be taken over and which of its values will change (printed as provider output, which
   * the Pulumi CLI shows during preview). Read-only and best effort: a lookup that fails says so.
   */
  private async announceAdoption(inputs: PropertyMap, profile: string): Promise<void> {
    const values = this.valuesOf(inputs);
    if (Object.values(values).some((v) => isUnknown(v))) return;
    const name = this.objectName(inputs);
    try {
      const settings = this.profiles.resolve(profile);
      const found = await this.objects(inputs, settings).find(values);
      if (!found) {
        console.error(`adopt ${name}: no existing object on ${settings.url}; it will be created`);
        return;
      }
      const writes = adoptionWrites(this.deviceFields(inputs), found.values, values, inputs);
      const changes = this.deviceFields(inputs)
        .filter((field) => field.name in writes.changes)
        .map((field) =>
          field.secret
            ? `${field.name}: [secret]`
            : `${field.name}: ${show(found.values[field.name] ?? null)} → ${show(values[field.name])}`,
        );
      const unwritten = describeUnwritten(writes.unwritten);
      console.error(
        `adopt ${name}: existing object ${found.id} on ${settings.url} will be taken over` +
          (changes.length > 0 ? `; it changes ${changes.join(", ")}` : "; no value changes") +
          (unwritten === "" ? "" : `; ${unwritten}`),
      );
    } catch (error) {
      const message = maskSecrets((error as Error).message, this.secretsIn(inputs));
      console.error(`adopt ${name}: could not look for an existing object: ${message}`);
    }
  }

  async diff(_id: string, olds: PropertyMap, news: PropertyMap): Promise<DetailedDiffResult> {
    const changed = this.changedFields(olds, news);
    const changes = changed.map((f) => f.name);
    const replaces = changed.filter((f) => f.replaceOnChange && olds[f.name] !== undefined).map((f) => f.name);
    if ((news.profile ?? null) !== (olds.profile ?? null)) changes.push("profile");
    const newUrl = isUnknown(news.profile) ? undefined : this.profiles.urlOf(this.profileOf(news));
    const sameDevice = newUrl === undefined || olds.deviceUrl === undefined || newUrl === olds.deviceUrl;
    // Another URL under the same profile may be another name for the same device: an
    // update settles it (confirmSameDevice) unless the user said the device is new.
    const movedUrl =
      !sameDevice && this.profileOf(news) === this.profileOf(olds) && this.urlChangeOf(news) !== "new-device";
    if (movedUrl) changes.push("deviceUrl");
    else if (!sameDevice) replaces.push(changes.includes("profile") ? "profile" : "deviceUrl");
    const keyFields = new Set(this.desc.naturalKeys.flat());
    const keysUnchanged = !changed.some((f) => keyFields.has(f.name));
    this.sayHeldUntilRestart(olds, news, changed);
    const generic = {
      // A pending create is settled by the next update (provider/lifecycle/pending.ts).
      changes: changes.length > 0 || replaces.length > 0 || isPending(olds),
      replaces: [...new Set(replaces)],
      // Same device and same natural key: the new object would collide with the old one.
      deleteBeforeReplace: replaces.length > 0 && (sameDevice || movedUrl) && keysUnchanged,
    };
    const verdict = this.desc.hooks?.diff?.(generic, olds, news) ?? generic;
    const profile = this.knownProfile(news);
    if (verdict.changes && profile !== undefined) {
      // A write is planned: what would stop it on the device stops it here, before any write.
      const problems = await this.preflight(news, profile, verdict.replaces.length > 0);
      if (problems.length > 0) throw new Error(problems.map((p) => p.reason).join("; "));
    }
    if (verdict.changes) this.say(this.followUpOnUpdate(olds, news, changed, verdict.replaces.length > 0));
    return { ...verdict, ...this.detailed(changes, verdict.replaces, olds, news) };
  }

  /** Provider output (the Pulumi CLI shows it with the resource, in preview too); nothing when undefined. */
  private say(line: string | undefined): void {
    if (line !== undefined) console.error(line);
  }

  /**
   * Preview's notice of the follow-up request an update will send: a replacement creates the
   * object, a pending create may, an update sends it only when a device field changes (a change of
   * a local input or of the URL alone writes nothing: provider/lifecycle/collection.ts).
   */
  private followUpOnUpdate(
    olds: PropertyMap,
    news: PropertyMap,
    changed: readonly FieldDescription[],
    replaces: boolean,
  ): string | undefined {
    const name = this.objectName(news);
    if (replaces) return followUpNotice(this.desc, name, news, "create");
    if (isPending(olds)) return followUpNotice(this.desc, name, news, "pending");
    return changed.some((f) => !f.local) ? followUpNotice(this.desc, name, news, "update") : undefined;
  }

  /**
   * Settings the device will hold until a service restarts (`appliedOnRestart`): preview says
   * which, and whether up restarts the service, whether or not anything else changes. (Allowing
   * the restart changes the input that allows it, so the diff already calls for an update.)
   */
  private sayHeldUntilRestart(olds: PropertyMap, news: PropertyMap, changed: readonly FieldDescription[]): void {
    const rule = this.desc.appliedOnRestart;
    if (!rule) return;
    const before = serviceState(olds[rule.toggle]);
    const after =
      news[rule.toggle] === undefined || news[rule.toggle] === null ? before : serviceState(news[rule.toggle]);
    const names = changed.filter((f) => !f.local).map((f) => f.name);
    const held = heldSettings(rule, names, recordedAwaiting(olds), before, after);
    const restart = news[rule.input] === true;
    const notice = restartNotice(this.desc, rule, held, restart, before !== undefined);
    if (notice) console.error(notice);
  }

  /** The changed property paths and how each changes (the engine's DetailedDiff, keyed by property path). */
  private detailed(
    changes: readonly string[],
    replaces: readonly string[],
    olds: PropertyMap,
    news: PropertyMap,
  ): Pick<DetailedDiffResult, "diffs" | "detailedDiff"> {
    const diffs = [...new Set([...changes, ...replaces])].filter(
      (key) => key !== "deviceUrl" || replaces.includes(key),
    );
    const detailedDiff: DetailedDiffResult["detailedDiff"] = {};
    for (const key of diffs) {
      const base =
        olds[key] === undefined ? "ADD" : news[key] === undefined || news[key] === null ? "DELETE" : "UPDATE";
      const kind = (replaces.includes(key) ? `${base}_REPLACE` : base) as PropertyDiffKind;
      detailedDiff[key] = { kind, inputDiff: false };
    }
    return { diffs, detailedDiff };
  }

  async create(inputs: PropertyMap): Promise<Filled<dynamic.CreateResult<PropertyMap>, "outs">> {
    return this.guarded(
      () => this.secretsIn(inputs),
      async () => {
        const settings = this.profiles.resolve(this.profileOf(inputs));
        await this.refuseUnsupported(inputs, settings);
        return this.lifecycle.create(this.createRequest(inputs, settings));
      },
      { verb: "create", props: inputs, profile: () => this.profileOf(inputs) },
    );
  }

  // The SDK passes no properties for `pulumi import`: then only the id addresses the object.
  async read(id: string, props: PropertyMap = {}): Promise<dynamic.ReadResult<PropertyMap>> {
    return this.guarded(
      () => this.secretsIn(props),
      async () => {
        const settings = this.connectionForState(props);
        const objects = this.objects(props, settings);
        let deviceId = deviceIdOf(id, props);
        if (isPending(props)) {
          const found = await this.lifecycle.findPending?.(objects, this.knownFromOutputs(props));
          if (found === undefined) return {};
          if (found === "notOurs") return { id, props: withoutProvider(props) };
          deviceId = found.id;
        }
        // Only what state tracks is compared; `pulumi import` (no properties) reads everything.
        const tracked = this.deviceFields(props).filter((f) => f.name in props || this.managedAtDefault(f, props));
        const wanted = Object.keys(props).length > 0 ? new Set(tracked.map((f) => f.name)) : undefined;
        const current = await objects.read(deviceId, this.knownFromOutputs(props), wanted);
        if (!current) return {};
        // The device's id becomes the Pulumi id (refresh may change it); no bookkeeping left.
        const outs: PropertyMap = withoutProvider(settled(props));
        for (const field of tracked) {
          const managed = this.managedAtDefault(field, props);
          const value = current[field.name];
          if (field.writeOnly) continue;
          // A defaulted field this device version does not read back cannot drift: keep what state says.
          if (value === undefined && managed) continue;
          if (value === undefined) delete outs[field.name];
          else if (field.secret)
            outs[field.name] = secretMatches(props[field.name], String(value))
              ? props[field.name]
              : digestSecret(String(value));
          else outs[field.name] = normalize(field, value);
        }
        const read = forgetHeldWhenStopped(this.desc, outs, current);
        const projected = this.desc.hooks?.readProjection?.(read, current) ?? read;
        return { id: deviceId, props: projected, inputs: this.inputsFromOutputs(projected) };
      },
      { verb: "read", props, profile: () => this.profileOf(props) },
    );
  }

  async update(
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
  ): Promise<Filled<dynamic.UpdateResult<PropertyMap>, "outs">> {
    return this.guarded(
      () => this.secretsIn(news),
      async () => {
        let settings = this.connectionForState(olds);
        const current = this.profiles.resolve(this.profileOf(news));
        if (current.url !== settings.url && this.profileOf(news) === this.profileOf(olds)) {
          await this.confirmSameDevice(settings, current);
          settings = current;
        }
        const changed = this.changedFields(olds, news);
        await this.refuseUnsupported(news, settings, new Set(changed.map((f) => f.name)));
        if (isPending(olds) && this.lifecycle.resolvePending) {
          const resolved = await this.lifecycle
            .resolvePending(this.createRequest(news, settings), this.knownFromOutputs(olds))
            .catch((error: unknown) => {
              throw stillPending(error);
            });
          return { outs: resolved.id === id ? resolved.outs : { ...resolved.outs, [DEVICE_ID]: resolved.id } };
        }
        const changes: Changes = {};
        for (const field of changed) {
          if (field.local) continue;
          const value = this.desired(field, news);
          changes[field.name] = value === undefined || value === null ? null : (value as FieldValue);
        }
        const kept = await this.lifecycle.update({
          id: deviceIdOf(id, olds),
          olds,
          known: this.knownFromOutputs(olds),
          changes,
          inputs: news,
          objects: this.objects(news, settings),
          settings,
        });
        // Secrets adoption left unwritten stay named until a write sends them.
        const unwritten = recordedUnwritten(olds).filter((name) => !(name in changes));
        const outs = { ...this.outputs(news, settings, olds), ...unwrittenOutput(unwritten), ...kept };
        return { outs: olds[DEVICE_ID] === undefined ? outs : { ...outs, [DEVICE_ID]: olds[DEVICE_ID] } };
      },
      { verb: "update", props: news, profile: () => this.profileOf(news) },
    );
  }

  async delete(id: string, props: PropertyMap): Promise<void> {
    return this.guarded(
      () => this.secretsIn(props),
      async () => {
        const settings = this.connectionForState(props);
        await this.lifecycle.delete({
          id: deviceIdOf(id, props),
          outs: props,
          known: this.knownFromOutputs(props),
          objects: this.objects(props, settings),
          settings,
        });
      },
      { verb: "delete", props, profile: () => this.profileOf(props) },
    );
  }
}
