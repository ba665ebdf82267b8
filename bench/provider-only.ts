import * as pulumi from "@pulumi/pulumi";
import { DynamicProviderHost } from "../lab/fake-engine/host";
import type { WirePropertyMap } from "../lab/fake-engine/property-map";
import { packageRoot } from "../provider/package-root";
import { providerShim } from "../provider/resource";
import type { PlannedObject } from "./alone-plans";

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
  // Spaces and access methods have a uri, call leg profiles a name: unique in every plan.
  create: async (inputs) => ({ id: `${inputs.uri ?? inputs.name}`, outs: inputs }),
  read: async (id, props) => ({ id, props }),
  delete: async () => undefined,
};

interface Created {
  readonly id: string;
  readonly inputs: WirePropertyMap;
  readonly outputs: WirePropertyMap;
}

/**
 * The provider alone, without a program: the `__provider` text serialized exactly as
 * pulumi.dynamic.Resource does it, driven through the SDK's dynamic-provider host with every
 * call of a phase in flight at once that the plan's references allow, as the engine's
 * unbounded parallelism would: an object is created once the objects it refers to are (its
 * inputs take their ids) and deleted once the objects referring to it are. Separates what the
 * provider costs from what the program and runner cost.
 */
export async function providerAlone(
  config: Record<string, string>,
  plan: readonly PlannedObject[],
  phase: PhaseRunner,
  provider?: pulumi.dynamic.ResourceProvider,
): Promise<void> {
  // Exactly what pulumi.dynamic.Resource serializes: a function returning the provider object (one per kind).
  const serialized = new Map<string, string>();
  for (const kind of new Set(plan.map((o) => o.kind))) {
    const serving = provider ?? providerShim(kind);
    serialized.set(kind, (await pulumi.runtime.serializeFunction(() => serving, { allowSecrets: true })).text);
  }
  const host = await DynamicProviderHost.start({ cwd: packageRoot(), project: "bench" });
  try {
    await host.configure(config);
    const urn = (o: PlannedObject) => `urn:pulumi:bench::bench::pulumi-nodejs:dynamic/cisco:${o.kind}::${o.name}`;
    const created: Created[] = [];
    const inputs = (o: PlannedObject): WirePropertyMap => ({
      ...o.inputs(o.refersTo.map((n) => created[n].id)),
      __provider: serialized.get(o.kind) ?? "",
    });
    const all = async (work: (o: PlannedObject, n: number) => Promise<void>) => {
      await Promise.all(plan.map(work));
    };

    await phase("create", async () => {
      const done: Promise<void>[] = [];
      plan.forEach((o, n) => {
        done[n] = (async () => {
          await Promise.all(o.refersTo.map((r) => done[r]));
          const checked = await host.check(urn(o), {}, inputs(o));
          if (checked.failures.length > 0)
            throw new Error(`${o.name}: check refused ${JSON.stringify(checked.failures)}`);
          created[n] = { inputs: checked.inputs, ...(await host.create(urn(o), checked.inputs)) };
        })();
      });
      await Promise.all(done);
    });
    await phase("no-op re-apply", () =>
      all(async (o, n) => {
        const { id, inputs: olds, outputs } = created[n];
        const checked = await host.check(urn(o), olds, inputs(o));
        const diff = await host.diff(urn(o), id, outputs, olds, checked.inputs);
        if (diff.changes !== "none") throw new Error(`${o.name}: the no-op re-apply planned a change`);
      }),
    );
    await phase("refresh", () =>
      all(async (o, n) => {
        const read = await host.read(urn(o), created[n].id, created[n].outputs, created[n].inputs);
        if (read.id === "") throw new Error(`${o.name}: refresh found it gone`);
      }),
    );
    await phase("destroy", async () => {
      const referrers = plan.map(() => [] as number[]);
      plan.forEach((o, n) => {
        for (const r of o.refersTo) referrers[r].push(n);
      });
      const gone: Promise<void>[] = [];
      const remove = (n: number): Promise<void> => {
        gone[n] ??= (async () => {
          await Promise.all(referrers[n].map(remove));
          await host.delete(urn(plan[n]), created[n].id, created[n].outputs, created[n].inputs);
        })();
        return gone[n];
      };
      await Promise.all(plan.map((_, n) => remove(n)));
    });
  } finally {
    await host.close();
  }
}
