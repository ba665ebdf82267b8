import { deviceProfilesFrom } from "../../provider/connection";
import type { DeviceObjects } from "../../provider/device/types";
import { AWAITING_RESTART, settleHeld } from "../../provider/lifecycle/restart";
import { expresswayTurn } from "../../provider/schema/expressway-settings";
import type { AppliedOnRestart } from "../../provider/schema/types";
import { getExpresswayTurnStatus } from "../../provider/status";
import { expresswayCall } from "../emulator/client";
import { provider, useTestDevices } from "../support/test-devices";
import { usePrintedLines } from "../support/printed-lines";

/**
 * Issue 18 item 4: TURN settings changed while TURN services are On take effect on a real
 * Expressway-E only once the services are turned Off and On (admin guide X14.2). The emulator
 * holds them; the provider says so in preview and after up, records them in `awaitingRestart`,
 * and restarts the services only when `restartServicesOnChange` is true.
 */

const devices = useTestDevices({}, { devices: ["expE"], requests: true });
const PATH = "edge/traversal/turn";
const printed = usePrintedLines();

const settings = () => deviceProfilesFrom({ get: (key) => devices().config.get(key) }).resolve("expresswayE");
/** The port TURN listens on now (the status interface), and the one the configuration holds. */
const portInEffect = async () => (await getExpresswayTurnStatus(settings())).requestsPort;
const configuredPort = async () =>
  ((await expresswayCall(devices().expE, "GET", PATH)).body as { RequestsPort: number }).RequestsPort;
const puts = () =>
  devices()
    .expE.requests.filter((r) => r.method === "PUT")
    .map((r) => r.body);

async function turnCreated(declared: Record<string, unknown>) {
  const p = provider("ExpresswayTurn");
  const inputs = (await p.check({}, declared)).inputs;
  return { p, created: await p.create(inputs) };
}

test("a port change while services are On: preview says so, up leaves it held and says so; no restart", async () => {
  const { p, created } = await turnCreated({ services: true, requestsPort: 3478 });
  expect(await portInEffect()).toBe(3478);
  const news = (await p.check(created.outs, { services: true, requestsPort: 3479 })).inputs;
  printed.clear();
  expect(await p.diff(PATH, created.outs, news)).toMatchObject({ changes: true, replaces: [] });
  expect(printed.lines()).toEqual([
    "ExpresswayTurn: requestsPort take effect only when TURN services restart (Off, then On; admin guide X14.2), " +
      "and up will not restart them. Set restartServicesOnChange: true to let up do it (live TURN relays drop), " +
      "or turn them Off and On by hand.",
  ]);
  devices().clearRequests();
  printed.clear();
  const updated = await p.update(PATH, created.outs, news);
  expect(puts()).toEqual([JSON.stringify({ RequestsPort: 3479 })]);
  expect(await configuredPort()).toBe(3479);
  expect(await portInEffect()).toBe(3478);
  expect(updated.outs[AWAITING_RESTART]).toEqual(["requestsPort"]);
  expect(printed.lines().join("\n")).toMatch(
    new RegExp(
      '^ExpresswayTurn: requestsPort changed on http://127\\.0\\.0\\.1:\\d+ \\(profile "expresswayE"\\), ' +
        "but the device applies the change only when TURN services restart",
    ),
  );
  // Nothing changes any more, and still preview says what is held.
  printed.clear();
  expect((await p.diff(PATH, updated.outs, news)).changes).toBe(false);
  expect(printed.lines().join("\n")).toMatch(
    /^ExpresswayTurn: requestsPort take effect only when TURN services restart/,
  );
});

test("restartServicesOnChange: true restarts what is held (Off, then On) through the object's own update", async () => {
  const { p, created } = await turnCreated({ services: true, requestsPort: 3478 });
  const held = await p.update(
    PATH,
    created.outs,
    (await p.check(created.outs, { services: true, requestsPort: 3479 })).inputs,
  );
  const allowed = (await p.check(held.outs, { services: true, requestsPort: 3479, restartServicesOnChange: true }))
    .inputs;
  printed.clear();
  expect((await p.diff(PATH, held.outs, allowed)).changes).toBe(true);
  expect(printed.lines()).toEqual([
    "ExpresswayTurn: up will restart TURN services (Off, then On) to apply requestsPort: live TURN relays drop.",
  ]);
  devices().clearRequests();
  const restarted = await p.update(PATH, held.outs, allowed);
  expect(puts()).toEqual([JSON.stringify({ TurnServices: "Off" }), JSON.stringify({ TurnServices: "On" })]);
  expect(await portInEffect()).toBe(3479);
  expect(restarted.outs).not.toHaveProperty(AWAITING_RESTART);
  printed.clear();
  expect((await p.diff(PATH, restarted.outs, allowed)).changes).toBe(false);
  expect(printed.lines()).toEqual([]);
  // Allowed from the start: one update writes the change, then restarts.
  devices().clearRequests();
  const moved = (await p.check(restarted.outs, { services: true, requestsPort: 3490, restartServicesOnChange: true }))
    .inputs;
  await p.update(PATH, restarted.outs, moved);
  expect(puts()).toEqual([
    JSON.stringify({ RequestsPort: 3490 }),
    JSON.stringify({ TurnServices: "Off" }),
    JSON.stringify({ TurnServices: "On" }),
  ]);
  expect(await portInEffect()).toBe(3490);
});

