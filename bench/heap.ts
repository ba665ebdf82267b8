import "../scripts/require-node";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { profileSettings, startDevices } from "../emulator/devices";
import { packageRoot } from "../provider/package-root";
import { type AlonePlan, alonePlan } from "./alone-plans";
import { dynamicProviderHosts } from "./memory";
import { type AlonePhase, noDeviceProvider, providerAlone } from "./provider-only";

/**
 * `node dist/bench/heap.js [--plan spaces|access] [--spaces N] [--latency MS] [--keep DIR] [--mid]`
 * What the provider keeps: the provider-alone run of bench/run.ts, with a heap snapshot of
 * the SDK's dynamic-provider host written after each phase (`--heapsnapshot-signal`; a
 * snapshot collects garbage first, so it holds only what is still referenced), once with the
 * provider and once with a provider that answers without a device. Prints each snapshot's
 * heap by constructor and the difference between the two hosts, phase by phase: what the
 * provider holds that the SDK host alone does not. `--mid` adds a snapshot of the provider's
 * host in the middle of each phase that sends requests (when the device has received half the
 * phase's requests), against the one after it: what the calls still waiting hold.
 */

const SIGNAL = "SIGUSR2";
/** Requests per object a create sends at the least (the middle of a create is taken at half of these). */
const MIN_CREATE_REQUESTS = 1;

interface Options {
  plan: AlonePlan;
  spaces: number;
  latencyMs: number;
  keep?: string;
  mid: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { plan: "spaces", spaces: 10000, latencyMs: 0, mid: false };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1] ?? ""];
    if (flag === "--mid") {
      options.mid = true;
      i--;
    } else if (flag === "--plan" && (value === "spaces" || value === "access"))
      options.plan = value === "access" ? "spaces with access methods" : "spaces";
    else if (flag === "--spaces" && Number.isInteger(Number(value))) options.spaces = Number(value);
    else if (flag === "--latency" && Number.isInteger(Number(value))) options.latencyMs = Number(value);
    else if (flag === "--keep") options.keep = value;
    else
      throw new Error(
        `${flag} ${JSON.stringify(value)}: usage: node dist/bench/heap.js [--plan spaces|access] [--spaces N] ` +
          "[--latency MS] [--keep DIR] [--mid]",
      );
  }
  return options;
}

/** Self size and count per constructor (objects, closures, native objects) or per node type (strings, code, …). */
type ByConstructor = Map<string, { bytes: number; count: number }>;

interface HeapSnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

