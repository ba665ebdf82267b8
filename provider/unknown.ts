import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

/** Pulumi's marker for a value that is not known yet (preview, or depends on another resource's output). */
export const UNKNOWN = unknownValue;

/** True for the unknown marker, or a list holding it. */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN || (Array.isArray(value) && value.some((v) => v === UNKNOWN));
}
