import { randomUUID } from "node:crypto";
import type { Found, Values } from "../device/types";
import { PartialFailure } from "../errors";
import { sameValue } from "../normalize";
import type { PropertyMap } from "../sdk-types";

/*
 * A create whose outcome is unknown: the POST's answer was lost (reset, commit-then-drop,
 * timeout, 500) and the look-up by natural key that should have settled it failed too.
 * The object may exist on the device, so it must not leave state (it would become an
 * orphan that every later `up` refuses as someone else's). Create then fails with a
 * PartialFailure whose id is a placeholder and whose outputs carry PENDING_CREATE; the
 * engine keeps it in state with init errors and the next `up` updates it. Update, read
 * and delete resolve it by the natural key recorded in the outputs: an object found
 * there with the recorded values is ours; none found means the POST never landed.
 */

/** Output key set while a create's outcome is unknown. */
export const PENDING_CREATE = "pendingCreate";

/**
 * Output key holding the device's id of a resolved pending create: Pulumi's Update
 * cannot change a resource's id, so the placeholder stays the Pulumi id until the next
 * refresh, which returns the device's id.
 */
export const DEVICE_ID = "deviceId";

const PLACEHOLDER_PREFIX = "pending-create-";

export function placeholderId(): string {
  return `${PLACEHOLDER_PREFIX}${randomUUID()}`;
}

export function isPending(props: PropertyMap): boolean {
  return props[PENDING_CREATE] === true;
}

/** The id the device knows the object by. */
export function deviceIdOf(id: string, props: PropertyMap): string {
  const recorded = props[DEVICE_ID];
  return typeof recorded === "string" && recorded !== "" ? recorded : id;
}

/** Outputs without the bookkeeping keys (what a settled object records). */
export function settled(props: PropertyMap): PropertyMap {
  const { [PENDING_CREATE]: _pending, [DEVICE_ID]: _deviceId, ...rest } = props;
  return rest;
}

/**
 * Whether an object found by natural key is the one this stack tried to create: every
 * declared value the device reports back is on it (write-only values cannot be compared).
 * Anything else may be somebody else's.
 */
export function carriesDeclaredValues(found: Found, declared: Values): boolean {
  return Object.entries(found.values).every(
    ([name, value]) => declared[name] === undefined || sameValue(value, declared[name]),
  );
}

/**
 * A partial failure while an update settles a pending create (an adoption that failed
 * half-way, say): the engine keeps the placeholder id, since an update cannot change it, so
 * the outputs must keep what settles it later: the pending marker, and the device id the
 * failure names. Without them the next update, refresh and destroy address the placeholder
 * and lose the object, which stays on the device.
 */
export function stillPending(error: unknown): unknown {
  if (!(error instanceof PartialFailure)) return error;
  const deviceId = error.id.startsWith(PLACEHOLDER_PREFIX) ? {} : { [DEVICE_ID]: error.id };
  return new PartialFailure(error.id, { ...error.properties, [PENDING_CREATE]: true, ...deviceId }, error.message);
}
