import type { Changes, Values } from "../device/types";
import { PartialFailure } from "../errors";
import { sameFieldValue } from "../normalize";
import type { FieldDescription, FieldValue, ObjectDescription } from "../schema/types";
import type { PropertyMap } from "../sdk-types";
import type { ConnectionSettings } from "../connection";
import type { DeviceObjects } from "../device/types";
import { adopts, adoptionWrites, describeAdoptionWrites, unwrittenOutput } from "./adoption";
import { differences, recordingDevice } from "./device-values";
import type { CreateRequest, DeleteRequest, Lifecycle, UpdateRequest } from "./index";
import { AWAITING_RESTART, heldSettings, recordedAwaiting, serviceState, settleHeld } from "./restart";

/**
 * A device-wide settings object (Expressway DNS, MRA, TURN; CMS XMPP): it always exists, so
 * create takes it over and delete gives it back.
 *
 * - create reads the device's current values, records those of the declared fields in the
 *   output `restoreValues` (null: the device had none), and sends only what differs;
 * - update records the device's value of a field declared for the first time, and puts back
 *   the recorded value of a field no longer declared instead of clearing it;
 * - delete sends back the recorded values that differ from the device's, so destroy leaves
 *   the device as the stack found it. With `retainOnDelete` Pulumi does not call delete and
 *   the declared values stay.
 *
 * Secrets are never read back into state: a write-only secret (CMS XMPP shared secret)
 * cannot be restored, and the output `notRestorable` names it.
 *
 * Where the description says a running service applies its settings only on restart
 * (`appliedOnRestart`, provider/lifecycle/restart.ts), every write that leaves settings held
 * restarts the service if the stack allows it, and otherwise says so and records them.
 */
export const RESTORE_VALUES = "restoreValues";
export const NOT_RESTORABLE = "notRestorable";

type Recorded = Record<string, FieldValue | null>;

const namesOf = (fields: readonly FieldDescription[]): ReadonlySet<string> => new Set(fields.map((f) => f.name));

/** A settings object's id: its API path (there is one per device). */
export function singletonId(desc: ObjectDescription): string {
  const api = desc.api;
  return api.family === "cms" ? api.collection : (api.paths.default ?? Object.values(api.paths)[0]);
}

export class SingletonLifecycle implements Lifecycle {
  constructor(private readonly desc: ObjectDescription) {}

  private get id(): string {
    return singletonId(this.desc);
  }

  private restorable(field: FieldDescription): boolean {
    return !field.secret && !field.writeOnly;
  }

  /** What the device holds for the fields, exactly as it holds them: what delete gives back (null: nothing). */
  private recordOf(fields: readonly FieldDescription[], device: Values): Recorded {
    const recorded: Recorded = {};
    for (const field of fields) {
      if (!this.restorable(field)) continue;
      const value = device[field.name];
      recorded[field.name] = value ?? null;
    }
    return recorded;
  }

  private kept(restore: Recorded, notRestorable: readonly string[]): PropertyMap {
    return {
      [RESTORE_VALUES]: restore,
      ...(notRestorable.length > 0 ? { [NOT_RESTORABLE]: [...notRestorable].sort() } : {}),
    };
  }

  private static recorded(outs: PropertyMap): Recorded {
    const value = outs[RESTORE_VALUES];
    return value && typeof value === "object" && !Array.isArray(value) ? { ...(value as Recorded) } : {};
  }

  private static notRestorable(outs: PropertyMap): string[] {
    const value = outs[NOT_RESTORABLE];
    return Array.isArray(value) ? value.map(String) : [];
  }

  async create(request: CreateRequest): Promise<{ id: string; outs: PropertyMap }> {
    const { fields, values, outs, objects, settings } = request;
    const id = this.id;
    const declared = fields.filter((f) => values[f.name] !== undefined);
    const device = (await objects.read(id, {}, namesOf(declared))) ?? {};
    // A write-only value cannot be compared: sent unless the resource adopts the object as it is
    // (`adopt: true`: it is sent only with `adopt: "andWriteSecrets"`, provider/lifecycle/adoption.ts).
    const adopting = adopts(request.inputs);
    const writes = adopting
      ? adoptionWrites(declared, device, values, request.inputs)
      : { changes: differences(declared, device, values), unwritten: [] };
    const changes = writes.changes;
    const kept = {
      ...this.kept(
        this.recordOf(declared, device),
        declared.filter((f) => !this.restorable(f) && !writes.unwritten.includes(f.name)).map((f) => f.name),
      ),
      ...unwrittenOutput(writes.unwritten),
    };
    // Provider output: the Pulumi CLI shows it with the resource.
    const sayAdopted = () => {
      if (adopting)
        console.error(`adopted ${this.desc.resource} on ${settings.url}: ${describeAdoptionWrites(writes)}`);
    };
    if (Object.keys(changes).length === 0) {
      sayAdopted();
      return { id, outs: { ...outs, ...kept } };
    }
    const before = this.runsOn(device);
    try {
      await objects.update(id, device, changes);
    } catch (error) {
      // State keeps what was found (so destroy restores it) and the device's values (so the next update resends).
      throw new PartialFailure(
        id,
        recordingDevice({ ...outs, ...kept }, declared, device),
        `${this.desc.resource}: could not bring ${this.desc.noun} on ${settings.url} (profile "${settings.profile}") ` +
          `to the declared values: ${(error as Error).message}`,
      );
    }
    sayAdopted();
    const awaiting = await this.settleRestart(objects, id, device, changes, [], before, request.inputs, settings);
    return { id, outs: { ...outs, ...kept, ...awaiting } };
  }

