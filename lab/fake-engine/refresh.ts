import type { DynamicProviderHost } from "./host";
import { changedKeys } from "./property-map";
import { SILENT, type StepEvents } from "./events";
import type { StepReport } from "./report";
import type { ResourceState, StackState } from "./state";
import { withProvider } from "./property-map";
import { valueChanges } from "./steps";

/**
 * `pulumi refresh`: Read(id, old outputs, old inputs) for every resource in state,
 * concurrently. No id back → the object is gone and leaves the state (the engine's
 * RefreshStep treats a blank id as a delete); different outputs → drift, the state
 * takes the device's values. Nothing is written to any device.
 */

export interface RefreshOutcome {
  readonly state: StackState;
  readonly steps: StepReport[];
  readonly errors: string[];
}

export async function refreshState(
  host: DynamicProviderHost,
  base: StackState,
  events: StepEvents = SILENT,
): Promise<RefreshOutcome> {
  // Indexed like the state, so the report keeps state order whatever order the reads finish in.
  const reported: (StepReport | undefined)[] = [];
  const errors: string[] = [];
  const results = await Promise.all(
    base.resources.map(async (old, index): Promise<ResourceState | undefined> => {
      if (!old.custom) return old;
      const step = { urn: old.urn, name: old.name, type: old.type };
      const began = Date.now();
      const steps = {
        push: (report: StepReport) => {
          reported[index] = { ...report, durationMs: Date.now() - began };
          events.finished(reported[index]);
        },
      };
      try {
        const read = await host.read(old.urn, old.id, withProvider(old.outputs, old.inputs), old.inputs);
        if (!read.id) {
          steps.push({
            ...step,
            action: "delete",
            status: "done",
            id: old.id,
            note: "gone from the device: removed from state",
          });
          return undefined;
        }
        const keys = changedKeys(old.outputs, read.outputs);
        const secretKeys = [...old.secretOutputs, ...old.secretInputs];
        steps.push({
          ...step,
          action: keys.length > 0 ? "drift" : "same",
          status: "done",
          id: read.id,
          ...(keys.length > 0 ? { keys, changes: valueChanges(keys, old.outputs, read.outputs, secretKeys) } : {}),
        });
        const inputs = read.inputs ?? old.inputs;
        const secretOutputs = Object.keys(read.outputs).filter(
          (key) => old.secretOutputs.includes(key) || old.secretInputs.includes(key),
        );
        const secretInputs = Object.keys(inputs).filter((key) => old.secretInputs.includes(key));
        return { ...old, id: read.id, outputs: read.outputs, inputs, secretOutputs, secretInputs };
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        steps.push({ ...step, action: "drift", status: "failed", id: old.id, error: text });
        errors.push(`${old.urn}: read failed: ${text}`);
        return old;
      }
    }),
  );
  return {
    state: { ...base, resources: results.filter((r): r is ResourceState => r !== undefined) },
    steps: reported.filter((r): r is StepReport => r !== undefined),
    errors,
  };
}
