import { TransportError } from "../device/http";
import { type Changes, DeviceError, type Found, type Values } from "../device/types";
import { PartialFailure } from "../errors";
import type { PropertyMap } from "../sdk-types";
import type { ObjectDescription } from "../schema/types";
import { normalize, sameValue } from "../normalize";
import { show } from "../show";
import type { CreateRequest, DeleteRequest, Lifecycle, UpdateRequest } from "./index";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Objects that are created and deleted: create adopts or refuses an existing object with
 * the same natural key and recovers from ambiguous failures without duplicates; delete is
 * idempotent.
 */
export class CollectionLifecycle implements Lifecycle {
  constructor(private readonly desc: ObjectDescription) {}

  async create(request: CreateRequest): Promise<{ id: string; outs: PropertyMap }> {
    if (!this.desc.deviceEnforcesUniqueness) {
      const existing = await request.objects.find(request.values);
      if (existing) return { id: await this.adoptOrRefuse(request, existing), outs: request.outs };
    }
    return { id: await this.createWithRecovery(request), outs: request.outs };
  }

  async update(request: UpdateRequest): Promise<PropertyMap> {
    await request.objects.update(request.id, request.known, request.changes);
    return {};
  }

  async delete(request: DeleteRequest): Promise<void> {
    await request.objects.remove(request.id, request.known);
  }

  private describeKey(key: readonly string[], values: Values): string {
    return key.map((name) => `${name} ${show(values[name])}`).join(", ");
  }

  /**
   * POST once; after an ambiguous failure look the object up by its natural key and
   * treat it as ours if it landed with our values, otherwise POST again. Never a duplicate.
   */
  private async createWithRecovery(request: CreateRequest): Promise<string> {
    const { objects, values, settings } = request;
    const hasKey = this.desc.naturalKeys.some((k) => k.every((name) => values[name] !== undefined));
    for (let attempt = 0; ; attempt++) {
      try {
        return await objects.create(values);
      } catch (error) {
        if (error instanceof DeviceError && error.kind === "duplicate") {
          const existing = await objects.find(values);
          if (existing) return this.adoptOrRefuse(request, existing);
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
            `${error.message}; ${this.desc.noun} has no natural key to look it up by, ` +
              "so whether it was created is unknown: check the device before running again",
          );
        }
        const existing = await objects.find(values);
        if (existing) {
          const ours = Object.entries(existing.values).every(
            ([name, value]) => values[name] === undefined || sameValue(value, values[name]),
          );
          if (ours) return existing.id;
          return this.adoptOrRefuse(request, existing);
        }
        if (!retriesLeft) throw error;
        await sleep(settings.retryBaseMs * 2 ** attempt);
      }
    }
  }

  private async adoptOrRefuse(request: CreateRequest, existing: Found): Promise<string> {
    const { inputs, fields, values, outs, objects, settings } = request;
    const where = `${settings.url} (profile "${settings.profile}")`;
    if (inputs.adopt !== true) {
      throw new Error(
        `${this.desc.resource}: a ${this.desc.noun} with ${this.describeKey(existing.key, values)} ` +
          `already exists on ${where} as id ${JSON.stringify(existing.id)}. ` +
          "Set `adopt: true` on this resource to take it over " +
          "(it is then managed, and deleted on destroy, by this stack), or remove it from the device.",
      );
    }
    const changes: Changes = {};
    for (const field of fields) {
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
      for (const field of fields) {
        const value = existing.values[field.name];
        if (field.secret || field.writeOnly || value === undefined) delete onDevice[field.name];
        else onDevice[field.name] = normalize(field, value);
      }
      throw new PartialFailure(
        existing.id,
        onDevice,
        `${this.desc.resource}: adopted ${this.desc.noun} ${JSON.stringify(existing.id)} on ${where} ` +
          `but could not bring it to the declared values: ${(error as Error).message}`,
      );
    }
    return existing.id;
  }
}