function byConstructor(file: string): ByConstructor {
  const heap = JSON.parse(fs.readFileSync(file, "utf8")) as HeapSnapshotFile;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const grouped: ByConstructor = new Map();
  for (let n = 0; n < heap.nodes.length; n += fields.length) {
    const type = types[heap.nodes[n + typeAt]];
    const key = ["object", "closure", "native"].includes(type) ? heap.strings[heap.nodes[n + nameAt]] : `(${type})`;
    const entry = grouped.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += heap.nodes[n + sizeAt];
    entry.count++;
    grouped.set(key, entry);
  }
  return grouped;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const total = (heap: ByConstructor) => [...heap.values()].reduce((sum, e) => sum + e.bytes, 0);

function top(heap: ByConstructor, rows: number): string[] {
  return [...heap]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .slice(0, rows)
    .map(([name, e]) => `| ${name} | ${mb(e.bytes)} | ${e.count} |`);
}

/** Provider minus no-device host, by constructor: the largest differences either way. */
function difference(provider: ByConstructor, sdk: ByConstructor, rows: number): string[] {
  const names = new Set([...provider.keys(), ...sdk.keys()]);
  const none = { bytes: 0, count: 0 };
  return [...names]
    .map((name) => {
      const [p, s] = [provider.get(name) ?? none, sdk.get(name) ?? none];
      return { name, bytes: p.bytes - s.bytes, count: p.count - s.count };
    })
    .sort((a, b) => Math.abs(b.bytes) - Math.abs(a.bytes))
    .slice(0, rows)
    .map((d) => `| ${d.name} | ${mb(d.bytes)} | ${d.count} |`);
}

/** Signals the host and waits for its snapshot file (in its working directory) to be whole. */
async function snapshotHost(into: string, label: string): Promise<string> {
  const [pid] = dynamicProviderHosts();
  if (!pid) throw new Error("no dynamic-provider host is running");
  const cwd = packageRoot();
  const ours = (f: string) => f.startsWith("Heap.") && f.includes(`.${pid}.`) && f.endsWith(".heapsnapshot");
  const before = new Set(fs.readdirSync(cwd).filter(ours));
  process.kill(Number(pid), SIGNAL);
  for (let last = -1; ; ) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const written = fs.readdirSync(cwd).find((f) => ours(f) && !before.has(f));
    if (!written) continue;
    const size = fs.statSync(path.join(cwd, written)).size;
    // V8 writes the snapshot in one go and closes it; a size that stopped growing ends with the strings' "]}".
    const tail = size > 2 ? fs.readFileSync(path.join(cwd, written)).subarray(-3).toString().trim() : "";
    if (size === last && tail.endsWith("]}")) {
      const target = path.join(into, `${label}.heapsnapshot`);
      fs.renameSync(path.join(cwd, written), target);
      return target;
    }
    last = size;
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const into = options.keep ?? fs.mkdtempSync(path.join(os.tmpdir(), "cisco-edge-heap-"));
  fs.mkdirSync(into, { recursive: true });
  // Inherited by the host the run spawns; the signal makes it write a snapshot into its working directory.
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --heapsnapshot-signal=${SIGNAL}`.trim();
  const devices = await startDevices({ faults: { latencyMs: options.latencyMs } });
  const config = Object.fromEntries(profileSettings(devices.byProfile).map((s) => [s.key, s.value]));
  const plan = alonePlan(options.plan, options.spaces);
  const heaps = new Map<string, ByConstructor>();
  try {
    for (const [host, provider] of [
      ["provider", undefined],
      ["no-device", noDeviceProvider],
    ] as const) {
      await providerAlone(
        config,
        plan,
        async (phase: AlonePhase, work) => {
          devices.cms.clearRequests();
          const working = work();
          if (options.mid && !provider && phase !== "no-op re-apply") {
            const half = (phase === "create" ? MIN_CREATE_REQUESTS : 1) * Math.floor(plan.length / 2);
            while (devices.cms.requests.length < half) await new Promise((resolve) => setTimeout(resolve, 10));
            const file = await snapshotHost(into, `provider-mid-${phase.replace(/\W+/g, "-")}`);
            heaps.set(`mid|${phase}`, byConstructor(file));
            console.error(`  provider, middle of ${phase}: ${mb(total(heaps.get(`mid|${phase}`) ?? new Map()))} MB`);
            if (!options.keep) fs.rmSync(file);
          }
          await working;
          const file = await snapshotHost(into, `${host}-${phase.replace(/\W+/g, "-")}`);
          heaps.set(`${host}|${phase}`, byConstructor(file));
          console.error(
            `  ${host}, ${phase}: snapshot ${file}, ${mb(total(heaps.get(`${host}|${phase}`) ?? new Map()))} MB`,
          );
          if (!options.keep) fs.rmSync(file);
        },
        provider,
      );
    }
  } finally {
    await devices.close();
  }
  const lines = [
    `# Heap of the SDK host after each phase: ${options.spaces} spaces (${options.plan}), ${plan.length} objects`,
    "",
    `Load average (1 / 5 / 15 min): ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" / ")}. Sizes are V8's self sizes of what is still referenced (a snapshot collects garbage first).`,
  ];
  for (const phase of ["create", "no-op re-apply", "refresh", "destroy"] as const) {
    const provider = heaps.get(`provider|${phase}`);
    const sdk = heaps.get(`no-device|${phase}`);
    if (!provider || !sdk) continue;
    lines.push(
      "",
      `## After ${phase}: provider ${mb(total(provider))} MB, no-device host ${mb(total(sdk))} MB, ` +
        `difference ${mb(total(provider) - total(sdk))} MB`,
      "",
      "| constructor (provider's host) | MB | count |",
      "|---|---:|---:|",
      ...top(provider, 12),
      "",
      "| constructor: provider minus no-device host | MB | count |",
      "|---|---:|---:|",
      ...difference(provider, sdk, 12),
    );
    const mid = heaps.get(`mid|${phase}`);
    if (mid)
      lines.push(
        "",
        `Middle of ${phase} (half its requests received by the device): ${mb(total(mid))} MB; ` +
          `what the calls in flight hold, middle minus after: ${mb(total(mid) - total(provider))} MB`,
        "",
        "| constructor: middle of the phase minus after it | MB | count |",
        "|---|---:|---:|",
        ...difference(mid, provider, 15),
      );
  }
  console.log(lines.join("\n"));
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
