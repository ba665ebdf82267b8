import { type Json, type PropertyMap, UNKNOWN } from "./property-map";
import { type Command, type StepReport, kindOf } from "./report";
import { SECRET_MASK } from "../stack/printer";

/** Tables and summaries of what a command did, for printing (through lab/stack/printer.ts). */

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
    .join("  ")
    .trimEnd();
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  return [
    pad(header, widths),
    pad(
      widths.map((w) => "-".repeat(w)),
      widths,
    ),
    ...rows.map((r) => pad(r, widths)),
  ].join("\n");
}

const VERB: Record<Command, string> = { up: "Update", preview: "Preview", refresh: "Refresh", destroy: "Destroy" };

function actionCell(step: StepReport): string {
  const base =
    step.status === "failed"
      ? `${step.action} FAILED`
      : step.status === "skipped"
        ? `${step.action} (skipped)`
        : step.action;
  return step.status === "planned" ? `${base} (planned)` : base;
}

function detailCell(step: StepReport): string {
  const parts: string[] = [];
  if (step.keys && step.keys.length > 0)
    parts.push(`${step.action === "drift" ? "changed on device" : "changes"}: ${step.keys.join(", ")}`);
  if (step.note) parts.push(step.note);
  if (step.initErrors && step.initErrors.length > 0)
    parts.push(`kept in state after partial failure: ${step.initErrors.join("; ")}`);
  if (step.error) parts.push(step.error);
  return parts.join("; ");
}

/** The step table: resource, kind, action, device id (and why, when there is something to say). */
export function formatStepsTable(steps: readonly StepReport[]): string {
  const rows = steps.map((s) => [
    s.name,
    kindOf(s.type),
    actionCell(s),
    s.id || (s.status === "planned" ? "(unknown)" : "-"),
    detailCell(s),
  ]);
  return table(["resource", "kind", "action", "device id", "detail"], rows);
}

export function formatSteps(command: Command, steps: readonly StepReport[]): string {
  const counts = new Map<string, number>();
  for (const step of steps) counts.set(step.action, (counts.get(step.action) ?? 0) + 1);
  const summary = [...counts.entries()].map(([action, n]) => `${n} ${action}`).join(", ") || "no resources";
  const title = `${VERB[command]}${command === "preview" ? " (no changes made)" : ""}:`;
  return `${title}\n${formatStepsTable(steps)}\nResources: ${summary}`;
}

/** Preview's unknown values read as (unknown) rather than as Pulumi's magic string. */
function showUnknowns(value: Json): Json {
  if (value === UNKNOWN) return "(unknown)";
  if (Array.isArray(value)) return value.map(showUnknowns);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, showUnknowns(v)]));
  return value;
}

export function formatValue(value: Json, secret: boolean): string {
  if (secret) return SECRET_MASK;
  const shown = showUnknowns(value);
  return typeof shown === "string" ? shown : JSON.stringify(shown);
}

export function formatOutputs(outputs: PropertyMap, secretKeys: readonly string[]): string {
  const keys = Object.keys(outputs).sort();
  if (keys.length === 0) return "Outputs: (none)";
  return ["Outputs:", ...keys.map((key) => `  ${key}: ${formatValue(outputs[key], secretKeys.includes(key))}`)].join(
    "\n",
  );
}
