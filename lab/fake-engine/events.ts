import { SECRET_MASK } from "../stack/printer";
import { type Json, UNKNOWN } from "./property-map";
import { type Action, type StepReport, type ValueChange, kindOf } from "./report";

/**
 * What the fake engine prints while it works, in the shape `pulumi up` prints it: a
 * line when a resource's write starts and one when it ends, with the symbol of its
 * action, its duration and the values that change (`name: "Proxy webRTC" → "Renamed"`).
 */

/** Pulumi's step symbols. */
export const SYMBOL: Readonly<Record<Action, string>> = {
  create: "+",
  update: "~",
  drift: "~",
  delete: "-",
  replace: "+-",
  same: "=",
  adopt: "~",
};

const DOING: Readonly<Record<Action, string>> = {
  create: "creating",
  update: "updating",
  drift: "reading",
  delete: "deleting",
  replace: "replacing",
  same: "checking",
  adopt: "adopting",
};

const DONE: Readonly<Record<Action, string>> = {
  create: "created",
  update: "updated",
  drift: "updated from the device (drift)",
  delete: "deleted",
  replace: "replaced",
  same: "unchanged",
  adopt: "adopted",
};

const PLANNED: Readonly<Record<Action, string>> = {
  create: "create",
  update: "update",
  drift: "drift",
  delete: "delete",
  replace: "replace",
  same: "same",
  adopt: "adopt",
};

/** A value as `pulumi preview --diff` shows it: strings quoted, secrets masked, unknowns named. */
export function showValue(value: Json | undefined, secret: boolean): string {
  if (value === undefined || value === null) return "(unset)";
  if (secret) return SECRET_MASK;
  if (value === UNKNOWN) return "(known after apply)";
  return JSON.stringify(value);
}

export function formatChange(change: ValueChange): string {
  return `${change.key}: ${showValue(change.old, change.secret)} → ${showValue(change.new, change.secret)}`;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}

function subject(step: Pick<StepReport, "type" | "name">): string {
  return `${kindOf(step.type)} ${step.name}`;
}

export interface StepEvents {
  /** A write to a device starts (nothing is printed for resources that stay the same). */
  started(step: Pick<StepReport, "type" | "name" | "action">): void;
  /** A step ended (or, in preview, was planned). */
  finished(step: StepReport): void;
}

export const SILENT: StepEvents = { started: () => undefined, finished: () => undefined };

export function errorCount(errors: readonly unknown[]): string {
  return `${errors.length} error${errors.length === 1 ? "" : "s"}`;
}

/** Prints each step as it starts and ends; `same` steps are left for the summary, as Pulumi does. */
export function printedEvents(print: (line: string) => void): StepEvents {
  return {
    started(step) {
      print(`  ${SYMBOL[step.action]} ${subject(step)} ${DOING[step.action]}...`);
    },
    finished(step) {
      if (step.action === "same" && step.status !== "failed") return;
      if (step.checkFailures) {
        // As the CLI's row for a resource whose check failed: the planned operation and its error count.
        print(`  ${SYMBOL[step.action]} ${subject(step)} ${PLANNED[step.action]}: ${errorCount(step.checkFailures)}`);
        return;
      }
      const symbol = step.status === "failed" ? "**" : SYMBOL[step.action];
      const took = step.durationMs !== undefined && step.status !== "planned" ? ` (${seconds(step.durationMs)})` : "";
      const what =
        step.status === "failed"
          ? `${DOING[step.action]} failed`
          : step.status === "planned"
            ? PLANNED[step.action]
            : step.status === "skipped"
              ? `${PLANNED[step.action]} skipped`
              : DONE[step.action];
      const note = step.note ? ` [${step.note}]` : "";
      print(`  ${symbol} ${subject(step)} ${what}${took}${note}`);
      for (const change of step.changes ?? []) print(`      ${formatChange(change)}`);
    },
  };
}
