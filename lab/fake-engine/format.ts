import { type Json, type WirePropertyMap, UNKNOWN } from "./property-map";
import { type StepReport, kindOf } from "./report";
import { SECRET_MASK } from "../stack/printer";
import { SYMBOL, errorCount, formatChange } from "./events";

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

function actionCell(step: StepReport): string {
  if (step.checkFailures) return `${SYMBOL[step.action]} ${step.action}`;
  const symbol = step.status === "failed" ? "**" : SYMBOL[step.action];
  const suffix =
    step.status === "failed"
      ? " failed"
      : step.status === "skipped"
        ? " skipped"
        : step.status === "planned"
          ? " (planned)"
          : "";
  return `${symbol} ${step.action}${suffix}`;
}

function detailCell(step: StepReport): string {
  const parts: string[] = [];
  if (step.changes && step.changes.length > 0) parts.push(step.changes.map(formatChange).join(", "));
  else if (step.keys && step.keys.length > 0) parts.push(step.keys.join(", "));
  if (step.note) parts.push(step.note);
  if (step.initErrors && step.initErrors.length > 0) parts.push("kept in state after a partial failure");
  if (step.checkFailures) parts.push(`${errorCount(step.checkFailures)}: see Diagnostics`);
  else if (step.status === "failed") parts.push("see Diagnostics");
  return parts.join("; ");
}

/** The step table: resource, kind, action, device id, and what changes (the why of a failure is under Diagnostics). */
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

/** Outcome of one step as the summary counts it. */
function outcome(step: StepReport): string {
  if (step.status === "failed") return "failed";
  if (step.status === "skipped") return "skipped";
  const planned = step.status === "planned";
  switch (step.action) {
    case "create":
      return planned ? "to create" : "created";
    case "adopt":
      return planned ? "to adopt" : "adopted";
    case "update":
    case "drift":
      return planned ? "to update" : "updated";
    case "replace":
      return planned ? "to replace" : "replaced";
    case "delete":
      return planned ? "to delete" : "deleted";
    case "same":
      return "unchanged";
  }
}

const OUTCOME_ORDER = [
  "to create",
  "created",
  "to adopt",
  "adopted",
  "to update",
  "updated",
  "to replace",
  "replaced",
  "to delete",
  "deleted",
  "unchanged",
  "skipped",
  "failed",
];
const OUTCOME_SYMBOL: Readonly<Record<string, string>> = {
  "to create": "+",
  created: "+",
  "to adopt": "~",
  adopted: "~",
  "to update": "~",
  updated: "~",
  "to replace": "+-",
  replaced: "+-",
  "to delete": "-",
  deleted: "-",
  unchanged: "=",
  skipped: "!",
  failed: "**",
};

/** Counts by outcome: created, updated, replaced, deleted, unchanged, failed (each resource once). */
export function countOutcomes(steps: readonly StepReport[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const step of steps) counts.set(outcome(step), (counts.get(outcome(step)) ?? 0) + 1);
  return new Map(OUTCOME_ORDER.filter((o) => counts.has(o)).map((o) => [o, counts.get(o) as number]));
}

/**
 * Counts by outcome; `notAttempted`: resources whose change was planned but never tried
 * because the run stopped first (a failed preview, or a failure their turn never came after).
 */
export function formatSummary(steps: readonly StepReport[], durationMs?: number, notAttempted = 0): string {
  const counts = countOutcomes(steps);
  const lines = ["Resources:"];
  if (counts.size === 0 && notAttempted === 0) lines.push("    no resources");
  for (const [name, n] of counts) lines.push(`    ${OUTCOME_SYMBOL[name]} ${n} ${name}`);
  if (notAttempted > 0) lines.push(`    ! ${notAttempted} not attempted`);
  if (durationMs !== undefined) lines.push("", `Duration: ${(durationMs / 1000).toFixed(1)}s`);
  return lines.join("\n");
}

/** Each failure once: the resource, what was being done, and why. */
export function formatDiagnostics(steps: readonly StepReport[], otherErrors: readonly string[]): string {
  const failed = steps.filter((s) => s.status === "failed" || (s.status === "skipped" && s.error));
  if (failed.length === 0 && otherErrors.length === 0) return "";
  const lines = ["Diagnostics:"];
  for (const step of failed) {
    lines.push(`  ${kindOf(step.type)} (${step.name}):`);
    if (step.checkFailures) {
      for (const failure of step.checkFailures) lines.push(`    error: ${failure}`);
      continue;
    }
    lines.push(`    error: ${step.action} ${step.status === "skipped" ? "skipped" : "failed"}: ${step.error ?? ""}`);
    if (step.initErrors && step.initErrors.length > 0)
      lines.push(`    the object exists (id ${step.id}) and stays in state; the next up sends the difference`);
  }
  for (const error of otherErrors) lines.push(`  error: ${error}`);
  return lines.join("\n");
}

const INDENT = "    ";

/**
 * A value as the Pulumi CLI prints a stack output: strings quoted, objects and lists one
 * entry per line (lists as `[i]: value`), keys aligned, nested four spaces deeper.
 */
function renderValue(value: Json, indent: string): string {
  if (value === UNKNOWN) return "output<unknown>";
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || typeof value !== "object") return String(value);
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((item, i) => `${inner}[${i}]: ${renderValue(item, inner)}`);
    return ["[", ...items, `${indent}]`].join("\n");
  }
  const keys = Object.keys(value).sort();
  if (keys.length === 0) return "{}";
  return ["{", ...aligned(keys, (key) => renderValue(value[key], inner), inner), `${indent}}`].join("\n");
}

function aligned(keys: readonly string[], render: (key: string) => string, indent: string): string[] {
  const width = Math.max(...keys.map((key) => key.length));
  return keys.map((key) => `${indent}${key.padEnd(width)}: ${render(key)}`);
}

/** Stack outputs as the Pulumi CLI prints them after an update; secrets as [secret]; `apart`: key → its one line. */
export function formatOutputs(
  outputs: WirePropertyMap,
  secretKeys: readonly string[],
  apart: Readonly<Record<string, string>> = {},
): string {
  const keys = Object.keys(outputs).sort();
  if (keys.length === 0) return "Outputs: (none)";
  const render = (key: string) =>
    secretKeys.includes(key) ? SECRET_MASK : (apart[key] ?? renderValue(outputs[key], INDENT));
  return ["Outputs:", ...aligned(keys, render, INDENT)].join("\n");
}
