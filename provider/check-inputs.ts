import type { CheckFailure, CheckResult } from "@pulumi/pulumi/dynamic";
import { typeProblem } from "./field-type";
import { ADOPT_VALUES, ADOPT_WRITING_SECRETS } from "./lifecycle/adoption";
import { normalize } from "./normalize";
import { describeRangeProblem, rangeProblems } from "./schema/ranges";
import { type FieldValue, type ObjectDescription, fieldsForVariant } from "./schema/types";
import type { Filled, PropertyMap } from "./sdk-types";
import { show } from "./show";
import { didYouMean } from "./suggest";
import { isUnknown, UNKNOWN } from "./unknown";

/** Keys every resource accepts besides its description's fields. */
export const COMMON_INPUTS = ["profile", "adopt"] as const;

const PROFILE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** The SDK's CheckResult as check answers it: always the checked inputs and the failures (maybe none). */
export type FilledCheckResult = Filled<CheckResult<PropertyMap>, "inputs" | "failures">;

/**
 * Validates and normalizes inputs from one description. Values Pulumi does not know yet
 * are passed through untouched; everything else is checked and named in the failure.
 */
export function checkInputs(desc: ObjectDescription, news: PropertyMap): FilledCheckResult {
  const failures: CheckFailure[] = [];
  const inputs: PropertyMap = {};
  const fail = (property: string, reason: string) => failures.push({ property, reason });

  const variantValue = desc.variantField ? news[desc.variantField] : undefined;
  const variantKnown = typeof variantValue === "string" && desc.variants !== undefined && variantValue in desc.variants;
  // With the variant not known yet (preview), every field of any variant is checked and kept.
  const active =
    variantKnown || !desc.variantField
      ? fieldsForVariant(desc, variantKnown ? (variantValue as string) : undefined)
      : desc.fields;
  const activeNames = new Set(active.map((f) => f.name));
  const allNames = new Set(desc.fields.map((f) => f.name));

  for (const key of Object.keys(news)) {
    if (key === "__provider" || key === "deviceUrl" || (COMMON_INPUTS as readonly string[]).includes(key)) continue;
    if (!allNames.has(key)) {
      const allowed = [...allNames, ...COMMON_INPUTS];
      fail(
        key,
        `${desc.resource} has no property "${key}"${didYouMean(key, allowed)}; ` +
          `it would be ignored, so it is refused. Allowed: ${allowed.join(", ")}`,
      );
    } else if (!activeNames.has(key) && variantKnown && news[key] !== undefined) {
      fail(key, `"${key}" does not apply to a ${desc.resource} with ${desc.variantField} "${variantValue as string}"`);
    }
  }

  for (const field of active) {
    const value = news[field.name];
    if (value === undefined || value === null) {
      if (field.required && (!field.variants || variantKnown))
        fail(field.name, `${field.name} is required: ${field.doc}`);
      continue;
    }
    if (isUnknown(value)) {
      inputs[field.name] = value;
      continue;
    }
    const problem = typeProblem(field.type, value);
    if (problem) {
      const shown = field.secret ? "(secret value)" : show(value);
      fail(field.name, `${desc.resource}.${field.name} ${shown} is invalid: ${problem}`);
      continue;
    }
    inputs[field.name] = normalize(field, value as FieldValue);
  }

  // A pair one of whose values already failed is not compared: that failure says it first.
  const failed = new Set(failures.map((f) => f.property));
  for (const problem of rangeProblems(desc, (name) => (failed.has(name) ? undefined : inputs[name])))
    fail(problem.range.start, describeRangeProblem(desc, problem));

  const profile = news.profile;
  if (profile !== undefined && profile !== UNKNOWN) {
    if (typeof profile !== "string" || !PROFILE_NAME.test(profile)) {
      fail(
        "profile",
        `${desc.resource}.profile ${show(profile)} is invalid: a device profile name ` +
          `(letter first, then letters, digits, '_' or '-') is required, e.g. "cms"`,
      );
    } else inputs.profile = profile;
  }
  const adopt = news.adopt;
  if (adopt !== undefined && adopt !== UNKNOWN) {
    if (typeof adopt !== "boolean" && adopt !== ADOPT_WRITING_SECRETS)
      fail("adopt", `${desc.resource}.adopt ${show(adopt)} is invalid: ${ADOPT_VALUES} is required`);
    else inputs.adopt = adopt;
  }
  if (news.__provider !== undefined) inputs.__provider = news.__provider;
  return { inputs, failures };
}
