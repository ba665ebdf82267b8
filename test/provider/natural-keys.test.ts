import type { UnconfirmedVariant } from "../../emulator/unconfirmed";
import { deviceProfilesFrom } from "../../provider/connection";
import { DescribedProvider, type PropertyMap } from "../../provider/described-provider";
import { allDescriptions, parentOf } from "../../provider/schema";
import { cmsCallMatch } from "../../provider/schema/cms";
import type { FieldDescription, FieldValue, NaturalKey, ObjectDescription } from "../../provider/schema/types";
import { fieldsForVariant } from "../../provider/schema/types";
import { inVersionRange } from "../../provider/schema/versions";
import { onDevice, provider, type TestDevices, useTestDevices } from "../support/test-devices";

/**
 * Issue 18, item 5: a look-up by natural key follows NaturalKey's rules (provider/schema/types.ts)
 * for every kind and every key, on the emulators' default answers and on CMS list entries that
 * leave out the later key fields (`--unconfirmed cms-list-entries-short`): an object declared
 * twice is never created twice, a key field left to its device default names the object
 * that has the default, and a rule with a tenant is never POSTed a second time.
 */

const collections = allDescriptions.filter((d) => (d.lifecycle ?? "collection") === "collection");

/** A value for a required field without an example (a password): any short text fits. */
const SECRET = "Key-Secret-1";

/** The release the devices run, for the fields and kinds a description limits to some releases. */
function release(devices: TestDevices, desc: ObjectDescription): string {
  return desc.api.family === "cms" ? devices.cms.softwareVersion : devices.expC.softwareVersion;
}

/**
 * Inputs that declare the object by this key alone: the required fields and the key's first
 * field, from the examples (optional fields may refer to objects the device lacks, a tenant).
 */
function declaredBy(desc: ObjectDescription, key: NaturalKey, version: string): PropertyMap {
  const variant = desc.variantField
    ? String(desc.fields.find((f) => f.name === desc.variantField)?.example)
    : undefined;
  const values: PropertyMap = variant && desc.variantField ? { [desc.variantField]: variant } : {};
  for (const field of fieldsForVariant(desc, variant)) {
    if (field.local || !inVersionRange(version, field.versions)) continue;
    if (field.required || field.name === key[0]) values[field.name] = field.example ?? SECRET;
  }
  return values;
}

const laterOptional = (desc: ObjectDescription, key: NaturalKey): FieldDescription[] =>
  key
    .slice(1)
    .map((name) => desc.fields.find((f) => f.name === name) as FieldDescription)
    .filter((f) => !f.required);

const wire = (value: FieldValue): string => (Array.isArray(value) ? value.join(",") : String(value));

