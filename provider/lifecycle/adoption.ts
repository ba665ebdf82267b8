import type { Changes, Values } from "../device/types";
import type { PropertyMap } from "../sdk-types";
import type { FieldDescription } from "../schema/types";
import { differences } from "./device-values";

/*
 * Taking over an object that already exists (`adopt`) writes only what the stack can see
 * differs. A write-only secret (a TURN password) cannot be read to compare, so writing it on
 * adoption would replace a working value with whatever the program says: a typo there breaks
 * a working TURN user. It is written only when the resource asks with `adopt: "andWriteSecrets"`
 * (at the adopting `up` or any later one); until then the output UNWRITTEN_SECRETS names it.
 */

/** The `adopt` value that also writes the secrets adoption cannot compare. */
export const ADOPT_WRITING_SECRETS = "andWriteSecrets";

/** The values `adopt` takes, in messages. */
export const ADOPT_VALUES = `true, false or "${ADOPT_WRITING_SECRETS}"`;

/** Output naming the declared secrets adoption left as the device had them. */
export const UNWRITTEN_SECRETS = "unwrittenSecrets";

/** Whether the inputs take over an existing object (`adopt: true` or `"andWriteSecrets"`). */
export function adopts(inputs: PropertyMap): boolean {
  return inputs.adopt === true || inputs.adopt === ADOPT_WRITING_SECRETS;
}

export function writesSecrets(inputs: PropertyMap): boolean {
  return inputs.adopt === ADOPT_WRITING_SECRETS;
}

/** A declared secret whose value on the device cannot be compared: write-only, or not returned by this device. */
export function uncomparable(field: FieldDescription, device: Values): boolean {
  return field.writeOnly === true || (field.secret === true && device[field.name] === undefined);
}

export interface AdoptionWrites {
  /** What adoption sends: readable values that differ, and the uncomparable secrets when asked. */
  readonly changes: Changes;
  /** Declared secrets left as the device has them (not asked to write them). */
  readonly unwritten: readonly string[];
}

/** What taking over an object with these device values writes, for the declared values. */
export function adoptionWrites(
  fields: readonly FieldDescription[],
  device: Values,
  declared: Values,
  inputs: PropertyMap,
): AdoptionWrites {
  const writing = writesSecrets(inputs);
  const left = writing ? [] : fields.filter((field) => uncomparable(field, device));
  const compared = fields.filter((field) => !left.includes(field));
  return {
    changes: differences(compared, device, declared, (field) => uncomparable(field, device)),
    unwritten: left.filter((field) => declared[field.name] !== undefined).map((field) => field.name),
  };
}

/** The output recording the unwritten secrets (none when there are none). */
export function unwrittenOutput(unwritten: readonly string[]): PropertyMap {
  return unwritten.length > 0 ? { [UNWRITTEN_SECRETS]: [...unwritten].sort() } : {};
}

/** The secrets recorded as unwritten in these outputs. */
export function recordedUnwritten(outs: PropertyMap): string[] {
  const value = outs[UNWRITTEN_SECRETS];
  return Array.isArray(value) ? value.map(String) : [];
}

/**
 * The secrets an update writes although their declared value did not change: those adoption
 * left unwritten, once the resource asks for them with `adopt: "andWriteSecrets"`.
 */
export function secretsNowAsked(olds: PropertyMap, news: PropertyMap): string[] {
  return writesSecrets(news) ? recordedUnwritten(olds).filter((name) => news[name] !== undefined) : [];
}

/** Why the unwritten secrets were left as the device has them, and how to write them (empty when none). */
export function describeUnwritten(unwritten: readonly string[]): string {
  if (unwritten.length === 0) return "";
  const them = unwritten.length > 1 ? "them" : "it";
  return (
    `${unwritten.join(", ")} not written: the device does not show ${them}, so the declared value cannot be ` +
    `compared; \`adopt: "${ADOPT_WRITING_SECRETS}"\` writes ${them}`
  );
}

/** What adoption wrote, and what it left unwritten and why: the adoption line of create. */
export function describeAdoptionWrites(writes: AdoptionWrites): string {
  const written = Object.keys(writes.changes);
  const parts = [written.length === 0 ? "nothing written" : `wrote ${written.join(", ")}`];
  const unwritten = describeUnwritten(writes.unwritten);
  if (unwritten !== "") parts.push(unwritten);
  return parts.join("; ");
}
