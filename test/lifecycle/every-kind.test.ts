import { type RunResult, runCommand } from "../../lab/fake-engine";
import type { PropertyMap } from "../../provider/described-provider";
import { type Prerequisite, type Scenario, scenarios } from "../support/scenarios";
import { onDevice } from "../support/test-devices";
import { ENGINE_TEST_TIMEOUT_MS, useEngineDevices } from "./engine-devices";
import { clearRequests, requestLines, writes } from "./example-stack";
import { constantFor, inputsExpression } from "./kind-stack";

/**
 * Every kind with a scenario (test/support/scenarios.ts) where a user meets it: its generated
 * class in one program run by the fake engine, every provider call through the SDK's
 * dynamic-provider host over gRPC. A new kind's scenario puts it here too: create, a no-op up
 * with 0 requests, its first update as one write, an out-of-band change shown by refresh and
 * repaired by up, destroy.
 */

const lab = useEngineDevices("fake-engine-every-kind-", { cmsVersion: "2.9" });
const STACK = "every-kind";

/** A scenario's prerequisite in the program: `CmsLdapSource-server`. */
const prerequisiteName = (s: Scenario, p: Prerequisite) => `${s.resource}-${p.field}`;
const prerequisites = scenarios.flatMap((s) => s.prerequisites.map((p) => ({ name: prerequisiteName(s, p), ...p })));

/**
 * The program: one resource per kind, named after it, with the scenario's create inputs (or `inputs`);
 * before it, its prerequisites, whose ids its referring fields take (`server: CmsLdapSource_server.id`).
 */
function program(inputs: (scenario: Scenario) => PropertyMap): string {
  const classes = [...new Set([...scenarios.map((s) => s.resource), ...prerequisites.map((p) => p.resource)])];
  const body = scenarios
    .flatMap((s) => [
      ...s.prerequisites.map((p) => {
        const name = prerequisiteName(s, p);
        return `const ${constantFor(name)} = new ${p.resource}(${JSON.stringify(name)}, ${JSON.stringify(p.create)});`;
      }),
      `new ${s.resource}(${JSON.stringify(s.resource)}, ${inputsExpression(inputs(s), referencesOf(s))});`,
    ])
    .join("\n");
  return lab().program("every-kind", classes, body);
}

/** The scenario's referring fields as program expressions: each its prerequisite's id. */
const referencesOf = (s: Scenario): Record<string, string> =>
  Object.fromEntries(s.prerequisites.map((p) => [p.field, `${constantFor(prerequisiteName(s, p))}.id`]));

const declared = (s: Scenario): PropertyMap => s.create;
const updated = (s: Scenario): PropertyMap => ({ ...s.create, [s.updates[0][0]]: s.updates[0][1] });

async function run(command: "up" | "refresh" | "destroy", inputs: (scenario: Scenario) => PropertyMap) {
  clearRequests(lab().devices);
  const result = await runCommand(command, lab().options(STACK, program(inputs)));
  if (!result.ok) throw new Error(`${command} failed:\n${result.errors.join("\n")}`);
  return result;
}

const stepOf = (result: RunResult, s: Scenario | string) =>
  result.steps.find((step) => step.name === (typeof s === "string" ? s : s.resource));
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
      [...scenarios.map((s) => s.resource), ...prerequisites.map((p) => p.name)].map((name) => `${name}:create`).sort(),
    );
    const ids = Object.fromEntries(scenarios.map((s) => [s.resource, stepOf(created, s)?.id as string]));
    for (const s of scenarios)
      expect(onDevice(lab().devices, s.resource, ids[s.resource], s.create).get()).toMatchObject(s.wire);
    for (const s of scenarios)
      for (const p of s.prerequisites)
        expect({
          [`${s.resource}.${p.field}`]: onDevice(lab().devices, s.resource, ids[s.resource], s.create).get()?.[p.wire],
        }).toEqual({ [`${s.resource}.${p.field}`]: stepOf(created, prerequisiteName(s, p))?.id });

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
