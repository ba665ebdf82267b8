import * as pulumi from "@pulumi/pulumi";
import { DynamicProviderHost } from "../lab/fake-engine/host";
import type { WirePropertyMap } from "../lab/fake-engine/property-map";
import { packageRoot } from "../provider/package-root";
import { providerShim } from "../provider/resource";
import { benchSpace } from "./objects";

/** The phases of a stack's life, as the engine drives them: create, a no-op re-apply, refresh, destroy. */
export type AlonePhase = "create" | "no-op re-apply" | "refresh" | "destroy";

/** Runs one phase's calls; the caller times it, counts the requests and samples memory around it. */
export type PhaseRunner = (phase: AlonePhase, work: () => Promise<void>) => Promise<void>;

/**
 * A provider that answers every call at once without a device: the SDK host's own cost of
 * the same calls, subtracted from the real provider's to show what is ours.
 */
export const noDeviceProvider: pulumi.dynamic.ResourceProvider = {
  check: async (_olds, news) => ({ inputs: news }),
  diff: async () => ({ changes: false }),
  create: async (inputs) => ({ id: `${inputs.uri}`, outs: inputs }),
  read: async (id, props) => ({ id, props }),
  delete: async () => undefined,
};

/**
 * The provider alone, without a program: the `__provider` text serialized exactly as
 * pulumi.dynamic.Resource does it, driven through the SDK's dynamic-provider host with
 * all calls of a phase in flight at once, as the engine's unbounded parallelism would.
 * Separates what the provider costs from what the program and runner cost.
 */
export async function providerOnlySpaces(
  config: Record<string, string>,
  count: number,
  phase: PhaseRunner,
  provider: pulumi.dynamic.ResourceProvider = providerShim("CmsSpace"),
): Promise<void> {
  // Exactly what pulumi.dynamic.Resource serializes: a function returning the provider object.
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  const host = await DynamicProviderHost.start({ cwd: packageRoot(), project: "bench" });
  try {
    await host.configure(config);
    const urn = (n: number) => `urn:pulumi:bench::bench::pulumi-nodejs:dynamic/cisco:CmsSpace::space-${n}`;
    const inputs = (n: number): WirePropertyMap => ({ ...benchSpace(n), __provider: serialized.text });
    const all = <T>(work: (n: number) => Promise<T>) => Promise.all(Array.from({ length: count }, (_, n) => work(n)));
    let created: { id: string; inputs: WirePropertyMap; outputs: WirePropertyMap }[] = [];
    await phase("create", async () => {
      created = await all(async (n) => {
        const checked = await host.check(urn(n), {}, inputs(n));
        return { inputs: checked.inputs, ...(await host.create(urn(n), checked.inputs)) };
      });
    });
    await phase("no-op re-apply", async () => {
      await all(async (n) => {
        const { id, inputs: olds, outputs } = created[n];
        const checked = await host.check(urn(n), olds, inputs(n));
        const diff = await host.diff(urn(n), id, outputs, olds, checked.inputs);
        if (diff.changes !== "none") throw new Error(`space-${n}: the no-op re-apply planned a change`);
      });
    });
    await phase("refresh", async () => {
      await all(async (n) => {
        const read = await host.read(urn(n), created[n].id, created[n].outputs, created[n].inputs);
        if (read.id === "") throw new Error(`space-${n}: refresh found it gone`);
      });
    });
    await phase("destroy", async () => {
      await all((n) => host.delete(urn(n), created[n].id, created[n].outputs, created[n].inputs));
    });
  } finally {
    await host.close();
  }
}
