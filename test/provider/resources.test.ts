import type { PropertyMap } from "../../provider/described-provider";
import { onDevice, provider, useTestDevices } from "../support/test-devices";
import { allDescriptions, descriptionFor } from "../../provider/schema";
import { defaultProfileOf } from "../../provider/schema/types";
import { scenarios, withPrerequisites } from "../support/scenarios";

/**
 * The provider contract for every resource kind, over real HTTP against the emulators:
 * create, read, update of each field, unset, drift, out-of-band delete, adopt,
 * validation with zero requests, and device errors mapped to readable messages.
 */

const lab = useTestDevices({}, { devices: ["cms", "expC", "expE"], requests: true });

function writes(): number {
  return [lab().cms, lab().expC, lab().expE].reduce(
    (sum, d) => sum + d.requests.filter((r) => r.method !== "GET").length,
    0,
  );
}

function expectNoSecrets(value: unknown, secrets: readonly string[]): void {
  const text = JSON.stringify(value);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/**
 * A new kind is picked up by adding its scenario (test/support/scenarios.ts): this fails, naming it,
 * until it has one; a kind that refers to other objects names them as its scenario's prerequisites,
 * made before each test. Settings objects (lifecycle "singleton") have their own suite
 * (singletons.test.ts); child kinds (`parent`) run under a space in test/lifecycle/space-children.test.ts.
 */
test("every kind that is created and deleted has a scenario", () => {
  const covered = new Set(scenarios.map((s) => s.resource));
  const collections = allDescriptions.filter((d) => (d.lifecycle ?? "collection") === "collection" && !d.parent);
  expect(collections.map((d) => d.resource).filter((resource) => !covered.has(resource))).toEqual([]);
});

describe.each(scenarios.map((s) => [s.resource, s] as const))("%s", (resource, scenario) => {
  const p = provider(resource);
  /** The create inputs, each reference holding its prerequisite's id (made anew: devices reset before each test). */
  let declared: PropertyMap = scenario.create;
  if (scenario.prerequisites.length > 0)
    beforeEach(async () => {
      const ids: Record<string, string> = {};
      for (const prerequisite of scenario.prerequisites) {
        const referred = provider(prerequisite.resource);
        const checked = await referred.check({}, prerequisite.create);
        expect(checked.failures).toEqual([]);
        ids[prerequisite.field] = (await referred.create(checked.inputs)).id;
      }
      declared = withPrerequisites(scenario, ids);
    });

  async function created(inputs: PropertyMap = declared): Promise<{ id: string; outs: PropertyMap }> {
    const checked = await p.check({}, inputs);
    expect(checked.failures).toEqual([]);
    return p.create(checked.inputs);
  }

  test("create puts the declared values on the device and keeps secrets out of outputs", async () => {
    const { id, outs } = await created();
    expect(id).toBeTruthy();
    const device = onDevice(lab(), resource, id, outs);
    expect(device.get()).toMatchObject(scenario.wire);
    expect(device.count()).toBe(1);
    expectNoSecrets(outs, scenario.secrets);
    expect(outs.deviceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test("read after create shows no drift, and diff of unchanged inputs sends nothing", async () => {
    const { id, outs } = await created();
    const checked = await p.check({}, declared);
    lab().clearRequests();
    const diff = await p.diff(id, outs, checked.inputs);
    expect(diff).toMatchObject({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(lab().requestCount()).toBe(0);
    const read = await p.read(id, outs);
    expect(read.id).toBe(id);
    expect((await p.diff(id, read.props as PropertyMap, checked.inputs)).changes).toBe(false);
  });

  test.each(scenario.updates.map((u) => [u[0], u] as const))(
    "update of %s changes it in place with one write",
    async (_field, [field, value, wire, wireValue]) => {
      const { id, outs } = await created();
      const news = (await p.check({}, { ...declared, [field]: value })).inputs;
      const diff = await p.diff(id, outs, news);
      expect(diff.changes).toBe(true);
      expect(diff.replaces).toEqual([]);
      lab().clearRequests();
      const updated = await p.update(id, outs, news);
      expect(writes()).toBe(1);
      const device = onDevice(lab(), resource, id, updated.outs);
      expect(device.get()?.[wire]).toEqual(wireValue);
      expect(device.count()).toBe(1);
      expectNoSecrets(updated.outs, scenario.secrets);
      expect((await p.diff(id, updated.outs, news)).changes).toBe(false);
      const read = await p.read(id, updated.outs);
      expect(read.id).toBe(id);
      expect((await p.diff(id, read.props as PropertyMap, news)).changes).toBe(false);
    },
  );

  if (scenario.unset) {
    const [field, wire, after] = scenario.unset;
    // A field with a documented device default is managed at it when left unset (issue 11):
    // removing it restores the default, a change only when the declared value differed.
    const deviceDefault = descriptionFor(resource).fields.find((f) => f.name === field)?.deviceDefault;
    test(`removing the optional ${field} unsets it on the device`, async () => {
      const { id, outs } = await created();
      const news = { ...declared };
      delete news[field];
      const checked = (await p.check({}, news)).inputs;
      const differed = deviceDefault === undefined || declared[field] !== deviceDefault;
      expect((await p.diff(id, outs, checked)).changes).toBe(differed);
      const updated = await p.update(id, outs, checked);
      expect(onDevice(lab(), resource, id, updated.outs).get()?.[wire]).toEqual(after);
      expect(updated.outs[field]).toEqual(deviceDefault);
    });
  }

  test("an out-of-band change shows as drift on read and the next update restores it", async () => {
    const { id, outs } = await created();
    const device = onDevice(lab(), resource, id, outs);
    device.patch(scenario.drift.wire);
    const read = await p.read(id, outs);
    expect(read.props?.[scenario.drift.field]).toEqual(scenario.drift.value);
    const inputs = (await p.check({}, declared)).inputs;
    const diff = await p.diff(id, read.props as PropertyMap, inputs);
    const writeOnlyDrift = JSON.stringify(read.props) === JSON.stringify(outs);
    // A write-only value (credential password) cannot be seen: that drift is invisible by nature.
    expect(diff.changes).toBe(!writeOnlyDrift);
    if (diff.changes) {
      await p.update(id, read.props as PropertyMap, inputs);
      expect(device.get()).toMatchObject(scenario.wire);
    }
  });

  test("an out-of-band delete makes read return no id, and delete still succeeds", async () => {
    const { id, outs } = await created();
    onDevice(lab(), resource, id, outs).remove();
    expect(await p.read(id, outs)).toEqual({});
    await expect(p.delete(id, outs)).resolves.toBeUndefined();
  });

  test("delete removes the object and is idempotent", async () => {
    const { id, outs } = await created();
    await p.delete(id, outs);
    expect(onDevice(lab(), resource, id, outs).count()).toBe(0);
    await p.delete(id, outs);
  });

  if (descriptionFor(resource).naturalKeys.length === 0)
    test("without a natural key, a second create is a second object (nothing names the first)", async () => {
      const first = await created();
      const second = await created();
      expect(second.id).not.toBe(first.id);
      expect(onDevice(lab(), resource, second.id, second.outs).count()).toBe(2);
    });
  else
    test("create refuses an existing object naming its id, and adopts it with adopt: true", async () => {
      const first = await created();
      const again = p.create((await p.check({}, declared)).inputs);
      await expect(again).rejects.toThrow(
        new RegExp(`already exists .*as id "${first.id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}".*adopt: true`),
      );
      const [field, value, wire, wireValue] = scenario.updates[0];
      const adopted = await p.create((await p.check({}, { ...declared, [field]: value, adopt: true })).inputs);
      expect(adopted.id).toBe(first.id);
      const device = onDevice(lab(), resource, adopted.id, adopted.outs);
      expect(device.count()).toBe(1);
      // Adoption writes a readable value that differs, never a secret it cannot compare (docs/adoption.md).
      const unreadable = descriptionFor(resource).fields.some((f) => f.name === field && (f.secret || f.writeOnly));
      expect(device.get()?.[wire]).toEqual(unreadable ? scenario.wire[wire] : wireValue);
    });

  test("a bad input fails check naming the field and value, with zero requests", async () => {
    const [field, value, message] = scenario.invalid;
    lab().clearRequests();
    const result = await p.check({}, { ...declared, [field]: value });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0].property).toBe(field);
    expect(result.failures[0].reason).toMatch(message);
    expect(lab().requestCount()).toBe(0);
  });

  test("wrong device credentials map to a message naming the profile keys, without the password", async () => {
    const desc = descriptionFor(resource);
    const variant = desc.variantField ? declared[desc.variantField] : undefined;
    const profile = defaultProfileOf(desc, typeof variant === "string" ? variant : undefined);
    const saved = lab().config.get(`${profile}:password`) as string;
    lab().config.set(`${profile}:password`, "Wrong-Password-42");
    try {
      const inputs = (await p.check({}, declared)).inputs;
      const error = await p.create(inputs).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(
        new RegExp(
          `rejected the credentials of profile "${profile}" \\(HTTP 401\\)` +
            `.*${profile}:username and ${profile}:password`,
        ),
      );
      expect(error?.message).not.toContain("Wrong-Password-42");
      expectNoSecrets(error?.message, scenario.secrets);
    } finally {
      lab().config.set(`${profile}:password`, saved);
    }
  });
});
