import { retryClock } from "../../provider/device/http";
import { provider, useTestDevices } from "../support/test-devices";

/**
 * Issue 23 item 8: `<profile>:retryBudgetSeconds` bounds a whole call on the wall clock, the
 * waits between attempts included. The clock is faked (jest's Date) and moves only when the
 * provider waits through its retry clock, so nothing here sleeps and the figures are exact:
 * a call that counted only its attempts' time would run on past the budget.
 */

const devices = useTestDevices(
  { extraConfig: { "cms:maxRetries": "20", "cms:retryBudgetSeconds": "5" } },
  { devices: ["cms"], faults: true, requests: true },
);
let waits: number[];
let sleep: jest.SpyInstance;
let started: number;

beforeEach(() => {
  // Only Date is faked: the emulators and undici keep their real timers.
  jest.useFakeTimers({
    doNotFake: [
      "hrtime",
      "nextTick",
      "performance",
      "queueMicrotask",
      "setImmediate",
      "clearImmediate",
      "setInterval",
      "clearInterval",
      "setTimeout",
      "clearTimeout",
    ],
    now: new Date("2026-01-05T10:00:00Z"),
  });
  started = Date.now();
  waits = [];
  sleep = jest.spyOn(retryClock, "sleep").mockImplementation(async (ms: number) => {
    waits.push(ms);
    jest.setSystemTime(Date.now() + ms);
  });
});
afterEach(() => {
  sleep.mockRestore();
  jest.useRealTimers();
  devices().config.set("cms:retryBaseMs", "5");
});

const space = { name: "Budget room", uri: "budgetroom", callId: "100444" };
const elapsed = () => Date.now() - started;

test("a read throttled with Retry-After: 2 gives up within a 5 s budget, its waits counted", async () => {
  const p = provider("CmsSpace");
  const created = await p.create((await p.check({}, space)).inputs);
  devices().cms.faults.set({ rules: [{ kind: "throttle", methods: ["GET"], retryAfterSeconds: 2 }] });
  devices().cms.clearRequests();
  const error = (await p.read(created.id, created.outs).catch((e: unknown) => e)) as Error;
  expect(error.message).toMatch(/answered HTTP 429 .*gave up after 3 attempts: cms:retryBudgetSeconds is 5/);
  expect(waits).toEqual([2_000, 2_000]);
  expect(elapsed()).toBeLessThanOrEqual(5_000);
  expect(devices().cms.requests).toHaveLength(3);
});

test("backoff waits count too: a busy device is given up on within the budget", async () => {
  devices().config.set("cms:retryBaseMs", "2000");
  const p = provider("CmsSpace");
  const created = await p.create((await p.check({}, space)).inputs);
  devices().cms.faults.set({ rules: [{ kind: "busy", methods: ["GET"] }] });
  const error = (await p.read(created.id, created.outs).catch((e: unknown) => e)) as Error;
  expect(error.message).toMatch(/gave up after \d+ attempts?: cms:retryBudgetSeconds is 5/);
  expect(waits.length).toBeGreaterThan(0);
  expect(elapsed()).toBeLessThanOrEqual(5_000);
});

test("a create whose POST is throttled again and again is given up on within the budget", async () => {
  const p = provider("CmsSpace");
  const inputs = (await p.check({}, space)).inputs;
  devices().cms.faults.set({ rules: [{ kind: "throttle", methods: ["POST"], retryAfterSeconds: 2 }] });
  devices().cms.clearRequests();
  const error = (await p.create(inputs).catch((e: unknown) => e)) as Error;
  expect(error.message).toMatch(/answered HTTP 429 .*gave up after 3 attempts: cms:retryBudgetSeconds is 5/);
  expect(elapsed()).toBeLessThanOrEqual(5_000);
  expect(devices().cms.requests.filter((r) => r.method === "POST")).toHaveLength(3);
  expect(devices().cms.list("coSpaces")).toEqual([]);
});
