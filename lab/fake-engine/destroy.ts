import type { DynamicProviderHost } from "./host";
import { deleteInDependencyOrder } from "./ordering";
import { SILENT, type StepEvents } from "./events";
import type { StepReport } from "./report";
import type { ResourceState, StackState } from "./state";
import { withProvider } from "./property-map";

/**
 * `pulumi destroy`: the program is not run. Every resource in state is deleted with
 * the `__provider` stored in its outputs, dependents first, concurrently otherwise.
 * The state is saved after each delete; what failed stays in it.
 */

export interface DestroyOutcome {
  readonly state: StackState;
  readonly steps: StepReport[];
  readonly errors: string[];
}

export async function destroyState(
  host: DynamicProviderHost,
  base: StackState,
  checkpoint: (state: () => StackState) => void,
  events: StepEvents = SILENT,
): Promise<DestroyOutcome> {
  const remaining = new Set<ResourceState>(base.resources);
  const current = (): StackState => {
    const resources = base.resources.filter((r) => remaining.has(r));
    return { ...base, resources, ...(resources.length === 0 ? { outputs: {}, secretOutputs: [] } : {}) };
  };
  const steps: StepReport[] = [];
  const errors = await deleteSteps(host, base.resources, events, {
    gone: (resource) => {
      remaining.delete(resource);
      checkpoint(current);
    },
    report: (step) => {
      steps.push(step);
      events.finished(step);
    },
  });
  return { state: current(), steps, errors };
}

/**
 * The engine's delete steps for these resources: dependents first, concurrently
 * otherwise, each announced and timed; a protected resource fails and `retainOnDelete`
 * leaves the object on the device. `gone` runs as each leaves state; `report` gets one
 * step per custom resource, in the order the deletes finished. Returns the errors.
 */
export async function deleteSteps(
  host: DynamicProviderHost,
  resources: readonly ResourceState[],
  events: StepEvents,
  on: { readonly gone: (resource: ResourceState) => void; readonly report: (step: StepReport) => void },
): Promise<string[]> {
  const took = new Map<ResourceState, number>();
  const outcomes = await deleteInDependencyOrder(resources, async (resource) => {
    const began = Date.now();
    if (resource.custom) events.started({ type: resource.type, name: resource.name, action: "delete" });
    try {
      if (resource.custom && resource.options.protect)
        throw new Error("the resource is protected (protect: true): unprotect it first");
      if (resource.custom && !resource.options.retainOnDelete) {
        await host.delete(resource.urn, resource.id, withProvider(resource.outputs, resource.inputs), resource.inputs);
      }
    } finally {
      took.set(resource, Date.now() - began);
    }
    on.gone(resource);
  });
  const errors: string[] = [];
  for (const [resource, outcome] of outcomes) {
    if (!resource.custom) continue;
    const note = resource.options.retainOnDelete
      ? "retained on the device (retainOnDelete)"
      : resource.pendingDelete
        ? "old copy of a replaced resource"
        : undefined;
    const durationMs = took.get(resource);
    on.report({
      urn: resource.urn,
      name: resource.name,
      type: resource.type,
      action: "delete",
      status: outcome.ok ? "done" : outcome.skipped ? "skipped" : "failed",
      id: resource.id,
      ...(durationMs !== undefined ? { durationMs } : {}),
      ...(note ? { note } : {}),
      ...(outcome.ok ? {} : { error: outcome.error }),
    });
    if (!outcome.ok) errors.push(`${resource.urn}: delete failed: ${outcome.error}`);
  }
  return errors;
}
