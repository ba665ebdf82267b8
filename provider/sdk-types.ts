import type * as dynamic from "@pulumi/pulumi/dynamic";

/** The SDK's dynamic-provider types as this provider uses them. */

/** Resource properties as the SDK hands them over and takes them back: plain values by property name. */
export type PropertyMap = Record<string, unknown>;

/** One of the SDK's result types with the members this provider always fills in made required. */
export type Filled<Result, Member extends keyof Result> = Result & Required<Pick<Result, Member>>;

/** The SDK's DiffResult as diff answers it: whether anything changes, what forces a replace, and in which order. */
export type FilledDiffResult = Filled<dynamic.DiffResult, "changes" | "replaces" | "deleteBeforeReplace">;
