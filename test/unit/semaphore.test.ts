import { Semaphore } from "../../provider/device/http";

/**
 * Defect 5 of issue 11: the per-device cap must hold by itself. A slot freed while
 * others wait belongs to the first waiter; a caller arriving in between must queue.
 */

const yields = async (n: number) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

test.each([1, 2, 3])("never more than %i holders, however calls and releases interleave", async (limit) => {
  const semaphore = new Semaphore(limit);
  let inside = 0;
  let peak = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: 300 }, async (_, i) => {
      // Arrivals spread over the microtask turns in which earlier holders release.
      await yields(i % 7);
      await semaphore.run(async () => {
        inside++;
        peak = Math.max(peak, inside);
        await yields((i * 5) % 3);
        inside--;
        done++;
      });
    }),
  );
  expect(done).toBe(300);
  expect(peak).toBe(limit);
});

test("waiters are served in arrival order", async () => {
  const semaphore = new Semaphore(1);
  const order: number[] = [];
  await Promise.all([1, 2, 3, 4].map((n) => semaphore.run(async () => order.push(n))));
  expect(order).toEqual([1, 2, 3, 4]);
});
