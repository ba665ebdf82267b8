import "../scripts/require-node";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Devices, profileSettings, startDevices } from "../emulator/devices";
import type { EmulatorServer } from "../emulator/server";
import { type Command, runCommand, type StackConfig } from "../lab/fake-engine";
import { DEFAULTS } from "../provider/connection";
import { packageRoot } from "../provider/package-root";
import { quirksOf } from "../emulator/cms/quirks";
import { exportSpaces } from "./export";
import { curlCreateCredentials, curlCreateSpaces, curlDeleteCredentials, curlDeleteSpaces } from "./curl-baseline";
import { dualDomainMinimum } from "./dual-minimum";
import { DUAL_DOMAIN_CONFIG, DUAL_DOMAIN_PROGRAM, GUIDE_RELEASES } from "./dual-stack";
import { benchSpace, benchUserName } from "./objects";
import { DynamicProviderHost } from "../lab/fake-engine/host";
import { HostMemoryProbe } from "./memory";
import { type AlonePlan, alonePlan, planMinimum } from "./alone-plans";
import { type AlonePhase, noDeviceProvider, providerAlone } from "./provider-only";

/**
 * `npm run bench -- [--only dual,scale,alone,alone-access,curl,parallel,export] [--latency MS] [--runs N]
 * [--spaces N[,N...]] [--credentials N] [--access-methods 0|1|2]`
 * Every request to the emulators costs a fixed latency (default 20 ms, as a real device
 * on the LAN). Prints a table of wall time, requests by method against the minimum
 * needed, and the provider process's peak memory; writes it to bench/results.md. Several
 * sizes (`--spaces 1000,10000`) add the growth of the cost per object from the first to the last.
 * It prints; it never fails on speed.
 */

const USAGE =
  "usage: npm run bench -- [--only dual,scale,alone,alone-access,curl,parallel,export] [--latency MS] [--runs N] " +
  "[--spaces N[,N...]] [--credentials N] [--access-methods 0|1|2]";

/** The provider's default requests in flight per device, which the parallel script matches. */
const PROVIDER_CONCURRENCY = DEFAULTS.maxConcurrency;

interface Options {
  /**
   * Scenarios to run (default all): dual, scale, alone (spaces), alone-access (spaces with their two access
   * methods each), curl, parallel, export.
   */
  only: string[];
  latencyMs: number;
  runs: number;
  /** Sizes of the scale and provider-alone runs; the curl scripts use the first. */
  spaces: number[];
  credentials: number;
  /** Access methods per space in the whole-stack scale run (host, then guest). */
  accessMethods: number;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    only: ["dual", "scale", "alone", "alone-access", "curl", "parallel", "export"],
    latencyMs: 20,
    runs: 3,
    spaces: [1000],
    credentials: 200,
    accessMethods: 0,
  };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === "--spaces") {
      options.spaces = (argv[i + 1] ?? "").split(",").map(Number);
      if (options.spaces.some((n) => !Number.isInteger(n) || n < 1))
        throw new Error(`--spaces needs whole numbers separated by commas, got ${JSON.stringify(argv[i + 1])}`);
      continue;
    }
    const value = Number(argv[i + 1]);
    if (argv[i] !== "--only" && (!Number.isInteger(value) || value < 0))
      throw new Error(`${argv[i]} needs a whole number, got ${JSON.stringify(argv[i + 1])}`);
    if (argv[i] === "--only") {
      options.only = argv[i + 1].split(",");
      continue;
    }
    if (argv[i] === "--latency") options.latencyMs = value;
    else if (argv[i] === "--runs") options.runs = Math.max(1, value);
    else if (argv[i] === "--credentials") options.credentials = value;
    else if (argv[i] === "--access-methods") {
      if (value > 2) throw new Error(`--access-methods is 0, 1 (host) or 2 (host and guest), got ${value}`);
      options.accessMethods = value;
    } else throw new Error(`unknown option ${argv[i]}; ${USAGE}`);
  }
  return options;
}

interface Lab extends Devices {
  readonly devices: EmulatorServer[];
  readonly config: Record<string, string>;
}

