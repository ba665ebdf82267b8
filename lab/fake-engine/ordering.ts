import type { ResourceState } from "./state";

/**
 * Deletes a set of resources the way the engine's step executor does: concurrently,
 * but never a resource before everything in the set that depends on it (dependsOn,
 * inputs taken from it, or children of it). If a dependent's delete fails, its
 * dependencies are left alone.
 */

export type DeleteOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: string; readonly skipped: boolean };

export async function deleteInDependencyOrder(
  resources: readonly ResourceState[],
  remove: (resource: ResourceState) => Promise<void>,
): Promise<Map<ResourceState, DeleteOutcome>> {
  const byUrn = new Map<string, ResourceState[]>();
  for (const resource of resources) byUrn.set(resource.urn, [...(byUrn.get(resource.urn) ?? []), resource]);
  const dependents = new Map<ResourceState, ResourceState[]>(resources.map((r) => [r, []]));
  for (const resource of resources) {
    for (const urn of new Set([...resource.dependencies, resource.parent])) {
      for (const dependency of byUrn.get(urn) ?? []) {
        if (dependency !== resource) dependents.get(dependency)?.push(resource);
      }
    }
  }

  const outcomes = new Map<ResourceState, DeleteOutcome>();
  const running = new Map<ResourceState, Promise<DeleteOutcome>>();
  const visiting = new Set<ResourceState>();
  const start = (resource: ResourceState): Promise<DeleteOutcome> => {
    const existing = running.get(resource);
    if (existing) return existing;
    visiting.add(resource);
    // A cycle cannot come from a program (registration order is a DAG); guard anyway.
    const before = (dependents.get(resource) ?? []).filter((d) => !visiting.has(d) || running.has(d));
    const promise = (async (): Promise<DeleteOutcome> => {
      const results = await Promise.all(before.map(start));
      const blocked = results.find((r) => !r.ok);
      if (blocked)
        return { ok: false, error: "not deleted: a resource that depends on it could not be deleted", skipped: true };
      try {
        await remove(resource);
        return { ok: true };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error), skipped: false };
      }
    })();
    running.set(resource, promise);
    promise.then((outcome) => outcomes.set(resource, outcome));
    return promise;
  };
  await Promise.all(resources.map(start));
  for (const resource of resources) outcomes.set(resource, await (running.get(resource) as Promise<DeleteOutcome>));
  return outcomes;
}
