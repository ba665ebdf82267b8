import { Checkpoints, type StackState } from "../../lab/fake-engine/state";

/**
 * The fake engine's coalesced checkpoints: at most one state write per 250 ms, and never more
 * than a tenth of the run spent writing, so that a large stack's writes (each longer as the
 * state grows) do not make a run quadratic. A fake clock: each write takes `writeMs`.
 */

function run(writeMs: number, offers: number, everyMs: number): number[] {
  let clock = 0;
  const writes: number[] = [];
  const file = {
    save: () => {
      writes.push(clock);
      clock += writeMs;
    },
  };
  jest.useFakeTimers();
  try {
    const checkpoints = new Checkpoints(file, 250, 0.1, () => clock);
    const state = { resources: [] } as unknown as StackState;
    for (let n = 0; n < offers; n++) {
      checkpoints.offer(() => state);
      clock += everyMs;
    }
    checkpoints.flush();
  } finally {
    jest.useRealTimers();
  }
  return writes;
}

const gaps = (writes: number[]) => writes.slice(1).map((at, n) => at - writes[n]);

test("a cheap write: at most one every 250 ms, and the last snapshot written at the end", () => {
  const writes = run(1, 1000, 10);
  expect(Math.min(...gaps(writes.slice(0, -1)))).toBeGreaterThanOrEqual(250);
  expect(writes.length).toBeGreaterThan(30);
});

test("a write taking 200 ms: the next waits ten times that, so writing stays a tenth of the run", () => {
  const writes = run(200, 1000, 10);
  expect(Math.min(...gaps(writes.slice(0, -1)))).toBeGreaterThanOrEqual(2000);
  const writing = writes.length * 200;
  const total = 1000 * 10 + writing;
  expect(writing / total).toBeLessThanOrEqual(0.15);
});