async function startLab(latencyMs: number): Promise<Lab> {
  const started = await startDevices({ faults: { latencyMs }, ...GUIDE_RELEASES });
  const config = Object.fromEntries(profileSettings(started.byProfile).map((s) => [s.key, s.value]));
  return { ...started, devices: [started.cms, started.expC, started.expE], config };
}

interface Measure {
  ms: number;
  requests: Record<string, number>;
  peakRssMb?: number;
}

function countRequests(devices: readonly EmulatorServer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const device of devices)
    for (const [method, n] of Object.entries(device.countByMethod())) counts[method] = (counts[method] ?? 0) + n;
  return counts;
}

/** Runs one runner command against the lab and measures it from the devices' side. */
async function measure(
  lab: Lab,
  command: Command,
  stack: { statePath: string; program: string; config: StackConfig; stack: string },
  probe?: HostMemoryProbe,
): Promise<Measure> {
  for (const device of lab.devices) device.clearRequests();
  probe?.start();
  const started = process.hrtime.bigint();
  const result = await runCommand(command, {
    projectDir: packageRoot(),
    program: stack.program,
    stack: stack.stack,
    statePath: stack.statePath,
    config: stack.config,
    print: () => undefined,
    // Timed like the figures before `up` previewed first (`pulumi up --skip-preview`).
    skipPreview: true,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const peakRssMb = probe?.stop();
  if (!result.ok) throw new Error(`${command} failed: ${result.errors.join("; ")}`);
  return { ms, requests: countRequests(lab.devices), ...(peakRssMb !== undefined ? { peakRssMb } : {}) };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

interface Row {
  readonly scenario: string;
  readonly phase: string;
  readonly samples: Measure[];
  /** Requests that cannot be avoided: writes, plus natural-key look-ups where the device allows duplicates. */
  readonly minimum: number;
}

function totalRequests(m: Measure): number {
  return Object.values(m.requests).reduce((a, b) => a + b, 0);
}

function stackFor(dir: string, name: string, program: string, config: StackConfig) {
  return { statePath: path.join(dir, `${name}.json`), program: path.join(packageRoot(), program), config, stack: name };
}

/** Resources the runner's state holds besides the stack itself. */
function resourcesInState(statePath: string): number {
  const state = JSON.parse(fs.readFileSync(statePath, "utf8")) as { resources?: { custom?: boolean }[] };
  return (state.resources ?? []).filter((r) => r.custom !== false).length;
}

async function dualDomainRun(options: Options, dir: string, rows: Map<string, Row>): Promise<void> {
  const lab = await startLab(options.latencyMs);
  try {
    const stack = stackFor(dir, `dual-${rows.size}-${Date.now()}`, DUAL_DOMAIN_PROGRAM, {
      ...lab.config,
      ...DUAL_DOMAIN_CONFIG,
    });
    // Minimums reasoned per object in bench/dual-minimum.ts.
    const minimum = dualDomainMinimum;
    const scenario = `dual-domain example (${minimum.objects} objects, CMS ${GUIDE_RELEASES.cmsVersion})`;
    const phases: [string, Command, number][] = [
      ["apply", "up", minimum.apply],
      ["no-op re-apply", "up", 0],
      ["refresh", "refresh", minimum.refresh],
      ["destroy", "destroy", minimum.destroy],
    ];
    for (const [phase, command, least] of phases) {
      addSample(rows, scenario, phase, least, await measure(lab, command, stack));
      // The minimums hold for the example as it was reasoned about: a new resource makes them stale.
      const declared = phase === "apply" ? resourcesInState(stack.statePath) : minimum.objects;
      if (declared !== minimum.objects)
        throw new Error(
          `the example declares ${declared} resources but bench/dual-minimum.ts reasons about ` +
            `${minimum.objects}: bring the minimums up to date`,
        );
    }
  } finally {
    await lab.close();
  }
}

async function scaleRun(
  options: Options,
  spaces: number,
  dir: string,
  rows: Map<string, Row>,
  growth: Growth,
): Promise<{ createMs: number; destroyMs: number }> {
  const lab = await startLab(options.latencyMs);
  const probe = new HostMemoryProbe();
  try {
    const methods = spaces * options.accessMethods;
    const profiles = options.accessMethods;
    const objects = spaces + methods + profiles + options.credentials;
    const scenario =
      options.accessMethods > 0
        ? `${spaces} CmsSpace + ${methods} CmsAccessMethod (+ ${profiles} CmsCallLegProfile) + ` +
          `${options.credentials} ExpresswayCredential`
        : `${spaces} CmsSpace + ${options.credentials} ExpresswayCredential`;
    const stack = stackFor(dir, `scale-${Date.now()}`, "dist/bench/scale-program.js", {
      ...lab.config,
      spaces: String(spaces),
      credentials: String(options.credentials),
      accessMethods: String(options.accessMethods),
      benchPassword: { value: "bench-user-pw", secret: true },
    });
    const phases: [AlonePhase, Command, number][] = [
      // Access methods and call leg profiles are kinds the CMS takes duplicates of: a look-up GET each first.
      ["create", "up", objects + methods + profiles],
      ["no-op re-apply", "up", 0],
      ["refresh", "refresh", objects],
      ["destroy", "destroy", objects],
    ];
    const times: Partial<Record<AlonePhase, number>> = {};
    for (const [phase, command, least] of phases) {
      const sample = await measure(lab, command, stack, probe);
      addSample(rows, scenario, phase, least, sample);
      console.error(
        `  ${scenario}, whole stack, ${phase}: ${seconds(sample.ms)} s, ${totalRequests(sample)} requests, ` +
          `host peak ${sample.peakRssMb?.toFixed(0)} MB`,
      );
      growth.add(WHOLE_STACK, objects, phase, sample);
      times[phase] = sample.ms;
    }
    return { createMs: times.create ?? Number.NaN, destroyMs: times.destroy ?? Number.NaN };
  } finally {
    await lab.close();
  }
}

/**
 * Growth rows: the provider alone and, beside it, the SDK host running the same calls with a
 * provider that needs no device (the SDK's own cost), per provider-alone plan; and the whole stack.
 */
const ALONE: Record<AlonePlan, string> = {
  spaces: "provider alone (SDK host, no program)",
  "spaces with access methods": "provider alone, spaces with access methods (SDK host, no program)",
};
const SDK_ONLY: Record<AlonePlan, string> = {
  spaces: "SDK host with a no-device provider (the SDK's own cost)",
  "spaces with access methods": "SDK host with a no-device provider, spaces with access methods (the SDK's own cost)",
};
const WHOLE_STACK = "whole stack via the lab's fake engine";
/** A growth run and the no-device run it is compared with (what is the provider's own). */
const NO_DEVICE_RUN = new Map((Object.keys(ALONE) as AlonePlan[]).map((plan) => [ALONE[plan], SDK_ONLY[plan]]));

/** "2 CmsCallLegProfile + 1000 CmsSpace + 2000 CmsAccessMethod": the plan's kinds in order, counted. */
function planLabel(kinds: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${kind}`).join(" + ");
}

async function providerOnlyRun(
  options: Options,
  planName: AlonePlan,
  spaces: number,
  rows: Map<string, Row>,
  growth: Growth,
): Promise<{ createMs: number; destroyMs: number }> {
  const lab = await startLab(options.latencyMs);
  const probe = new HostMemoryProbe();
  const times: Partial<Record<AlonePhase, number>> = {};
  const plan = alonePlan(planName, spaces);
  const least: Record<AlonePhase, number> = { ...planMinimum(plan), "no-op re-apply": 0 };
  const label = planLabel(plan.map((o) => o.kind));
  try {
    for (const [run, provider] of [
      [ALONE[planName], undefined],
      [SDK_ONLY[planName], noDeviceProvider],
    ] as const) {
      await providerAlone(
        lab.config,
        plan,
        async (phase, work) => {
          for (const device of lab.devices) device.clearRequests();
          probe.start();
          const started = process.hrtime.bigint();
          await work();
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const sample = { ms, requests: countRequests(lab.devices), peakRssMb: probe.stop() };
          addSample(rows, `${label}, ${run}`, phase, provider ? 0 : least[phase], sample);
          // Each phase as it ends: a long run's figures survive an interruption.
          console.error(
            `  ${label}, ${run}, ${phase}: ${seconds(ms)} s, ${totalRequests(sample)} requests ` +
              `(${methodsText(sample.requests)}), peak ${sample.peakRssMb.toFixed(0)} MB, load average ${loadText()}`,
          );
          growth.add(run, plan.length, phase, sample);
          if (!provider) times[phase] = ms;
        },
        provider,
      );
    }
    for (const collection of ["coSpaces", "callLegProfiles"])
      if (lab.cms.list(collection).length !== 0) throw new Error(`the provider-only run left ${collection} behind`);
    return { createMs: times.create ?? Number.NaN, destroyMs: times.destroy ?? Number.NaN };
  } finally {
    await lab.close();
  }
}

/** "DELETE 3, GET 2" (or "none"). */
function methodsText(requests: Record<string, number>): string {
  const methods = Object.keys(requests).sort();
  return methods.map((m) => `${m} ${requests[m]}`).join(", ") || "none";
}

/** The machine's 1-, 5- and 15-minute load averages: the bench shares the machine. */
function loadText(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
}

/** Samples per run, size and phase, for the cost per object at each size. */
class Growth {
  private readonly samples = new Map<string, Measure[]>();
  private readonly sizes = new Map<string, Set<number>>();

  add(run: string, objects: number, phase: AlonePhase, sample: Measure): void {
    const key = `${run}|${objects}|${phase}`;
    this.samples.set(key, [...(this.samples.get(key) ?? []), sample]);
    this.sizes.set(run, (this.sizes.get(run) ?? new Set()).add(objects));
  }

  /** Median time and peak of a run's phase at a size (undefined when not run). */
  median(run: string, objects: number, phase: AlonePhase): { ms: number; peakMb: number } | undefined {
    const samples = this.samples.get(`${run}|${objects}|${phase}`);
    if (!samples) return undefined;
    return { ms: median(samples.map((s) => s.ms)), peakMb: median(samples.map((s) => s.peakRssMb ?? Number.NaN)) };
  }

  /** The smallest and the largest size a run was measured at, when it was measured at two. */
  span(run: string): [number, number] | undefined {
    const sizes = [...(this.sizes.get(run) ?? [])].sort((x, y) => x - y);
    return sizes.length >= 2 ? [sizes[0], sizes[sizes.length - 1]] : undefined;
  }
}

const PHASES: readonly AlonePhase[] = ["create", "no-op re-apply", "refresh", "destroy"];

/**
 * Cost per object at the smallest and the largest size (growth: target within 1.2×), and memory
 * per 1,000 objects: above the idle host, and above the same host running a provider that
 * answers without a device (what is the provider's own; target at most 50 MB). The marginal
 * figure is the peak's growth from the smallest to the largest size per 1,000 more objects, for
 * the provider, for the no-device host and their difference (the provider's own slope): the
 * fixed growth of V8's heaps under any burst cancels out of it.
 */
function growthSection(growth: Growth, idleMb: number): string[] {
  const lines: string[] = [];
  for (const run of [...NO_DEVICE_RUN.keys(), WHOLE_STACK]) {
    const span = growth.span(run);
    if (!span) continue;
    const [small, large] = span;
    const sdkRun = NO_DEVICE_RUN.get(run);
    lines.push(
      "",
      `## Growth, ${run}: ${small} against ${large} objects`,
      "",
      `| phase | ms per object at ${small} | ms per object at ${large} | growth (target ≤ 1.2×) | ` +
        `peak above idle host per 1,000 objects (MB) at ${small} / ${large} | ` +
        `ours: above the no-device host, per 1,000 objects (MB) at ${small} / ${large} | ` +
        `marginal, per 1,000 more objects from ${small} to ${large} (MB): provider / no-device host / ours |`,
      "|---|---:|---:|---:|---:|---:|---:|",
    );
    for (const phase of PHASES) {
      const at = (n: number) => growth.median(run, n, phase);
      const [s, l] = [at(small), at(large)];
      if (!s || !l) continue;
      const perObject = (m: { ms: number }, n: number) => m.ms / n;
      const perThousand = (mb: number, n: number) => ((mb * 1000) / n).toFixed(1);
      const aboveIdle = (m: { peakMb: number }, n: number) => perThousand(m.peakMb - idleMb, n);
      const sdkAt = (n: number) => (sdkRun ? growth.median(sdkRun, n, phase) : undefined);
      const ours = (m: { peakMb: number }, n: number) => {
        const sdk = sdkAt(n);
        return sdk ? perThousand(m.peakMb - sdk.peakMb, n) : "–";
      };
      const slope = (from: { peakMb: number }, to: { peakMb: number }) =>
        ((to.peakMb - from.peakMb) * 1000) / (large - small);
      const [sdkSmall, sdkLarge] = [sdkAt(small), sdkAt(large)];
      const marginal =
        sdkSmall && sdkLarge
          ? `${slope(s, l).toFixed(1)} / ${slope(sdkSmall, sdkLarge).toFixed(1)} / ` +
            `${(slope(s, l) - slope(sdkSmall, sdkLarge)).toFixed(1)}`
          : `${slope(s, l).toFixed(1)} / – / –`;
      lines.push(
        `| ${phase} | ${perObject(s, small).toFixed(2)} | ${perObject(l, large).toFixed(2)} | ` +
          `${(perObject(l, large) / perObject(s, small)).toFixed(2)}× | ` +
          `${aboveIdle(s, small)} / ${aboveIdle(l, large)} | ` +
          `${ours(s, small)} / ${ours(l, large)} | ${marginal} |`,
      );
    }
  }
  return lines;
}

async function curlRun(
  options: Options,
  rows: Map<string, Row>,
): Promise<{ createMs: number; destroyMs: number; spacesCreateMs: number; spacesDestroyMs: number }> {
  const lab = await startLab(options.latencyMs);
  try {
    const scenario = `curl script: ${options.spaces[0]} spaces + ${options.credentials} credentials`;
    const cms = { url: lab.cms.url, username: lab.cms.username, password: lab.cms.password };
    const expE = { url: lab.expE.url, username: lab.expE.username, password: lab.expE.password };
    const users = Array.from({ length: options.credentials }, (_, n) => ({
      name: benchUserName(n),
      password: "bench-user-pw",
    }));
    for (const device of lab.devices) device.clearRequests();
    const spaces = await curlCreateSpaces(
      cms,
      Array.from({ length: options.spaces[0] }, (_, n) => benchSpace(n)),
    );
    const creds = await curlCreateCredentials(expE, users);
    const create = { ms: spaces.ms + creds.ms, requests: countRequests(lab.devices) };
    addSample(rows, scenario, "create", options.spaces[0] + options.credentials, create);
    for (const device of lab.devices) device.clearRequests();
    const deleted = await curlDeleteSpaces(cms, spaces.ids);
    const deletedCreds = await curlDeleteCredentials(
      expE,
      users.map((u) => u.name),
    );
    const destroy = { ms: deleted.ms + deletedCreds.ms, requests: countRequests(lab.devices) };
    addSample(rows, scenario, "destroy", options.spaces[0] + options.credentials, destroy);
    if (lab.cms.list("coSpaces").length !== 0) throw new Error("the curl script left spaces behind");
    return { createMs: create.ms, destroyMs: destroy.ms, spacesCreateMs: spaces.ms, spacesDestroyMs: deleted.ms };
  } finally {
    await lab.close();
  }
}

interface PeerTimes {
  readonly createMs: number;
  readonly destroyMs: number;
}

/** The same spaces as the provider-alone run, by a script keeping the provider's cap of requests in flight. */
async function parallelCurlRun(options: Options, rows: Map<string, Row>): Promise<PeerTimes> {
  const lab = await startLab(options.latencyMs);
  try {
    const scenario = `curl script, ${PROVIDER_CONCURRENCY} in flight: ${options.spaces[0]} spaces`;
    const cms = { url: lab.cms.url, username: lab.cms.username, password: lab.cms.password };
    const spaces = Array.from({ length: options.spaces[0] }, (_, n) => benchSpace(n));
    for (const device of lab.devices) device.clearRequests();
    const created = await curlCreateSpaces(cms, spaces, PROVIDER_CONCURRENCY);
    addSample(rows, scenario, "create", options.spaces[0], { ms: created.ms, requests: countRequests(lab.devices) });
    if (created.ids.length !== options.spaces[0]) throw new Error(`the parallel script created ${created.ids.length}`);
    for (const device of lab.devices) device.clearRequests();
    const deleted = await curlDeleteSpaces(cms, created.ids, PROVIDER_CONCURRENCY);
    addSample(rows, scenario, "destroy", options.spaces[0], { ms: deleted.ms, requests: countRequests(lab.devices) });
    if (lab.cms.list("coSpaces").length !== 0) throw new Error("the parallel script left spaces behind");
    return { createMs: created.ms, destroyMs: deleted.ms };
  } finally {
    await lab.close();
  }
}

/** `cisco-edge export` of the spaces alone: its minimum is the listing pages plus one read per space. */
async function exportRun(options: Options, rows: Map<string, Row>): Promise<number> {
  const lab = await startLab(options.latencyMs);
  try {
    const figures = await exportSpaces(lab, options.spaces[0]);
    const scenario = `cisco-edge export of ${options.spaces[0]} spaces`;
    addSample(rows, scenario, "export", figures.minimum, { ms: figures.ms, requests: figures.requests });
    return figures.pages;
  } finally {
    await lab.close();
  }
}

function addSample(rows: Map<string, Row>, scenario: string, phase: string, minimum: number, sample: Measure): void {
  const key = `${scenario}|${phase}`;
  const row = rows.get(key) ?? { scenario, phase, samples: [], minimum };
  row.samples.push(sample);
  rows.set(key, row);
}

interface Ratios {
  create: number;
  destroy: number;
  aloneCreate: number;
  aloneDestroy: number;
}

/** The SDK's dynamic-provider host with nothing loaded: the floor under the provider's memory. */
async function idleHostMb(): Promise<number> {
  const probe = new HostMemoryProbe();
  probe.start();
  const host = await DynamicProviderHost.start({ cwd: packageRoot(), project: "bench" });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const mb = probe.stop();
  await host.close();
  return mb;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

function rowLine(row: Row): string {
  const ms = median(row.samples.map((s) => s.ms));
  const sent = median(row.samples.map(totalRequests));
  const methods =
    Object.keys(row.samples[0].requests)
      .sort()
      .map((m) => `${m} ${median(row.samples.map((s) => s.requests[m] ?? 0))}`)
      .join(", ") || "none";
  const ratio = row.minimum === 0 ? `${sent} sent (target: 0)` : (sent / row.minimum).toFixed(2);
  const peaks = row.samples.map((s) => s.peakRssMb).filter((v): v is number => v !== undefined);
  const peak = peaks.length ? median(peaks).toFixed(0) : "–";
  return `| ${row.scenario} | ${row.phase} | ${seconds(ms)} | ${methods} | ${row.minimum} | ${ratio} | ${peak} |`;
}

/**
 * Provider alone and the parallel script against each other and against the limit: with
 * `c` requests in flight and every answer taking `latency`, n requests need at least
 * n × latency ÷ c.
 */
function limitSection(options: Options, alone: readonly PeerTimes[], parallel: readonly PeerTimes[]): string[] {
  if (alone.length === 0 && parallel.length === 0) return [];
  const limitMs = (options.spaces[0] * options.latencyMs) / PROVIDER_CONCURRENCY;
  const times = (peers: readonly PeerTimes[], phase: keyof PeerTimes) =>
    peers.length ? median(peers.map((p) => p[phase])) : Number.NaN;
  const fmt = (ms: number) => (Number.isFinite(ms) ? seconds(ms) : "–");
  const overLimit = (ms: number) => (Number.isFinite(ms) && limitMs > 0 ? `${(ms / limitMs).toFixed(2)}×` : "–");
  const lines = [
    "",
    `## ${options.spaces[0]} spaces, ${PROVIDER_CONCURRENCY} requests in flight: ` +
      "provider alone, parallel script, limit",
    "",
    `Limit = requests × latency ÷ concurrency = ${options.spaces[0]} × ${options.latencyMs} ms ÷ ` +
      `${PROVIDER_CONCURRENCY} = ${fmt(limitMs)} s: nothing that keeps ${PROVIDER_CONCURRENCY} requests in ` +
      "flight against a device answering in that latency finishes sooner. The parallel script runs " +
      `${PROVIDER_CONCURRENCY} sequential lanes of one curl per request at once.`,
    "",
    "| phase | limit (s) | provider alone (s) | alone ÷ limit | parallel script (s) | script ÷ limit | " +
      "script ÷ alone |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const phase of ["createMs", "destroyMs"] as const) {
    const a = times(alone, phase);
    const p = times(parallel, phase);
    const versus = Number.isFinite(a) && Number.isFinite(p) ? (p / a).toFixed(2) : "–";
    const name = phase === "createMs" ? "create (POST)" : "destroy (DELETE)";
    lines.push(`| ${name} | ${fmt(limitMs)} | ${fmt(a)} | ${overLimit(a)} | ${fmt(p)} | ${overLimit(p)} | ${versus} |`);
  }
  return lines;
}

interface Peers {
  readonly alone: readonly PeerTimes[];
  readonly parallel: readonly PeerTimes[];
}

function render(
  options: Options,
  rows: readonly Row[],
  ratios: Ratios,
  peers: Peers,
  idleMb: number,
  growthLines: readonly string[],
): string {
  const lines = [
    "# Benchmark results",
    "",
    `Latency injected per request: ${options.latencyMs} ms. Each figure is the median of ${options.runs} run(s). ` +
      `Machine: ${os.cpus().length} cores, Node ${process.version}. ` +
      `Provider default concurrency cap: ${PROVIDER_CONCURRENCY} requests per device. ` +
      `Load average (1 / 5 / 15 min) when the table was written: ${loadText()}.`,
    "",
    "| scenario | phase | wall time (s) | requests sent (by method) | minimum needed | sent / minimum | " +
      "provider peak RSS (MB) |",
    "|---|---|---:|---|---:|---:|---:|",
    ...rows.map(rowLine),
  ];
  if (Number.isFinite(ratios.create))
    lines.push(
      "",
      "Speed against the sequential curl script (same objects, same latency), whole stack through the fake engine: " +
        `create ${ratios.create.toFixed(1)}× faster, destroy ${ratios.destroy.toFixed(1)}× faster.`,
    );
  if (Number.isFinite(ratios.aloneCreate))
    lines.push(
      "",
      `Provider alone (${options.spaces[0]} spaces through the SDK's dynamic-provider host, no program) against the ` +
        `sequential curl script's ${options.spaces[0]} spaces: create ${ratios.aloneCreate.toFixed(1)}× faster, ` +
        `destroy ${ratios.aloneDestroy.toFixed(1)}× faster.`,
    );
  lines.push(...limitSection(options, peers.alone, peers.parallel));
  lines.push(...growthLines);
  lines.push(
    "",
    '"minimum needed" counts the writes plus the reads that cannot be avoided, reasoned per object in ' +
      "bench/dual-minimum.ts: a collection object the device refuses duplicates of (space, Expressway domain, " +
      "zone, credential) needs 1 POST; one it takes duplicates of (CMS web bridge, TURN server, call matching " +
      "rule) a look-up GET first (adoption contract, no duplicates); a settings object 1 GET to record what " +
      "destroy gives back and 1 PUT where the declared values differ from the device's (DNS servers: 1 more GET, " +
      "1 write per entry); each device with anything to create 1 GET of what it runs (check's read before any " +
      "write, which the release check of versioned fields reads too). Refresh: " +
      "1 GET per object. Destroy: 1 DELETE per collection object, 1 PUT per settings object to restore. A no-op " +
      "re-apply needs no request at all (diff never calls the device). The dual-domain example sends more, all " +
      "GETs: a CMS look-up whose filtered page is empty searches the whole collection (no Cisco document says " +
      "which fields `filter` matches), read once per collection and run (the run's listing), not per look-up; " +
      "DNS settings re-read their server entries before writing them (their " +
      "positions are device indexes, which a list in state does not keep); destroy reads each settings object " +
      "before restoring it, so it writes only what differs on the device by then. Server entries the stack does " +
      "not declare are not read, and TURN settings map the unconfirmed wire names by the keys of the read just " +
      "before. Provider peak RSS is the " +
      "high-water mark (VmHWM) of the SDK's dynamic-provider host process, which runs the provider; that host " +
      `alone, idle with no provider loaded, is ${idleMb.toFixed(0)} MB. V8 grows its heap lazily under a burst of ` +
      'work: `NODE_OPTIONS="--max-old-space-size=80 --max-semi-space-size=2"` on the Pulumi process keeps the ' +
      "1,000-space peak near 180 MB at the cost of ~10% speed (measured once, not part of this table).",
  );
  return `${lines.join("\n")}\n`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cisco-edge-bench-"));
  const rows = new Map<string, Row>();
  const providerTimes: PeerTimes[] = [];
  const aloneTimes: PeerTimes[] = [];
  const parallelTimes: PeerTimes[] = [];
  const curlTimes: { createMs: number; destroyMs: number; spacesCreateMs: number; spacesDestroyMs: number }[] = [];
  const growth = new Growth();
  const { runs, spaces, credentials } = options;
  const first = spaces[0];
  let exportPages: number | undefined;
  for (let run = 1; run <= runs; run++) {
    if (options.only.includes("dual")) {
      console.error(`run ${run}/${runs}: dual-domain example`);
      await dualDomainRun(options, dir, rows);
    }
    // The speed comparisons with the curl scripts are at the first size, which they run.
    for (const size of options.only.includes("scale") ? spaces : []) {
      console.error(`run ${run}/${runs}: ${size} spaces + ${credentials} credentials through the provider`);
      const times = await scaleRun(options, size, dir, rows, growth);
      if (size === first) providerTimes.push(times);
    }
    for (const size of options.only.includes("alone") ? spaces : []) {
      console.error(`run ${run}/${runs}: ${size} spaces through the provider alone, then the SDK host alone`);
      const times = await providerOnlyRun(options, "spaces", size, rows, growth);
      if (size === first) aloneTimes.push(times);
    }
    for (const size of options.only.includes("alone-access") ? spaces : []) {
      console.error(
        `run ${run}/${runs}: ${size} spaces with their access methods through the provider alone, ` +
          "then the SDK host alone",
      );
      await providerOnlyRun(options, "spaces with access methods", size, rows, growth);
    }
    if (options.only.includes("curl")) {
      console.error(`run ${run}/${runs}: ${first} spaces with a sequential curl script`);
      curlTimes.push(await curlRun(options, rows));
    }
    if (options.only.includes("export")) {
      console.error(`run ${run}/${runs}: cisco-edge export of ${first} spaces`);
      exportPages = await exportRun(options, rows);
    }
    if (options.only.includes("parallel")) {
      console.error(`run ${run}/${runs}: ${first} spaces with a curl script, ${PROVIDER_CONCURRENCY} in flight`);
      parallelTimes.push(await parallelCurlRun(options, rows));
    }
  }
  const ratio = (curl: number[], ours: number[]) =>
    curl.length && ours.length ? median(curl) / median(ours) : Number.NaN;
  const ratios: Ratios = {
    create: ratio(
      curlTimes.map((t) => t.createMs),
      providerTimes.map((t) => t.createMs),
    ),
    destroy: ratio(
      curlTimes.map((t) => t.destroyMs),
      providerTimes.map((t) => t.destroyMs),
    ),
    aloneCreate: ratio(
      curlTimes.map((t) => t.spacesCreateMs),
      aloneTimes.map((t) => t.createMs),
    ),
    aloneDestroy: ratio(
      curlTimes.map((t) => t.spacesDestroyMs),
      aloneTimes.map((t) => t.destroyMs),
    ),
  };
  const peers = { alone: aloneTimes, parallel: parallelTimes };
  const idleMb = await idleHostMb();
  const exportNote =
    exportPages === undefined
      ? []
      : [
          "",
          `cisco-edge export of ${first} spaces: its minimum is ${exportPages} listing pages (the emulated CMS ` +
            `pages spaces by ${quirksOf("coSpaces").pageCap}) plus one GET per space, since a list answer carries ` +
            "only name, uri, secondaryUri and callId; the other requests read what the CMS runs (system/status).",
        ];
  const text =
    render(options, [...rows.values()], ratios, peers, idleMb, growthSection(growth, idleMb)) +
    exportNote.map((l) => `${l}\n`).join("");
  fs.writeFileSync(path.join(packageRoot(), "bench", "results.md"), text);
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(text);
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
