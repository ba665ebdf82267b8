import { type RunResult, runCommand } from "../../lab/fake-engine";
import type { PropertyMap } from "../../provider/described-provider";
import { type Scenario, scenarios } from "../support/scenarios";
import { onDevice } from "../support/test-devices";
import { ENGINE_TEST_TIMEOUT_MS, useEngineDevices } from "./engine-devices";
import { clearRequests, requestLines, writes } from "./example-stack";

/**
 * Every kind with a scenario (test/support/scenarios.ts) where a user meets it: its generated
 * class in one program run by the fake engine, every provider call through the SDK's
 * dynamic-provider host over gRPC. A new kind's scenario puts it here too: create, a no-op up
 * with 0 requests, its first update as one write, an out-of-band change shown by refresh and
 * repaired by up, destroy.
 */

const lab = useEngineDevices("fake-engine-every-kind-", { cmsVersion: "2.9" });
const STACK = "every-kind";

/** The program: one resource per kind, named after it, with the scenario's create inputs (or `inputs`). */
function program(inputs: (scenario: Scenario) => PropertyMap): string {
  const classes = scenarios.map((s) => s.resource);
  const body = scenarios
    .map((s) => `new ${s.resource}(${JSON.stringify(s.resource)}, ${JSON.stringify(inputs(s))});`)
    .join("\n");
  return lab().program("every-kind", classes, body);
}

const declared = (s: Scenario): PropertyMap => s.create;
const updated = (s: Scenario): PropertyMap => ({ ...s.create, [s.updates[0][0]]: s.updates[0][1] });

async function run(command: "up" | "refresh" | "destroy", inputs: (scenario: Scenario) => PropertyMap) {
  clearRequests(lab().devices);
  const result = await runCommand(command, lab().options(STACK, program(inputs)));
  if (!result.ok) throw new Error(`${command} failed:\n${result.errors.join("\n")}`);
  return result;
}

const stepOf = (result: RunResult, s: Scenario) => result.steps.find((step) => step.name === s.resource);
const writeLines = () => writes(lab().devices).map((r) => `${r.method} ${r.path}`);

/** Whether the scenario's out-of-band change can be seen at all (a write-only value cannot). */
function driftShows(s: Scenario): boolean {
  return JSON.stringify(s.drift.value) !== JSON.stringify(updated(s)[s.drift.field]);
}

test(
  "every kind with a scenario: create, no-op with 0 requests, one-field update, drift shown and repaired, destroy",
  async () => {
    const created = await run("up", declared);
    expect(created.steps.map((step) => `${step.name}:${step.action}`).sort()).toEqual(
      scenarios.map((s) => `${s.resource}:create`).sort(),
    );
    const ids = Object.fromEntries(scenarios.map((s) => [s.resource, stepOf(created, s)?.id as string]));
    for (const s of scenarios)
      expect(onDevice(lab().devices, s.resource, ids[s.resource], s.create).get()).toMatchObject(s.wire);

    const again = await run("up", declared);
    expect(again.steps.filter((step) => step.action !== "same")).toEqual([]);
    expect(requestLines(lab().devices)).toEqual([]);

    const changed = await run("up", updated);
    for (const s of scenarios)
      expect({ [s.resource]: stepOf(changed, s) }).toMatchObject({
        [s.resource]: { action: "update", keys: [s.updates[0][0]] },
      });
    expect(writeLines()).toHaveLength(scenarios.length);
    for (const s of scenarios) {
      const [, , wire, wireValue] = s.updates[0];
      expect({ [s.resource]: onDevice(lab().devices, s.resource, ids[s.resource], updated(s)).get()?.[wire] }).toEqual({
        [s.resource]: wireValue,
      });
    }

    for (const s of scenarios) onDevice(lab().devices, s.resource, ids[s.resource], updated(s)).patch(s.drift.wire);
    const refreshed = await run("refresh", updated);
    for (const s of scenarios) {
      const step = stepOf(refreshed, s);
      if (driftShows(s))
        expect({ [s.resource]: step?.action, keys: step?.keys }).toEqual({
          [s.resource]: "drift",
          keys: [s.drift.field],
        });
      else expect({ [s.resource]: step?.action }).toEqual({ [s.resource]: "same" });
    }
    expect(writeLines()).toEqual([]);

    const repaired = await run("up", updated);
    const drifted = scenarios.filter(driftShows);
    expect(
      repaired.steps
        .filter((step) => step.action !== "same")
        .map((step) => `${step.name}:${step.action}`)
        .sort(),
    ).toEqual(drifted.map((s) => `${s.resource}:update`).sort());
    expect(writeLines()).toHaveLength(drifted.length);
    for (const s of drifted) {
      const [field, , , wireValue] = s.updates[0];
      const [driftWire] = Object.keys(s.drift.wire);
      const expected = field === s.drift.field ? wireValue : s.wire[driftWire];
      expect({
        [s.resource]: onDevice(lab().devices, s.resource, ids[s.resource], updated(s)).get()?.[driftWire],
      }).toEqual({
        [s.resource]: expected,
      });
    }

    await run("destroy", updated);
    for (const s of scenarios)
      expect({ [s.resource]: onDevice(lab().devices, s.resource, ids[s.resource], updated(s)).count() }).toEqual({
        [s.resource]: 0,
      });
  },
  ENGINE_TEST_TIMEOUT_MS,
);
