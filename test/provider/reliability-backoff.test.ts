import { retryClock } from "../../provider/device/http";
import { provider, useTestDevices } from "../support/test-devices";

/**
 * Defect 7 of issue 11: the lifecycle's re-POSTs wait as the transport's retries do:
 * the device's Retry-After when it sends one (bounded), else bounded exponential
 * backoff. The waits are observed through the provider's retry clock (and not slept
 * through): counted, not timed.
 */

const devices = useTestDevices({}, { devices: ["cms"], faults: true, requests: true });
let delays: number[];
let spy: jest.SpyInstance;

beforeEach(() => {
  delays = [];
  spy = jest.spyOn(retryClock, "sleep").mockImplementation(async (ms: number) => {
    delays.push(ms);
  });
});
afterEach(() => {
  spy.mockRestore();
  devices().config.delete("cms:retryBudgetSeconds");
  devices().config.set("cms:retryBaseMs", "5");
});

const space = { name: "Backoff room", uri: "backoffroom", callId: "100888" };

async function createSpace() {
  const p = provider("CmsSpace");
  return p.create((await p.check({}, space)).inputs);
}

test("a POST refused with Retry-After is posted again after the wait the device asked for", async () => {
  devices().cms.faults.set({ rules: [{ kind: "throttle", methods: ["POST"], count: 1, retryAfterSeconds: 2 }] });
  await createSpace();
  expect(delays).toEqual([2_000]);
  expect(devices().cms.list("coSpaces")).toHaveLength(1);
});

test("a Retry-After beyond reason is bounded", async () => {
  // A budget that leaves room for the bounded wait (the default, 60 s, would end the call there).
  devices().config.set("cms:retryBudgetSeconds", "600");
  devices().cms.faults.set({ rules: [{ kind: "throttle", methods: ["POST"], count: 1, retryAfterSeconds: 86_400 }] });
  await createSpace();
  expect(delays).toEqual([60_000]);
});

test("re-POSTs after ambiguous failures back off within the transport's bound", async () => {
  devices().config.set("cms:retryBaseMs", "60000");
  devices().cms.faults.set({ rules: [{ kind: "reset", methods: ["POST"], count: 3 }] });
  await createSpace();
  expect(devices().cms.list("coSpaces")).toHaveLength(1);
  expect(delays).toHaveLength(3);
  for (const delay of delays) expect(delay).toBeLessThanOrEqual(10_000);
});

describe("Retry-After in both of its forms, seconds and an HTTP date (issue 23 item 7)", () => {
  test.each(["seconds", "date"] as const)(
    "a read throttled with Retry-After as %s waits what the device asked",
    async (form) => {
      const p = provider("CmsSpace");
      const created = await createSpace();
      devices().cms.faults.set({
        rules: [{ kind: "throttle", methods: ["GET"], count: 1, retryAfterSeconds: 30, retryAfterForm: form }],
      });
      await p.read(created.id, created.outs);
      expect(delays).toHaveLength(1);
      // An HTTP date counts whole seconds from the device's clock: up to a second less, never more.
      if (form === "seconds") expect(delays[0]).toBe(30_000);
      else expect(delays[0]).toBeGreaterThan(25_000);
      expect(delays[0]).toBeLessThanOrEqual(30_000);
    },
  );

  test.each(["seconds", "date"] as const)(
    "a POST throttled with Retry-After as %s is posted again after it",
    async (form) => {
      devices().cms.faults.set({
        rules: [{ kind: "throttle", methods: ["POST"], count: 1, retryAfterSeconds: 20, retryAfterForm: form }],
      });
      await createSpace();
      expect(delays).toHaveLength(1);
      expect(delays[0]).toBeGreaterThan(15_000);
      expect(delays[0]).toBeLessThanOrEqual(20_000);
      expect(devices().cms.list("coSpaces")).toHaveLength(1);
    },
  );

  test("a Retry-After date in the past means no wait", async () => {
    devices().cms.faults.set({
      rules: [{ kind: "throttle", methods: ["POST"], count: 1, retryAfterSeconds: -60, retryAfterForm: "date" }],
    });
    await createSpace();
    expect(delays).toEqual([0]);
  });
});
