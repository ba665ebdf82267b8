import { FAULT_KINDS, type FaultRule } from "../../emulator/faults";
import type { PropertyMap } from "../../provider/described-provider";
import { descriptionFor } from "../../provider/schema";
import { onDevice, provider, startTestDevices, type TestDevices } from "../support/test-devices";
import { install, SETTINGS, type Snapshot, snapshot } from "./settings-objects";

/**
 * Soak: 200 objects of every kind (the seven collections and each device-wide settings
 * object once per device it applies to) applied and destroyed with 10% of requests failing
 * in every way the emulators can fail, for several seeds. Like a user re-running `pulumi up`
 * after a failed run, each phase repeats until nothing is left to do (bounded). Afterwards
 * the devices hold exactly the declared objects and settings, then no objects and every
 * setting as it was before: no duplicates, no orphans, state equal to device.
 */

interface Declared {
  readonly key: string;
  readonly resource: string;
  readonly inputs: PropertyMap;
}

function declare(): Declared[] {
  const out: Declared[] = [];
  const add = (resource: string, count: number, make: (i: number) => PropertyMap) => {
    for (let i = 0; i < count; i++) out.push({ key: `${resource}-${i}`, resource, inputs: make(i) });
  };
  add("CmsSpace", 50, (i) => ({
    name: `Room ${i}`,
    uri: `room${i}`,
    callId: String(700000 + i),
    passcode: String(1000 + i),
  }));
  add("CmsTurnServer", 18, (i) => ({
    serverAddress: `172.16.90.${i + 1}`,
    clientAddress: `10.88.247.${i + 1}`,
    username: "turnuser",
    password: `turn-${i}-secret`,
    type: "expressway",
  }));
  add("CmsCallMatch", 36, (i) => ({ domain: `site${i}.octavio.com`, priority: i }));
  add("ExpresswayDomain", 30, (i) => ({ name: `site${i}.octavio.local` }));
  add("ExpresswayCredential", 40, (i) => ({
    name: `user${i}`,
    password: `cred-${i}-secret`,
    profile: i % 2 ? "expresswayC" : "expresswayE",
  }));
  add("ExpresswayZone", 10, (i) =>
    i % 2
      ? {
          side: "server",
          name: `Zone ${i}`,
          authenticationUsername: `user${i}`,
          tlsVerifySubjectName: "vcsc.octavio.local",
        }
      : {
          side: "client",
          name: `Zone ${i}`,
          peerAddresses: ["vcse.octavio.com"],
          authenticationUsername: `user${i}`,
          authenticationPassword: `zone-${i}-secret`,
        },
  );
  // CMS 2.x web bridges (https://), the guest-access settings varied so defaults and changes both occur.
  add("CmsWebBridge", 10, (i) => ({
    url: `https://wb${i}.octavio.local${i % 2 ? ":8443" : ""}`,
    idEntryMode: ["secure", "legacy", "disabled"][i % 3],
    ...(i % 2 ? { allowWeblinkAccess: false } : {}),
  }));
  for (const [i, c] of SETTINGS.entries())
    out.push({ key: `${c.resource}-${c.device}-${i}`, resource: c.resource, inputs: c.inputs });
  if (out.length !== 200) throw new Error(`the soak declares ${out.length} objects, not 200`);
  return out;
}

/** 10% of all requests get a fault, spread over every failure kind. */
function faultRules(): FaultRule[] {
  // A definite refusal is the device saying no, not a fault a later pass outlasts by design.
  const kinds = FAULT_KINDS.filter((kind) => kind !== "latency" && kind !== "refuse400");
  const share = 0.1 / kinds.length;
  return kinds.map((kind) => ({
    kind,
    rate: share,
    ...(kind === "stall" ? { ms: 5_000 } : {}),
    ...(kind === "throttle" ? { retryAfterSeconds: 0 } : {}),
  }));
}

/** Each phase must converge within this many runs (issue 11). */
const MAX_PASSES = 3;

