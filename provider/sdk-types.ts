import type * as dynamic from "@pulumi/pulumi/dynamic";

/** The SDK's dynamic-provider types as this provider uses them. */

/** Resource properties as the SDK hands them over and takes them back: plain values by property name. */
export type PropertyMap = Record<string, unknown>;

/** One of the SDK's result types with the members this provider always fills in made required. */
export type Filled<Result, Member extends keyof Result> = Result & Required<Pick<Result, Member>>;

/** The SDK's DiffResult as diff answers it: whether anything changes, what forces a replace, and in which order. */
export type FilledDiffResult = Filled<dynamic.DiffResult, "changes" | "replaces" | "deleteBeforeReplace">;

/** How one property changes, as Pulumi's DetailedDiff names it (pulumirpc.PropertyDiff.Kind). */
export type PropertyDiffKind = "ADD" | "ADD_REPLACE" | "DELETE" | "DELETE_REPLACE" | "UPDATE" | "UPDATE_REPLACE";

/**
 * What diff answers beyond the SDK's DiffResult: the changed property paths (`diffs`) and
 * a detailed diff per path, as the engine's DiffResponse carries them. The SDK's
 * dynamic-provider host (3.270) forwards only changes, replaces and deleteBeforeReplace;
 * these members are there for callers that read diff directly and for hosts that forward them.
 */
export type DetailedDiffResult = FilledDiffResult & {
  readonly diffs: string[];
  readonly detailedDiff: Record<string, { readonly kind: PropertyDiffKind; readonly inputDiff: boolean }>;
};
