import { RetryBudget, TransportError } from "../device/http";
import { DeviceError, type DeviceObjects, type Found, type Values } from "../device/types";
import { PartialFailure } from "../errors";
import type { PropertyMap } from "../sdk-types";
import { carriesNaturalKey, keyedValues, type NaturalKey, type ObjectDescription } from "../schema/types";
import { show } from "../show";
import { oneCreatePerKey } from "./create-queue";
import { adopts, adoptionWrites, describeAdoptionWrites, unwrittenOutput } from "./adoption";
import { differences, recordingDevice } from "./device-values";
import { sendFollowUp } from "./follow-up";
import type { CreateRequest, DeleteRequest, Lifecycle, UpdateRequest } from "./index";
import { carriesDeclaredValues, isPending, PENDING_CREATE, placeholderId } from "./pending";

type Created = { readonly id: string; readonly outs: PropertyMap };

/**
 * Objects that are created and deleted: create adopts or refuses an existing object with
 * the same natural key and recovers from ambiguous failures without duplicates; delete is
 * idempotent.
 */
export class CollectionLifecycle implements Lifecycle {
  constructor(private readonly desc: ObjectDescription) {}

  async create(request: CreateRequest): Promise<Created> {
    const created = await this.createOrAdopt(request);
    try {
      await sendFollowUp(this.desc, request.objects, created.id, request.inputs, request.settings);
    } catch (error) {
      // The object is made as declared: state records it, the message says what is left to do.
      throw new PartialFailure(created.id, created.outs, (error as Error).message);
    }
    return created;
  }

  private async createOrAdopt(request: CreateRequest): Promise<Created> {
    // Adoption looks first even where the device refuses duplicates: a POST that it refuses is still a write.
    if (!this.desc.deviceEnforcesUniqueness || adopts(request.inputs)) {
      return oneCreatePerKey(this.desc, request, async () => {
        const existing = await request.objects.find(request.values);
        if (existing) return this.adoptOrRefuse(request, existing);
        return this.createWithRecovery(request);
      });
    }
    return this.createWithRecovery(request);
  }

  async update(request: UpdateRequest): Promise<PropertyMap> {
    await request.objects.update(request.id, request.known, request.changes);
    // A failed follow-up fails the update: state keeps the old values, so the next up sends both again.
    if (Object.keys(request.changes).length > 0)
      await sendFollowUp(this.desc, request.objects, request.id, request.inputs, request.settings);
    return {};
  }

  async delete(request: DeleteRequest): Promise<void> {
    if (!isPending(request.outs)) return request.objects.remove(request.id, request.known);
    // Only an object carrying the recorded values is ours to delete.
    const found = await this.findPending(request.objects, request.known);
    if (found && found !== "notOurs") await request.objects.remove(found.id, found.values);
  }

  /** The key as the look-up compared it: a field left to the device shows the device's default. */
  private describeKey(key: NaturalKey, values: Values): string {
    const keyed = keyedValues(this.desc, key, values);
    return key
      .map((name) => {
        const value = keyed?.get(name);
        if (value === undefined) return `${name} unset`;
        return `${name} ${show(value)}${values[name] === undefined ? " (the device default)" : ""}`;
      })
      .join(", ");
  }

  /**
   * POST once; after an ambiguous failure look the object up by its natural key and
   * treat it as ours if it landed with our values, otherwise POST again. Never a duplicate.
   * When the look-up fails too, the object is kept in state as a pending create (see pending.ts).
   */
  private async createWithRecovery(request: CreateRequest): Promise<Created> {
    const { objects, values, settings, outs } = request;
    const hasKey = carriesNaturalKey(this.desc, values);
    const budget = new RetryBudget(settings);
    for (let attempt = 0; ; attempt++) {
      try {
        return { id: await objects.create(values), outs };
      } catch (error) {
        if (error instanceof DeviceError && error.kind === "duplicate") {
          const existing = await objects.find(values);
          if (existing) return this.adoptOrRefuse(request, existing);
          throw error;
        }
        if (!(error instanceof TransportError) || error.permanent) throw error;
        if (!error.ambiguous) {
          // The device did not take the request (busy, throttled, unreachable): posting again is safe.
          await budget.waitToRetry(error, attempt);
          continue;
        }
        if (!hasKey) {
          throw new Error(
            `${error.message}; ${this.desc.noun} has no natural key to look it up by, ` +
              "so whether it was created is unknown: check the device before running again",
          );
        }
        let existing: Found | undefined;
        try {
          existing = await objects.find(values);
        } catch (lookupError) {
          throw this.pendingCreate(request, error, lookupError as Error);
        }
        if (existing) {
          if (carriesDeclaredValues(existing, values)) return { id: existing.id, outs };
          return this.adoptOrRefuse(request, existing);
        }
        await budget.waitToRetry(error, attempt);
      }
    }
  }

