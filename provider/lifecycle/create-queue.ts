import { keyedValues, type ObjectDescription } from "../schema/types";
import type { CreateRequest } from "./index";

/**
 * Look-up-then-create runs one at a time per natural key, device and parent within this provider
 * process. The engine creates a program's resources concurrently, so two resources declaring the
 * same key on a device that takes duplicates would both look up, both find nothing and both POST:
 * two objects where the description promises one. Queued, the second looks up after the first
 * has created, finds it and is refused (or adopts it with `adopt`), as it would in a later run.
 */
const running = new Map<string, Promise<void>>();

export async function oneCreatePerKey<T>(desc: ObjectDescription, request: CreateRequest, create: () => Promise<T>) {
  const key = queueKey(desc, request);
  if (key === undefined) return create();
  const before = running.get(key) ?? Promise.resolve();
  const result = before.then(create);
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  running.set(key, settled);
  try {
    return await result;
  } finally {
    if (running.get(key) === settled) running.delete(key);
  }
}

/** The first natural key that applies, with the device and the parent; none: nothing to queue on. */
function queueKey(desc: ObjectDescription, request: CreateRequest): string | undefined {
  for (const naturalKey of desc.naturalKeys) {
    const keyed = keyedValues(desc, naturalKey, request.values);
    if (!keyed) continue;
    const parent = desc.parent ? request.inputs[desc.parent.field] : undefined;
    return JSON.stringify([request.settings.url, desc.resource, parent ?? null, [...keyed]]);
  }
  return undefined;
}