test("nothing is held when services are Off, are turned Off, or are turned On with the change", async () => {
  const { p, created } = await turnCreated({ services: false, requestsPort: 3478 });
  const cases = [
    { services: false, requestsPort: 3479 },
    { services: true, requestsPort: 3480 },
    { services: false, requestsPort: 3481 },
  ];
  let outs = created.outs;
  for (const declared of cases) {
    const news = (await p.check(outs, declared)).inputs;
    printed.clear();
    expect((await p.diff(PATH, outs, news)).changes).toBe(true);
    outs = (await p.update(PATH, outs, news)).outs;
    expect(outs).not.toHaveProperty(AWAITING_RESTART);
    expect(printed.lines()).toEqual([]);
  }
  // One PUT per change, no restart.
  expect(puts().slice(-3)).toEqual([
    JSON.stringify({ RequestsPort: 3479 }),
    JSON.stringify({ TurnServices: "On", RequestsPort: 3480 }),
    JSON.stringify({ TurnServices: "Off", RequestsPort: 3481 }),
  ]);
  expect(await configuredPort()).toBe(3481);
});

test("services not declared: the device says they run; preview can only say 'if On'", async () => {
  await expresswayCall(devices().expE, "PUT", PATH, { TurnServices: "On" });
  const { p, created } = await turnCreated({ requestsPort: 3478 });
  const news = (await p.check(created.outs, { requestsPort: 3479 })).inputs;
  printed.clear();
  await p.diff(PATH, created.outs, news);
  expect(printed.lines().join("\n")).toMatch(/requestsPort \(if TURN services are On\) take effect only when/);
  const updated = await p.update(PATH, created.outs, news);
  expect(updated.outs[AWAITING_RESTART]).toEqual(["requestsPort"]);
  expect(await portInEffect()).toBe(3478);
});

test("create on a device whose services run: a change is held there too, or restarted if allowed", async () => {
  await expresswayCall(devices().expE, "PUT", PATH, { TurnServices: "On" });
  const { created } = await turnCreated({ services: true, authenticationRealm: "turnuser" });
  expect(created.outs[AWAITING_RESTART]).toEqual(["authenticationRealm"]);
  devices().expE.reset();
  await expresswayCall(devices().expE, "PUT", PATH, { TurnServices: "On" });
  devices().clearRequests();
  const allowed = await turnCreated({ services: true, requestsPort: 3485, restartServicesOnChange: true });
  expect(allowed.created.outs).not.toHaveProperty(AWAITING_RESTART);
  expect(puts().slice(-2)).toEqual([JSON.stringify({ TurnServices: "Off" }), JSON.stringify({ TurnServices: "On" })]);
  expect(await portInEffect()).toBe(3485);
});

test("refresh: services turned Off by hand forgets what was held: they start with every value", async () => {
  const { p, created } = await turnCreated({ services: true, requestsPort: 3478 });
  const held = await p.update(
    PATH,
    created.outs,
    (await p.check(created.outs, { services: true, requestsPort: 3479 })).inputs,
  );
  expect((await p.read(PATH, held.outs)).props).toHaveProperty(AWAITING_RESTART, ["requestsPort"]);
  await expresswayCall(devices().expE, "PUT", PATH, { TurnServices: "Off" });
  expect((await p.read(PATH, held.outs)).props).not.toHaveProperty(AWAITING_RESTART);
});

test("a restart whose On fails leaves no silence: the error says services are Off and what to do", async () => {
  const rule = expresswayTurn.appliedOnRestart as AppliedOnRestart;
  const sent: unknown[] = [];
  const objects = {
    update: async (_id: string, _known: unknown, changes: Record<string, unknown>) => {
      sent.push(changes);
      if (changes.services === true) throw new Error("HTTP 500");
    },
  } as unknown as DeviceObjects;
  const write = { desc: expresswayTurn, rule, objects, id: PATH, known: {}, held: ["requestsPort"], where: "E" };
  await expect(settleHeld({ ...write, restart: true })).rejects.toThrow(
    "ExpresswayTurn: TURN services are Off on E: turning them On again after turning them Off (to apply " +
      "requestsPort) failed: HTTP 500. Turn them On by hand, or run up again.",
  );
  expect(sent).toEqual([{ services: false }, { services: true }]);
  sent.length = 0;
  expect(await settleHeld({ ...write, restart: false })).toEqual(["requestsPort"]);
  expect(sent).toEqual([]);
});

test("destroy puts back a port while services run: held and said, or restarted when the stack allowed it", async () => {
  await expresswayCall(devices().expE, "PUT", PATH, { TurnServices: "On" });
  const kept = await turnCreated({ services: true, requestsPort: 3479, restartServicesOnChange: true });
  devices().clearRequests();
  await provider("ExpresswayTurn").delete(PATH, kept.created.outs);
  expect(puts()).toEqual([
    JSON.stringify({ RequestsPort: 3478 }),
    JSON.stringify({ TurnServices: "Off" }),
    JSON.stringify({ TurnServices: "On" }),
  ]);
  expect(await portInEffect()).toBe(3478);
  const held = await turnCreated({ services: true, requestsPort: 3479 });
  expect(held.created.outs[AWAITING_RESTART]).toEqual(["requestsPort"]);
  printed.clear();
  devices().clearRequests();
  await provider("ExpresswayTurn").delete(PATH, held.created.outs);
  expect(puts()).toEqual([JSON.stringify({ RequestsPort: 3478 })]);
  expect(printed.lines().join("\n")).toMatch(
    /^ExpresswayTurn: requestsPort changed on .*only when TURN services restart/,
  );
});
