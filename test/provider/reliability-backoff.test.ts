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
  devices().config.delete("cms:retryBaseMs");
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
