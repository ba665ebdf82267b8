import type { ConnectionSettings } from "../connection";
import type { Changes, DeviceObjects, Found, Values } from "../device/types";
import type { PropertyMap } from "../sdk-types";
import type { FieldDescription, ObjectDescription } from "../schema/types";
import { CollectionLifecycle } from "./collection";
import { SingletonLifecycle } from "./singleton";

/**
 * How objects of one kind come into and go out of existence on the device: the part of
 * create and delete that differs by `ObjectDescription.lifecycle`. DescribedProvider does
 * the rest (validation, diff, read, update, secrets, masking secrets in errors) the same way for every kind.
 *
 * `collection`: create POSTs a new object (adopting or refusing one that already has the
 * natural key), delete removes it. `singleton`: create reads the device-wide object,
 * records what it found in the outputs and sends only what differs; update records the
 * previous value of a field declared for the first time and puts back one no longer
 * declared; delete sends back what create recorded. Create and update return the outputs
 * the lifecycle keeps besides the inputs'; delete receives them.
 */
export interface Lifecycle {
  create(request: CreateRequest): Promise<{ readonly id: string; readonly outs: PropertyMap }>;
  /** Applies the changes; returns outputs to record besides the inputs' (a singleton's restore values). */
  update(request: UpdateRequest): Promise<PropertyMap>;
  delete(request: DeleteRequest): Promise<void>;
  /**
   * Settles a create whose outcome was unknown (provider/lifecycle/pending.ts);
   * `recorded`: the values it was created with.
   */
  resolvePending?(
    request: CreateRequest,
    recorded: Values,
  ): Promise<{ readonly id: string; readonly outs: PropertyMap }>;
  /** Refresh of a pending create: the object if it is ours, "notOurs", or undefined when it is absent. */
  findPending?(objects: DeviceObjects, recorded: Values): Promise<Found | "notOurs" | undefined>;
}

export interface UpdateRequest {
  readonly id: string;
  /** The outputs recorded so far. */
  readonly olds: PropertyMap;
  /** Non-secret device values from the outputs (what addressing the object needs). */
  readonly known: Values;
  /** Changed fields: a value to set, or null for a field no longer declared. */
  readonly changes: Changes;
  /** Checked inputs (what the stack declares now, local inputs included). */
  readonly inputs: PropertyMap;
  readonly objects: DeviceObjects;
  readonly settings: ConnectionSettings;
}

export interface CreateRequest {
  /** Checked inputs (secrets in clear). */
  readonly inputs: PropertyMap;
  /** The device fields of the inputs' variant (local fields left out). */
  readonly fields: readonly FieldDescription[];
  /** Device values to send, after the kind's `beforeCreate` hook. */
  readonly values: Values;
  /** Outputs to record once the object is as declared (secrets as digests). */
  readonly outs: PropertyMap;
  readonly objects: DeviceObjects;
  readonly settings: ConnectionSettings;
}

export interface DeleteRequest {
  readonly id: string;
  /** The outputs recorded by create, read or update. */
  readonly outs: PropertyMap;
  /** Non-secret device values from the outputs (what addressing the object needs). */
  readonly known: Values;
  readonly objects: DeviceObjects;
  readonly settings: ConnectionSettings;
}

export function lifecycleFor(desc: ObjectDescription): Lifecycle {
  const lifecycle = desc.lifecycle ?? "collection";
  switch (lifecycle) {
    case "collection":
      return new CollectionLifecycle(desc);
    case "singleton":
      return new SingletonLifecycle(desc);
  }
}
