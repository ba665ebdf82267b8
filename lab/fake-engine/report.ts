import type { Json, WirePropertyMap } from "./property-map";
import type { Command } from "../stack/command";
import type { HostMethod } from "./host";

export type { Command };

/** What one command did (or, for preview, would do), per resource. */

/**
 * create/update/replace/same/delete as in `pulumi up`; drift = refresh found the
 * device differs from state; adopt = a create with `adopt: true` (an existing object
 * with the same natural key is taken over rather than a new one created).
 */
export type Action = "create" | "update" | "replace" | "same" | "delete" | "drift" | "adopt";

/** One property's value before and after (secret ones are shown masked). */
export interface ValueChange {
  readonly key: string;
  readonly old?: Json;
  readonly new?: Json;
  readonly secret: boolean;
}

export type StepStatus = "done" | "planned" | "failed" | "skipped";

export interface StepReport {
  readonly urn: string;
  readonly name: string;
  readonly type: string;
  readonly action: Action;
  readonly status: StepStatus;
  /** Device id (after the step; for delete, the id that was deleted). */
  readonly id: string;
  /** Keys that changed (update/replace: from diff inputs vs outputs; drift: outputs before vs after). */
  readonly keys?: readonly string[];
  /** The values behind `keys`, old and new. */
  readonly changes?: readonly ValueChange[];
  /** How long the step's provider calls took. */
  readonly durationMs?: number;
  readonly error?: string;
  /** Extra information that is not an error (delete before replace, retained, old copy of a replacement...). */
  readonly note?: string;
  /**
   * Check refused the inputs: one line per failure, worded as the Pulumi engine words them
   * (diag.GetResourcePropertyInvalidValueError / GetResourceInvalidError). Nothing was attempted.
   */
  readonly checkFailures?: readonly string[];
  /** Partial failure: the object exists (kept in state) but the provider reported these reasons. */
  readonly initErrors?: readonly string[];
}

export interface RunResult {
  readonly command: Command;
  readonly ok: boolean;
  readonly steps: readonly StepReport[];
  /** Stack outputs after the run (plain) and which of them are secret. */
  readonly outputs: WirePropertyMap;
  readonly secretOutputs: readonly string[];
  readonly errors: readonly string[];
  /** gRPC calls made to the dynamic-provider host, by method. */
  readonly hostCalls: Readonly<Record<HostMethod, number>>;
  /** Every line the fake engine printed (already redacted). */
  readonly printed: readonly string[];
}

/** `pulumi-nodejs:dynamic/cisco:CmsSpace` → `CmsSpace`. */
export function kindOf(type: string): string {
  const match = /^pulumi-nodejs:dynamic(?:\/[^:]*)?:(.+)$/.exec(type);
  return match ? match[1] : type;
}