  /**
   * After a write: restarts the service whose settings were changed while it ran, when the stack
   * allows it; otherwise says so. The output naming what is still held (none when nothing is).
   */
  private async settleRestart(
    objects: DeviceObjects,
    id: string,
    known: Values,
    sent: Changes,
    waiting: readonly string[],
    before: boolean | undefined,
    inputs: PropertyMap,
    settings: ConnectionSettings,
  ): Promise<PropertyMap> {
    const rule = this.desc.appliedOnRestart;
    if (!rule) return {};
    const after = rule.toggle in sent ? serviceState(sent[rule.toggle]) : before;
    const held = await settleHeld({
      desc: this.desc,
      rule,
      objects,
      id,
      known,
      held: heldSettings(rule, Object.keys(sent), waiting, before, after),
      restart: inputs[rule.input] === true,
      where: `${settings.url} (profile "${settings.profile}")`,
    });
    return held.length > 0 ? { [AWAITING_RESTART]: held } : {};
  }

  /** Whether the service whose settings apply on restart runs, as these device values say. */
  private runsOn(device: Values): boolean | undefined {
    const rule = this.desc.appliedOnRestart;
    return rule ? serviceState(device[rule.toggle]) : undefined;
  }

  /** Whether the service runs now: as recorded when the stack declares it, else as the device says. */
  private async serviceRuns(objects: DeviceObjects, id: string, olds: PropertyMap): Promise<boolean | undefined> {
    const rule = this.desc.appliedOnRestart;
    if (!rule) return undefined;
    const recorded = serviceState(olds[rule.toggle]);
    if (recorded !== undefined) return recorded;
    return this.runsOn((await objects.read(id, {}, new Set([rule.toggle]))) ?? {});
  }

  async update(request: UpdateRequest): Promise<PropertyMap> {
    const { id, olds, known, changes, objects, inputs, settings } = request;
    const restore = SingletonLifecycle.recorded(olds);
    const notRestorable = new Set(SingletonLifecycle.notRestorable(olds));
    const fields = this.desc.fields.filter((f) => f.name in changes);
    const firstDeclared = fields.filter(
      (f) => changes[f.name] !== null && this.restorable(f) && !(f.name in restore) && olds[f.name] === undefined,
    );
    if (firstDeclared.length > 0)
      Object.assign(restore, this.recordOf(firstDeclared, (await objects.read(id, {}, namesOf(firstDeclared))) ?? {}));
    const send: Changes = { ...changes };
    for (const field of fields) {
      if (changes[field.name] !== null) {
        if (!this.restorable(field)) notRestorable.add(field.name);
        continue;
      }
      // No longer declared: the device gets back what the stack found, not an empty value.
      if (field.name in restore) {
        send[field.name] = restore[field.name];
        delete restore[field.name];
      } else if (!this.restorable(field)) {
        // A secret the stack set and cannot give back: left as it is on the device.
        delete send[field.name];
        notRestorable.delete(field.name);
      }
    }
    const waiting = recordedAwaiting(olds);
    const before =
      Object.keys(send).length > 0 || waiting.length > 0 ? await this.serviceRuns(objects, id, olds) : false;
    await objects.update(id, known, send);
    const awaiting = await this.settleRestart(objects, id, known, send, waiting, before, inputs, settings);
    return { ...this.kept(restore, [...notRestorable]), ...awaiting };
  }

  async delete(request: DeleteRequest): Promise<void> {
    const { id, outs, objects, settings } = request;
    const restore = SingletonLifecycle.recorded(outs);
    if (Object.keys(restore).length === 0) return;
    const device = (await objects.read(id, {}, new Set(Object.keys(restore)))) ?? {};
    const changes: Changes = {};
    for (const [name, value] of Object.entries(restore)) {
      const current = device[name];
      const cleared = current === undefined || current === "" || (Array.isArray(current) && current.length === 0);
      const field = this.desc.fields.find((f) => f.name === name);
      const same = field ? sameFieldValue(field, current, value ?? undefined) : false;
      if (value === null ? !cleared : !same) changes[name] = value;
    }
    if (Object.keys(changes).length === 0) return;
    const before = this.runsOn(device);
    await objects.update(id, device, changes);
    // Settings put back while the service runs are held too: restarted only if the stack said so.
    await this.settleRestart(objects, id, device, changes, recordedAwaiting(outs), before, outs, settings);
  }
}