  /** The create's outcome is unknown: keep it in state so that the next `up` settles it by natural key. */
  private pendingCreate(request: CreateRequest, postError: Error, lookupError: Error): PartialFailure {
    const where = `${request.settings.url} (profile "${request.settings.profile}")`;
    return new PartialFailure(
      placeholderId(),
      { ...request.outs, [PENDING_CREATE]: true },
      `${this.desc.resource}: whether the ${this.desc.noun} was created on ${where} is unknown ` +
        `(${postError.message}; looking it up failed too: ${lookupError.message}). ` +
        "It is kept in state as a pending create: the next `pulumi up` looks it up by its natural key " +
        "and takes it only if it carries the declared values, or creates it if it is not there.",
    );
  }

  /**
   * The next update of a pending create: the object found by the natural key recorded at
   * create time is ours when it carries the recorded values (then brought to the new
   * ones); none found means the POST never landed, so it is created now.
   */
  async resolvePending(
    request: CreateRequest,
    recorded: Values,
  ): Promise<{ readonly id: string; readonly outs: PropertyMap }> {
    const existing = await request.objects.find(recorded);
    if (!existing) return this.create(request);
    if (!carriesDeclaredValues(existing, recorded)) return this.adoptOrRefuse(request, existing);
    const changes = differences(request.fields, existing.values, request.values, (f) => !!(f.writeOnly || f.secret));
    await request.objects.update(existing.id, existing.values, changes);
    return { id: existing.id, outs: request.outs };
  }

  /** Refresh of a pending create: the object if it is ours, undefined if it is not there. */
  async findPending(objects: DeviceObjects, recorded: Values): Promise<Found | "notOurs" | undefined> {
    const existing = await objects.find(recorded);
    if (!existing) return undefined;
    return carriesDeclaredValues(existing, recorded) ? existing : "notOurs";
  }

  private async adoptOrRefuse(request: CreateRequest, existing: Found): Promise<Created> {
    const { inputs, fields, values, outs, objects, settings } = request;
    const where = `${settings.url} (profile "${settings.profile}")`;
    if (!adopts(inputs)) {
      throw new Error(
        `${this.desc.resource}: a ${this.desc.noun} with ${this.describeKey(existing.key, values)} ` +
          `already exists on ${where} as id ${JSON.stringify(existing.id)}. ` +
          "Set `adopt: true` on this resource to take it over " +
          "(it is then managed, and deleted on destroy, by this stack), or remove it from the device.",
      );
    }
    const writes = adoptionWrites(fields, existing.values, values, inputs);
    try {
      await objects.update(existing.id, existing.values, writes.changes);
    } catch (error) {
      throw new PartialFailure(
        existing.id,
        recordingDevice(outs, fields, existing.values),
        `${this.desc.resource}: adopted ${this.desc.noun} ${JSON.stringify(existing.id)} on ${where} ` +
          `but could not bring it to the declared values: ${(error as Error).message}`,
      );
    }
    // Provider output: the Pulumi CLI shows it with the resource.
    const adopted = `${this.desc.resource} ${JSON.stringify(existing.id)} on ${settings.url}`;
    console.error(`adopted ${adopted}: ${describeAdoptionWrites(writes)}`);
    return { id: existing.id, outs: { ...outs, ...unwrittenOutput(writes.unwritten) } };
  }
}
