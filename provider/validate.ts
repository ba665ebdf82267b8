import { isIP } from "node:net";
import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import {
  type AddressFormat,
  type FieldDescription,
  type FieldType,
  type FieldValue,
  type ObjectDescription,
  fieldsForVariant,
} from "./schema/types";

/** Pulumi's marker for a value that is not known yet (preview, or depends on another resource's output). */
export const UNKNOWN = unknownValue;

/** Keys every resource accepts besides its description's fields. */
export const COMMON_INPUTS = ["profile", "adopt"] as const;

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const PROFILE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Printable form of a user value for a message; never called for secret fields. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isDomainName(value: string): boolean {
  if (value.length > 253 || value.endsWith(".")) return false;
  const labels = value.split(".");
  if (labels.length < 2 || !labels.every((l) => HOST_LABEL.test(l))) return false;
  return /^[a-z]/i.test(labels[labels.length - 1]);
}

function isHostName(value: string): boolean {
  return isDomainName(value) || (HOST_LABEL.test(value) && /^[a-z]/i.test(value));
}

function formatProblem(format: AddressFormat, value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[^\x21-\x7e]/.test(value)) {
    return "only printable ASCII without spaces is allowed (look-alike Unicode letters and white space are refused)";
  }
  switch (format) {
    case "ipv4":
      return isIP(value) === 4 ? undefined : "an IPv4 address (e.g. 10.0.0.1) is required";
    case "host":
      if (isIP(value) !== 0) return undefined;
      if (/^[0-9.]+$/.test(value)) return "not a valid IPv4 address (four numbers 0-255)";
      if (value.includes(":")) return "not a valid IPv6 address";
      return isHostName(value)
        ? undefined
        : "an IPv4/IPv6 address or a host name (letters, digits, hyphens; dot-separated labels) is required";
    case "domain":
      if (value.includes("*")) return "wildcards are not allowed: give the complete domain (e.g. example.com)";
      return isDomainName(value)
        ? undefined
        : "a complete DNS domain is required (dot-separated labels of letters, digits and hyphens; last label starts with a letter), e.g. example.com";
    case "uriUser":
      if (value.includes("@")) return "give only the user part of the URI, without '@domain'";
      return /^[A-Za-z0-9._~!$&'()*+,;=%-]+$/.test(value)
        ? undefined
        : "letters, digits and . _ ~ ! $ & ' ( ) * + , ; = % - only";
  }
}

function typeProblem(type: FieldType, value: unknown): string | undefined {
  switch (type.kind) {
    case "string": {
      if (typeof value !== "string") return "a string is required";
      const min = type.minLength ?? 1;
      if (value.length < min || value.length > type.maxLength) {
        return min === type.maxLength
          ? `exactly ${min} characters are required`
          : `${min} to ${type.maxLength} characters are allowed (got ${value.length})`;
      }
      if (type.format) {
        const problem = formatProblem(type.format, value);
        if (problem) return problem;
      }
      if (type.pattern && !type.pattern.regex.test(value)) return `${type.pattern.allowed} allowed`;
      return undefined;
    }
    case "int":
      if (typeof value !== "number" || !Number.isInteger(value))
        return `a whole number from ${type.min} to ${type.max} is required`;
      return value < type.min || value > type.max
        ? `a whole number from ${type.min} to ${type.max} is allowed`
        : undefined;
    case "bool":
      return typeof value === "boolean" ? undefined : "true or false is required";
    case "enum":
      return typeof value === "string" && type.values.includes(value)
        ? undefined
        : `one of ${type.values.join(", ")} is allowed`;
    case "stringList": {
      if (!Array.isArray(value)) return "a list of strings is required";
      if (value.length < type.minItems || value.length > type.maxItems)
        return `${type.minItems} to ${type.maxItems} entries are allowed (got ${value.length})`;
      for (const [index, item] of value.entries()) {
        const problem = typeProblem({ kind: "string", maxLength: type.item.maxLength, format: type.item.format }, item);
        if (problem) return `entry ${index} (${show(item)}): ${problem}`;
      }
      return undefined;
    }
  }
}

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

function containsUnknown(value: unknown): boolean {
  return value === UNKNOWN || (Array.isArray(value) && value.some((v) => v === UNKNOWN));
}

export interface CheckOutcome {
  readonly inputs: Record<string, unknown>;
  readonly failures: CheckFailure[];
}

/**
 * Validates and normalises inputs from one description. Values Pulumi does not know yet
 * are passed through untouched; everything else is checked and named in the failure.
 */
export function checkInputs(desc: ObjectDescription, news: Record<string, unknown>): CheckOutcome {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
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
      fail(key, `${desc.resource} has no property "${key}"; allowed: ${[...allNames, ...COMMON_INPUTS].join(", ")}`);
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
    if (containsUnknown(value)) {
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

  const profile = news.profile;
  if (profile !== undefined && profile !== UNKNOWN) {
    if (typeof profile !== "string" || !PROFILE_NAME.test(profile)) {
      fail(
        "profile",
        `${desc.resource}.profile ${show(profile)} is invalid: a device profile name (letter first, then letters, digits, '_' or '-') is required, e.g. "cms"`,
      );
    } else inputs.profile = profile;
  }
  const adopt = news.adopt;
  if (adopt !== undefined && adopt !== UNKNOWN) {
    if (typeof adopt !== "boolean")
      fail("adopt", `${desc.resource}.adopt ${show(adopt)} is invalid: true or false is required`);
    else inputs.adopt = adopt;
  }
  if (news.__provider !== undefined) inputs.__provider = news.__provider;
  return { inputs, failures };
}

export function isUnknown(value: unknown): boolean {
  return containsUnknown(value);
}
