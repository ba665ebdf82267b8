import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { type FieldValue, type ObjectDescription, type VersionRange, fieldsForVariant } from "./schema/types";
import { inVersionRange } from "./schema/versions";
import type { PropertyMap } from "./sdk-types";
import { show } from "./show";
import { isUnknown } from "./unknown";

/**
 * Refusals for what a device's software release does not have: the object itself, a field,
 * or an enum value (the descriptions' `versions` and `valueVersions`). Pure: the caller
 * knows the release (a `<profile>:version` setting in check, the device's answer before any
 * write). Each refusal names the field and the release.
 */

/** "CMS 2.2.1" / "Expressway X8.9.2". */
export function releaseName(desc: ObjectDescription, version: string): string {
  return desc.api.family === "cms" ? `CMS ${version}` : `Expressway ${/^x/i.test(version) ? "" : "X"}${version}`;
}

/** "from CMS 2.8 on", "before CMS 3.0 only (removed in 3.0)": where a release range is, in words. */
export function rangeText(desc: ObjectDescription, range: VersionRange): string {
  const name = (v: string) => releaseName(desc, v);
  if (range.since !== undefined && range.until !== undefined)
    return `from ${name(range.since)} until before ${name(range.until)}`;
  if (range.since !== undefined) return `from ${name(range.since)} on`;
  return `before ${name(range.until as string)} only (removed in ${range.until})`;
}

/** Does the description mention releases at all (otherwise no version needs to be known)? */
export function dependsOnVersion(desc: ObjectDescription): boolean {
  return (
    desc.versions !== undefined ||
    desc.fields.some((f) => f.versions !== undefined || f.valueVersions !== undefined || f.versionPatterns)
  );
}

/**
 * Do these inputs use anything that only some releases have? `fields` narrows the question
 * to some fields (an update asks about the changed ones only: the others are on the device
 * already), and then the object's own range is not asked about either.
 */
export function usesVersionedParts(
  desc: ObjectDescription,
  inputs: Readonly<PropertyMap>,
  fields?: ReadonlySet<string>,
): boolean {
  if (!fields && desc.versions !== undefined) return true;
  return desc.fields.some((f) => {
    const value = inputs[f.name];
    if ((fields && !fields.has(f.name)) || value === undefined || value === null) return false;
    if (f.versions !== undefined || f.versionPatterns !== undefined) return true;
    return typeof value === "string" && f.valueVersions?.[value] !== undefined;
  });
}

/** Refusals for these inputs on this release (empty: the release has everything they use). */
export function versionProblems(
  desc: ObjectDescription,
  inputs: Readonly<PropertyMap>,
  version: string,
  variant?: string,
): CheckFailure[] {
  const on = releaseName(desc, version);
  const range = desc.versions;
  const unsure =
    range?.unsureFrom !== undefined && inVersionRange(version, { since: range.unsureFrom, until: range.since });
  if (range !== undefined && !inVersionRange(version, range) && !unsure) {
    const manual = desc.manualStep ? ` ${desc.manualStep}` : "";
    return [
      {
        property: "profile",
        reason:
          `${desc.resource}: the device runs ${on}, which has no API for ${desc.noun} ` +
          `(it exists ${rangeText(desc, range)}).${manual}`,
      },
    ];
  }
  const problems: CheckFailure[] = [];
  for (const field of fieldsForVariant(desc, variant)) {
    const value = inputs[field.name];
    if (value === undefined || value === null || isUnknown(value)) continue;
    if (!inVersionRange(version, field.versions)) {
      problems.push({
        property: field.name,
        reason:
          `${desc.resource}.${field.name} does not exist on ${on} ` +
          `(it exists ${rangeText(desc, field.versions as VersionRange)}): remove it for this device`,
      });
      continue;
    }
    const shape = field.versionPatterns?.find((p) => inVersionRange(version, p.versions));
    if (shape && typeof value === "string" && !shape.regex.test(value)) {
      problems.push({
        property: field.name,
        reason: `${desc.resource}.${field.name} ${show(value)} does not fit ${on}: ${shape.allowed} is required`,
      });
      continue;
    }
    const valueRange = typeof value === "string" ? field.valueVersions?.[value] : undefined;
    if (valueRange && !inVersionRange(version, valueRange)) {
      const usual = field.deviceDefault !== undefined ? `; the device default is ${show(field.deviceDefault)}` : "";
      problems.push({
        property: field.name,
        reason:
          `${desc.resource}.${field.name} value ${show(value as FieldValue)} does not exist on ${on} ` +
          `(it exists ${rangeText(desc, valueRange)})${usual}`,
      });
    }
  }
  return problems;
}
