import * as fs from "node:fs";
import * as path from "node:path";
import { type Devices, profileSettings } from "../../emulator/devices";
import { type FakeEngineOptions, type RunResult, runCommand } from "../../lab/fake-engine";
import { configFromSettings } from "../../lab/stack/config";
import { deviceProfilesFrom } from "../../provider/connection";
import { getExpresswayTurnStatus } from "../../provider/status";
import { ROOT } from "./example-stack";
import { useEngineDevices } from "./engine-devices";

/**
 * Issue 18 item 4 where the user meets it: the generated ExpresswayTurn class in a program run
 * by the engine. A port change while TURN services are On is named in preview and after up,
 * left held (the Expressway-E keeps listening on the old port), and restarted only once the
 * program sets restartServicesOnChange.
 */

// Each step runs the program and the provider host in processes of their own: no wall-clock
// limit holds on a loaded machine, so the ceiling is wide.
jest.setTimeout(600_000);

const lab = useEngineDevices("fake-engine-turn-restart-");
let devices: Devices;
let dir: string;
beforeAll(() => {
  ({ devices, dir } = lab());
  fs.writeFileSync(
    path.join(dir, "turn.js"),
    `const pulumi = require(${JSON.stringify(require.resolve("@pulumi/pulumi"))});\n` +
      `const { ExpresswayTurn } = require(${JSON.stringify(path.join(ROOT, "dist", "provider"))});\n` +
      "const config = new pulumi.Config();\n" +
      'const turn = new ExpresswayTurn("turn", { services: true, requestsPort: config.requireNumber("turnPort"), ' +
      'restartServicesOnChange: config.getBoolean("restartTurn") });\n' +
      "exports.awaitingRestart = turn.awaitingRestart;\n",
  );
});

const run = (command: "up" | "preview", turnPort: number, restartTurn?: boolean): Promise<RunResult> => {
  const options: FakeEngineOptions = {
    projectDir: ROOT,
    program: path.join(dir, "turn.js"),
    stack: "turn-restart",
    statePath: path.join(dir, "state.json"),
    config: {
      ...configFromSettings(profileSettings(devices.byProfile)),
      turnPort: String(turnPort),
      ...(restartTurn === undefined ? {} : { restartTurn: String(restartTurn) }),
    },
    print: () => undefined,
  };
  return runCommand(command, options);
};

const text = (result: RunResult) => result.printed.join("\n");
const portInEffect = async () => {
  const settings = Object.fromEntries(profileSettings(devices.byProfile).map((s) => [s.key, s.value]));
  const expE = deviceProfilesFrom({ get: (key) => settings[key] }).resolve("expresswayE");
  return (await getExpresswayTurnStatus(expE)).requestsPort;
};
const turnPuts = () =>
  devices.expE.requests.filter((r) => r.method === "PUT" && r.path.endsWith("edge/traversal/turn")).map((r) => r.body);

test("held until restart: preview and up say so; restartServicesOnChange lets up restart it", async () => {
  const created = await run("up", 3478);
  expect(created.errors).toEqual([]);
  expect(await portInEffect()).toBe(3478);

  const planned = await run("preview", 3479);
  expect(planned.ok).toBe(true);
  expect(text(planned)).toContain(
    "ExpresswayTurn: requestsPort take effect only when TURN services restart (Off, then On; admin guide X14.2), " +
      "and up will not restart them. Set restartServicesOnChange: true",
  );

  devices.expE.clearRequests();
  const held = await run("up", 3479);
  expect(held.ok).toBe(true);
  expect(held.steps.map((s) => [s.name, s.action])).toEqual([["turn", "update"]]);
  expect(text(held)).toContain("but the device applies the change only when TURN services restart");
  expect(held.outputs.awaitingRestart).toEqual(["requestsPort"]);
  expect(turnPuts()).toEqual([JSON.stringify({ RequestsPort: 3479 })]);
  expect(await portInEffect()).toBe(3478);

  // Nothing else to change: still said, still no restart.
  const again = await run("preview", 3479);
  expect(again.steps.map((s) => s.action)).toEqual(["same"]);
  expect(text(again)).toContain("ExpresswayTurn: requestsPort take effect only when TURN services restart");

  const allowed = await run("preview", 3479, true);
  expect(allowed.steps.map((s) => s.action)).toEqual(["update"]);
  expect(text(allowed)).toContain(
    "ExpresswayTurn: up will restart TURN services (Off, then On) to apply requestsPort: live TURN relays drop.",
  );
  devices.expE.clearRequests();
  const restarted = await run("up", 3479, true);
  expect(restarted.ok).toBe(true);
  expect(turnPuts()).toEqual([JSON.stringify({ TurnServices: "Off" }), JSON.stringify({ TurnServices: "On" })]);
  expect(await portInEffect()).toBe(3479);
  expect(restarted.outputs.awaitingRestart).toBeUndefined();
  expect((await run("preview", 3479, true)).steps.map((s) => s.action)).toEqual(["same"]);
});
