import { isIP } from "node:net";
import type { FieldDescription, FieldValue } from "./schema/types";

/** The value as the provider sends and compares it (lower-cased where case carries no meaning). */
export function normalize(field: FieldDescription, value: FieldValue): FieldValue {
  const lower = field.lowerCase || (field.type.kind === "string" && field.type.format === "domain");
  if (lower && typeof value === "string") return value.toLowerCase();
  if (field.type.kind === "stringList" && Array.isArray(value))
    return value.map((v: string) => (v.includes(".") && !isIP(v) ? v.toLowerCase() : v));
  return value;
}

/** Equality of two plain values (strings, numbers, booleans, lists) as the provider compares them. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Whether a device value and another are the same for this field: compared in the form the
 * provider sends (letter case ignored only where the device ignores it), neither rewritten.
 */
export function sameFieldValue(field: FieldDescription, a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  const form = (value: FieldValue | undefined) => (value === undefined ? value : normalize(field, value));
  return sameValue(form(a), form(b));
}
