import type { DynamicProviderHost } from "./host";
import { deleteInDependencyOrder } from "./ordering";
import { SILENT, type StepEvents } from "./events";
import type { StepReport } from "./report";
import type { ResourceState, StackState } from "./state";
import { withProvider } from "./steps";

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
  checkpoint: (state: StackState) => void,
  events: StepEvents = SILENT,
): Promise<DestroyOutcome> {
  const took = new Map<ResourceState, number>();
  const remaining = new Set<ResourceState>(base.resources);
  const current = (): StackState => {
    const resources = base.resources.filter((r) => remaining.has(r));
    return { ...base, resources, ...(resources.length === 0 ? { outputs: {}, secretOutputs: [] } : {}) };
  };
  const outcomes = await deleteInDependencyOrder(base.resources, async (resource) => {
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
    remaining.delete(resource);
    checkpoint(current());
  });
  const steps: StepReport[] = [];
  const errors: string[] = [];
  // In the order the deletes finished.
  for (const [resource, outcome] of outcomes) {
    if (!resource.custom) continue;
    const note = resource.options.retainOnDelete ? "retained on the device (retainOnDelete)" : undefined;
    const durationMs = took.get(resource);
    const step: StepReport = {
      urn: resource.urn,
      name: resource.name,
      type: resource.type,
      action: "delete",
      status: outcome.ok ? "done" : outcome.skipped ? "skipped" : "failed",
      id: resource.id,
      ...(durationMs !== undefined ? { durationMs } : {}),
      ...(note ? { note } : {}),
      ...(outcome.ok ? {} : { error: outcome.error }),
    };
    steps.push(step);
    events.finished(step);
    if (!outcome.ok) errors.push(`${resource.urn}: delete failed: ${outcome.error}`);
  }
  return { state: current(), steps, errors };
}
