import type { WirePropertyMap } from "../lab/fake-engine/property-map";
import { descriptionFor } from "../provider/schema";
import { BENCH_PROFILES, benchAccessMethods, benchSpace } from "./objects";

/** One object a provider-alone scenario declares, as a program would. */
export interface PlannedObject {
  /** The resource kind (`CmsSpace`). */
  readonly kind: string;
  /** Its resource name, unique in the plan. */
  readonly name: string;
  /** Positions in the plan (always earlier ones) of the objects whose ids its inputs take. */
  readonly refersTo: readonly number[];
  /** Its inputs, given the ids of `refersTo` in the same order. */
  readonly inputs: (ids: readonly string[]) => WirePropertyMap;
}

/** The provider-alone scenarios: `npm run bench -- --only alone` and `--only alone-access`. */
export type AlonePlan = "spaces" | "spaces with access methods";

/** `count` spaces, nothing else. */
function spacesOnly(count: number): PlannedObject[] {
  return Array.from({ length: count }, (_, n) => ({
    kind: "CmsSpace",
    name: `space-${n}`,
    refersTo: [],
    inputs: () => benchSpace(n),
  }));
}

/**
 * `count` spaces, each with the two access methods examples/spaces-from-csv declares: a host one
 * (`<uri>.host`, call id `<callId>1`, the host call leg profile) and a guest one behind a
 * passcode (`<uri>.guest`, `<callId>2`, the guest profile); the two profiles come first.
 */
function spacesWithAccessMethods(count: number): PlannedObject[] {
  const plan: PlannedObject[] = BENCH_PROFILES.map((values) => ({
    kind: "CmsCallLegProfile",
    name: values.name.toLowerCase(),
    refersTo: [],
    inputs: () => values,
  }));
  for (let n = 0; n < count; n++) {
    const space = benchSpace(n);
    const at = plan.length;
    plan.push({ kind: "CmsSpace", name: `space-${n}`, refersTo: [], inputs: () => space });
    benchAccessMethods(n).forEach(({ suffix, ...method }, profile) => {
      plan.push({
        kind: "CmsAccessMethod",
        name: `space-${n}-${suffix}`,
        refersTo: [at, profile],
        // The fake engine hands the host secrets in clear, as the engine does after decrypting them.
        inputs: ([spaceId, profileId]) => ({ space: spaceId, ...method, callLegProfile: profileId }),
      });
    });
  }
  return plan;
}

export function alonePlan(plan: AlonePlan, spaces: number): PlannedObject[] {
  return plan === "spaces" ? spacesOnly(spaces) : spacesWithAccessMethods(spaces);
}

/**
 * Requests a phase cannot do without, object by object (the rules bench/run.ts's note states):
 * create 1 POST, plus a look-up GET first for a kind the device takes duplicates of
 * (ObjectDescription.deviceEnforcesUniqueness); refresh 1 GET; destroy 1 DELETE; no-op none.
 */
export function planMinimum(plan: readonly PlannedObject[]): Record<"create" | "refresh" | "destroy", number> {
  const create = plan.reduce((sum, o) => sum + (descriptionFor(o.kind).deviceEnforcesUniqueness ? 1 : 2), 0);
  return { create, refresh: plan.length, destroy: plan.length };
}
