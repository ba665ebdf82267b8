import * as pulumi from "@pulumi/pulumi";
import { DynamicProviderHost } from "../lab/fake-engine/host";
import type { WirePropertyMap } from "../lab/fake-engine/property-map";
import { providerShim } from "../provider/resource";
import { packageRoot } from "../provider/package-root";
import { benchSpace } from "./objects";

/**
 * The provider alone, without a program: the `__provider` text serialized exactly as
 * pulumi.dynamic.Resource does it, driven through the SDK's dynamic-provider host with
 * all creates (then deletes) in flight at once, as the engine's unbounded parallelism
 * would. Separates what the provider costs from what the program and runner cost.
 */
export async function providerOnlySpaces(
  config: Record<string, string>,
  count: number,
): Promise<{ createMs: number; deleteMs: number }> {
  // Exactly what pulumi.dynamic.Resource serializes: a function returning the provider object.
  const provider = providerShim("CmsSpace");
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  const host = await DynamicProviderHost.start({ cwd: packageRoot(), project: "bench" });
  try {
    await host.configure(config);
    const urn = (n: number) => `urn:pulumi:bench::bench::pulumi-nodejs:dynamic/cisco:CmsSpace::space-${n}`;
    let started = process.hrtime.bigint();
    const created = await Promise.all(
      Array.from({ length: count }, async (_, n) => {
        const news: WirePropertyMap = { ...benchSpace(n), __provider: serialized.text };
        const checked = await host.check(urn(n), {}, news);
        return { n, ...(await host.create(urn(n), checked.inputs)) };
      }),
    );
    const createMs = Number(process.hrtime.bigint() - started) / 1e6;
    started = process.hrtime.bigint();
    await Promise.all(created.map((c) => host.delete(urn(c.n), c.id, c.outputs, {})));
    return { createMs, deleteMs: Number(process.hrtime.bigint() - started) / 1e6 };
  } finally {
    await host.close();
  }
}
