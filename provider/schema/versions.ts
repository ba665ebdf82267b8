import type { FieldDescription, VersionRange } from "./types";

/**
 * Software releases as the provider and the emulators compare them: dotted numbers, an Expressway
 * release with or without its X ("X8.11.4" = "8.11.4"), compared part by part with
 * missing parts as 0 ("2.9" < "2.10", "3.0" = "3.0.0").
 */

const RELEASE = /^x?\d+(\.\d+)*$/i;

/** Whether the text is a release as these functions read it (blanks around it ignored). */
export function isVersion(text: string): boolean {
  return RELEASE.test(text.trim());
}

function parts(version: string): number[] {
  if (!isVersion(version)) throw new Error(`not a software version: ${JSON.stringify(version)}`);
  return version.trim().replace(/^x/i, "").split(".").map(Number);
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Does `version` fall in the range (since inclusive, until exclusive; absent range: every release)? */
export function inVersionRange(version: string, range: VersionRange | undefined): boolean {
  if (!range) return true;
  if (range.since !== undefined && compareVersions(version, range.since) < 0) return false;
  if (range.until !== undefined && compareVersions(version, range.until) >= 0) return false;
  return true;
}

/** Checks the text is a version (throws with the offending text otherwise) and returns it trimmed. */
export function checkVersion(version: string): string {
  parts(version);
  return version.trim();
}

/**
 * The release a text names: the whole text when it is one ("3", "X8", "2.2.1"), else the
 * first dotted release inside it (a device's "X8.11.4 (build 123)"); undefined when none.
 * Inside a longer text one number alone is not taken for a release (it may be a build).
 */
export function releaseIn(text: string): string | undefined {
  if (isVersion(text)) return checkVersion(text);
  return text.match(/x?\d+(\.\d+)+/i)?.[0];
}

/** The enum values a release accepts for a field (the field's `valueVersions` narrow its values). */
export function enumValuesAt(field: FieldDescription, version: string): readonly string[] | undefined {
  if (field.type.kind !== "enum") return undefined;
  return field.type.values.filter((v) => inVersionRange(version, field.valueVersions?.[v]));
}