async function soak(
  seed: number,
): Promise<{ applyPasses: number; destroyPasses: number; failures: number; faults: number; reasons: string[] }> {
  const devices: TestDevices = await startTestDevices({
    // CMS 2.x: XMPP settings exist (3.0 removed them) and web bridges take https:// urls.
    cmsVersion: "2.9",
    // 3 s: still well under the 5 s stall fault, so stalls time out; but a loaded CI machine
    // (2 cores, lifecycle suites running beside this one) does not time out healthy answers,
    // which with 1 s turned into extra passes on seed 37 under the full suite.
    extraConfig: Object.fromEntries(
      ["cms", "expresswayC", "expresswayE"].flatMap((p) => [[`${p}:timeoutSeconds`, "3"]]),
    ),
  });
  // The settings each device holds before the soak, as its GET shows them (no fault armed yet).
  const found = new Map<(typeof SETTINGS)[number], Snapshot>();
  for (const c of SETTINGS) {
    await install(devices, c);
    found.set(c, await snapshot(devices, c));
  }
  for (const device of [devices.cms, devices.expC, devices.expE]) device.faults.set({ rules: faultRules(), seed });
  const declared = declare();
  const state = new Map<string, { id: string; outs: PropertyMap; initErrors?: boolean }>();
  let failures = 0;
  const reasons = new Map<string, number>();
  const lastError = new Map<string, string>();
  const note = (error: unknown) => {
    const reason = String((error as Error).message)
      .replace(/http:\/\/127\.0\.0\.1:\d+/g, "<device>")
      .replace(/"[^"]*"/g, '"…"')
      .slice(0, 120);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  };
  try {
    let applyPasses = 0;
    const unsettled = () => declared.filter((d) => !state.has(d.key) || state.get(d.key)?.initErrors);
    while (unsettled().length > 0 && applyPasses < MAX_PASSES) {
      applyPasses++;
      await Promise.all(
        unsettled().map(async (d) => {
          const p = provider(d.resource);
          const { inputs, failures: problems } = await p.check({}, d.inputs);
          expect(problems).toEqual([]);
          const old = state.get(d.key);
          try {
            // As the engine does: a resource left with init errors is updated, not created again.
            if (old) state.set(d.key, { id: old.id, outs: (await p.update(old.id, old.outs, inputs)).outs });
            else state.set(d.key, await p.create(inputs));
          } catch (error) {
            failures++;
            note(error);
            lastError.set(d.key, (error as Error).message);
            const partial = error as { id?: string; properties?: PropertyMap };
            if (partial.id) {
              state.set(d.key, { id: partial.id, outs: partial.properties ?? {}, initErrors: true });
            }
          }
        }),
      );
    }
    expect(unsettled().map((d) => `${d.key}: ${lastError.get(d.key)}`)).toEqual([]);
    expect(state.size).toBe(declared.length);
    devices.cms.faults.clear();
    devices.expC.faults.clear();
    devices.expE.faults.clear();

    // Exactly the declared objects: one per declaration, each where state says it is.
    const counts = (resource: string) => declared.filter((d) => d.resource === resource).length;
    expect(devices.cms.list("coSpaces")).toHaveLength(counts("CmsSpace"));
    expect(devices.cms.list("turnServers")).toHaveLength(counts("CmsTurnServer"));
    expect(devices.cms.list("inboundDialPlanRules")).toHaveLength(counts("CmsCallMatch"));
    expect(devices.expC.list("common/domain")).toHaveLength(counts("ExpresswayDomain"));
    expect(devices.expC.list("common/credential").length + devices.expE.list("common/credential").length).toBe(
      counts("ExpresswayCredential"),
    );
    expect(
      devices.expC.list("controller/zone/unifiedcommunicationstraversal").length +
        devices.expE.list("edge/zone/unifiedcommunicationstraversal").length,
    ).toBe(counts("ExpresswayZone"));
    expect(devices.cms.list("webBridges")).toHaveLength(counts("CmsWebBridge"));
    // Settings: the declared values on the device, every other field as the device had it.
    for (const c of SETTINGS) {
      const label = `${c.resource} on ${c.device}`;
      expect({ [label]: await snapshot(devices, c) }).toEqual({ [label]: { ...found.get(c), ...c.declaredWire } });
    }
    for (const d of declared) {
      const entry = state.get(d.key) as { id: string; outs: PropertyMap };
      const deviceId = typeof entry.outs.deviceId === "string" ? entry.outs.deviceId : entry.id;
      if (descriptionFor(d.resource).lifecycle !== "singleton")
        expect(onDevice(devices, d.resource, deviceId, entry.outs).get()).toBeDefined();
      const read = await provider(d.resource).read(entry.id, entry.outs);
      const diff = await provider(d.resource).diff(
        entry.id,
        read.props as PropertyMap,
        (await provider(d.resource).check({}, d.inputs)).inputs,
      );
      expect(diff.changes).toBe(false);
    }
    const faults = [devices.cms, devices.expC, devices.expE].reduce(
      (n, dev) =>
        n +
        dev.requests.filter((r) => typeof r.outcome !== "number" || [401, 404, 429, 500, 503].includes(r.outcome))
          .length,
      0,
    );

    devices.cms.faults.set({ rules: faultRules(), seed: seed + 1000 });
    devices.expC.faults.set({ rules: faultRules(), seed: seed + 2000 });
    devices.expE.faults.set({ rules: faultRules(), seed: seed + 3000 });
    let destroyPasses = 0;
    while (state.size > 0 && destroyPasses < MAX_PASSES) {
      destroyPasses++;
      await Promise.all(
        [...state.entries()].map(async ([key, entry]) => {
          const d = declared.find((x) => x.key === key) as Declared;
          try {
            await provider(d.resource).delete(entry.id, entry.outs);
            state.delete(key);
          } catch (error) {
            failures++;
            note(error);
          }
        }),
      );
    }
    expect(state.size).toBe(0);
    expect(devices.cms.list("coSpaces")).toHaveLength(0);
    expect(devices.cms.list("turnServers")).toHaveLength(0);
    expect(devices.cms.list("inboundDialPlanRules")).toHaveLength(0);
    for (const dev of [devices.expC, devices.expE]) expect(dev.list("common/credential")).toHaveLength(0);
    expect(devices.expC.list("common/domain")).toHaveLength(0);
    expect(devices.expC.list("controller/zone/unifiedcommunicationstraversal")).toHaveLength(0);
    expect(devices.expE.list("edge/zone/unifiedcommunicationstraversal")).toHaveLength(0);
    expect(devices.cms.list("webBridges")).toHaveLength(0);
    // Every setting exactly as the device had it before the soak.
    for (const device of [devices.cms, devices.expC, devices.expE]) device.faults.clear();
    for (const c of SETTINGS) {
      const label = `${c.resource} on ${c.device}`;
      expect({ [label]: await snapshot(devices, c) }).toEqual({ [label]: found.get(c) });
    }
    return { applyPasses, destroyPasses, failures, faults, reasons: [...reasons].map(([r, n]) => `${n}× ${r}`) };
  } finally {
    await devices.close();
  }
}

/**
 * `npm run soak -- --seeds N` sets SOAK_SEEDS (scripts/soak.js); `npm test` runs three. Seed 9
 * fails a settings create after its first write (in the runs seen here: requests run
 * concurrently, so the order faults fall in can vary), so `npm test` covers restoring what
 * such a create found.
 */
const SEEDS = process.env.SOAK_SEEDS ? process.env.SOAK_SEEDS.split(",").map(Number) : [9, 23, 37];

describe("soak: 200 objects of every kind, 10% faults of every kind", () => {
  test.each(SEEDS)(
    "seed %i: apply then destroy converge with no duplicates and no orphans",
    async (seed) => {
      const result = await soak(seed);
      // Faults really happened, and the runs still converged within the pass bound.
      expect(result.faults).toBeGreaterThan(10);
      console.log(
        `soak seed ${seed}: ${result.faults} faults injected during apply, ` +
          `${result.failures} failed operations retried by later passes, ` +
          `apply passes ${result.applyPasses}, destroy passes ${result.destroyPasses}\n` +
          `  ${result.reasons.join("\n  ")}`,
      );
    },
    240_000,
  );
});
