import type { Changes, Values } from "../device/types";
import { normalize, sameFieldValue } from "../normalize";
import type { PropertyMap } from "../sdk-types";
import type { FieldDescription } from "../schema/types";

/**
 * What to send to bring the device's `current` values to the `wanted` ones: every wanted
 * value that differs, and every one that cannot be compared because the device never shows
 * it (`unreadable`: write-only fields by default).
 */
export function differences(
  fields: readonly FieldDescription[],
  current: Values,
  wanted: Values,
  unreadable: (field: FieldDescription) => boolean = (field) => field.writeOnly === true,
): Changes {
  const changes: Changes = {};
  for (const field of fields) {
    const value = wanted[field.name];
    if (value === undefined) continue;
    if (unreadable(field) || !sameFieldValue(field, current[field.name], value)) changes[field.name] = value;
  }
  return changes;
}

/**
 * Outputs recording what the device holds for these fields, after a write that failed half-way:
 * state then matches the device, so the next update sends the difference. A value the device
 * never shows (secret, write-only) or does not have is left out.
 */
export function recordingDevice(outs: PropertyMap, fields: readonly FieldDescription[], device: Values): PropertyMap {
  const recorded: PropertyMap = { ...outs };
  for (const field of fields) {
    const value = device[field.name];
    if (field.secret || field.writeOnly || value === undefined) delete recorded[field.name];
    else recorded[field.name] = normalize(field, value);
  }
  return recorded;
}
