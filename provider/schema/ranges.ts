import type { FieldRange, ObjectDescription } from "./types";

/**
 * The start/end pairs of a description (ObjectDescription.ranges), checked one way for the
 * provider's check and the emulators: whoever holds the values says how to read one by
 * field name, and gets back each pair whose start is above its end.
 */

export interface RangeProblem {
  readonly range: FieldRange;
  readonly start: number;
  readonly end: number;
}

/** Pairs whose both values are known whole numbers and whose start is above the end. */
export function rangeProblems(desc: ObjectDescription, valueFor: (fieldName: string) => unknown): RangeProblem[] {
  const problems: RangeProblem[] = [];
  for (const range of desc.ranges ?? []) {
    const start = valueFor(range.start);
    const end = valueFor(range.end);
    if (typeof start !== "number" || typeof end !== "number") continue;
    if (start > end) problems.push({ range, start, end });
  }
  return problems;
}

/** `mediaPortRangeStart 30000 is above mediaPortRangeEnd 29999: ...`, for one pair. */
export function describeRangeProblem(desc: ObjectDescription, problem: RangeProblem): string {
  const { range, start, end } = problem;
  return (
    `${desc.resource}.${range.start} ${start} is above ${desc.resource}.${range.end} ${end}: ` +
    `a range's start must not be above its end (set ${range.start} to ${end} or less, or ${range.end} to ` +
    `${start} or more)`
  );
}