function lookUpCases(unconfirmed: readonly UnconfirmedVariant[]) {
  const devices = useTestDevices({ unconfirmed }, { devices: ["cms", "expC", "expE"], requests: true });
  const cases = collections.flatMap((desc) =>
    desc.naturalKeys.map((key) => [desc.resource, key.join("+"), desc, key] as const),
  );

  async function create(desc: ObjectDescription, values: PropertyMap): Promise<{ id: string; outs: PropertyMap }> {
    const p = provider(desc.resource);
    const checked = await p.check({}, values);
    expect(checked.failures).toEqual([]);
    return p.create(checked.inputs);
  }
  /** A child declared under a parent the device has (created here, through the provider): its keys are scoped to it. */
  async function underParent(desc: ObjectDescription, values: PropertyMap): Promise<PropertyMap> {
    const parent = parentOf(desc);
    if (!parent) return values;
    const key = parent.desc.naturalKeys[0];
    const created = await create(parent.desc, declaredBy(parent.desc, key, release(devices(), parent.desc)));
    return { ...values, [parent.field.name]: created.id };
  }
  /**
   * The inputs with each field that holds another described object's id (`refersTo`) pointing at
   * such an object, made first from its own examples (an LDAP source's server and mapping); a
   * field referring to a kind the provider does not describe keeps its example.
   */
  async function withReferences(desc: ObjectDescription, values: PropertyMap): Promise<PropertyMap> {
    const resolved = { ...values };
    for (const field of desc.fields) {
      const referred = allDescriptions.find((d) => d.resource === field.refersTo?.resource);
      const parentField = parentOf(desc)?.field.name;
      if (values[field.name] === undefined || field.refersTo?.field !== "id" || !referred) continue;
      if (field.name === parentField) continue; // made by underParent
      const key = referred.naturalKeys[0] ?? [referred.fields[0].name];
      const made = await create(
        referred,
        await withReferences(referred, declaredBy(referred, key, release(devices(), referred))),
      );
      resolved[field.name] = made.id;
    }
    return resolved;
  }
  const declared = async (desc: ObjectDescription, key: NaturalKey) =>
    withReferences(desc, await underParent(desc, declaredBy(desc, key, release(devices(), desc))));
  const posts = () =>
    [devices().cms, devices().expC, devices().expE].reduce(
      (n, d) => n + d.requests.filter((r) => r.method === "POST").length,
      0,
    );

  describe.each(cases)("%s by %s", (_resource, _key, desc, key) => {
    const applies = () => inVersionRange(release(devices(), desc), desc.versions);

    test("declared twice, with the later key fields left to the device: found, never created twice", async () => {
      if (!applies()) return;
      const base = await declared(desc, key);
      const first = await create(desc, base);
      const device = onDevice(devices(), desc.resource, first.id, first.outs);
      devices().clearRequests();
      await expect(create(desc, base)).rejects.toThrow(/already exists/);
      // Declared as the device's default: the same object.
      for (const field of laterOptional(desc, key).filter((f) => f.deviceDefault !== undefined))
        await expect(create(desc, { ...base, [field.name]: field.deviceDefault })).rejects.toThrow(/already exists/);
      expect(device.count()).toBe(1);
      if (!desc.deviceEnforcesUniqueness) expect(posts()).toBe(0);
    });

    const later = laterOptional(desc, key).map((f) => [f.name, f] as const);
    if (later.length > 0)
      test.each(later)(
        "an object whose %s is set on the device: found by it, and not taken for one without it",
        async (_name, field) => {
          if (!applies() || field.example === undefined || field.example === field.deviceDefault) return;
          const base = await declared(desc, key);
          const first = await create(desc, base);
          const device = onDevice(devices(), desc.resource, first.id, first.outs);
          // Out of band: the device holds the value (a tenant need not exist on the emulator then).
          device.patch({ [field.api]: wire(field.example) });
          devices().clearRequests();
          await expect(create(desc, { ...base, [field.name]: field.example })).rejects.toThrow(/already exists/);
          expect(posts()).toBe(desc.deviceEnforcesUniqueness ? 1 : 0);
          expect(device.count()).toBe(1);
          const other = await create(desc, base);
          expect(other.id).not.toBe(first.id);
          expect(device.get()?.[field.api]).toBe(wire(field.example));
          expect(device.count()).toBe(2);
        },
      );
  });
}

describe("the emulators' default answers", () => lookUpCases([]));
describe("CMS list entries without the later key fields (cms-list-entries-short)", () =>
  lookUpCases(["cms-list-entries-short"]));

describe("a later key field with a device default (a rule's priority, as an outbound rule's key has it)", () => {
  const devices = useTestDevices({}, { devices: ["cms"], requests: true });
  const rule: ObjectDescription = { ...cmsCallMatch, naturalKeys: [["domain", "priority", "tenant"]] };
  const ruleProvider = () =>
    new DescribedProvider(rule, deviceProfilesFrom({ get: (key) => devices().config.get(key) }));

  test("a rule declared twice without a priority is refused the second time, not created twice", async () => {
    const p = ruleProvider();
    const declared = { domain: "twice.octavio.com" };
    await p.create((await p.check({}, declared)).inputs);
    await expect(p.create((await p.check({}, declared)).inputs)).rejects.toThrow(
      /domain "twice\.octavio\.com", priority 0 \(the device default\), tenant unset already exists/,
    );
    await expect(p.create((await p.check({}, { ...declared, priority: 0 })).inputs)).rejects.toThrow(/already exists/);
    expect(devices().cms.list("inboundDialPlanRules")).toHaveLength(1);
  });

  test("another priority is another rule", async () => {
    const p = ruleProvider();
    await p.create((await p.check({}, { domain: "twice.octavio.com" })).inputs);
    await p.create((await p.check({}, { domain: "twice.octavio.com", priority: 7 })).inputs);
    expect(devices().cms.list("inboundDialPlanRules")).toHaveLength(2);
  });
});
