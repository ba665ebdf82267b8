import type { FieldDescription } from "../schema/types";
import { DeviceError } from "./types";

/**
 * Unconfirmed Expressway JSON names (`apiCandidates`): a field is mapped by the keys the
 * device's own GET returns, for settings objects and collections alike.
 */

/**
 * The device's key for a field among `keys`: its `api` name when present, otherwise (for an
 * unconfirmed name) the first of `api` and its candidates present without regard to case.
 * Undefined when none is.
 */
export function deviceKeyFor(field: FieldDescription, keys: readonly string[]): string | undefined {
  if (keys.includes(field.api)) return field.api;
  if (!field.apiCandidates) return undefined;
  for (const name of [field.api, ...field.apiCandidates]) {
    const key = keys.find((k) => k.toLowerCase() === name.toLowerCase());
    if (key) return key;
  }
  return undefined;
}

/** The refusal, before any write, of fields the device's keys do not map: what it returned, and what to report. */
export function unmappedFields(
  resource: string,
  where: string,
  unmapped: readonly FieldDescription[],
  path: string,
  keys: readonly string[],
): DeviceError {
  const tried = unmapped.map((f) => `${f.name} (tried ${[f.api, ...(f.apiCandidates ?? [])].join(", ")})`);
  return new DeviceError(
    `${resource}: ${where} returned no field for ${tried.join("; ")} at /api/provisioning/${path} ` +
      "(its JSON names are not published, and none of the names tried matched). " +
      `The device returned the keys: ${keys.join(", ") || "(none)"}. ` +
      "Please report these names so the description can use them; nothing was changed.",
    "invalid",
    400,
  );
}
