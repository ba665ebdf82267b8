import { formatProblem } from "./address-format";
import type { FieldType } from "./schema/types";
import { show } from "./show";

/** Why a value does not fit the field type, or undefined when it does. */
export function typeProblem(type: FieldType, value: unknown): string | undefined {
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
