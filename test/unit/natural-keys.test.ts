import { allDescriptions } from "../../provider/schema";
import { cmsCallMatch } from "../../provider/schema/cms";
import { carriesNaturalKey, fieldByName, keyedValues, type NaturalKey } from "../../provider/schema/types";

/**
 * NaturalKey's rules (provider/schema/types.ts) checked on every description's keys, so a kind
 * added later is held to them too; test/provider/natural-keys.test.ts runs the look-ups.
 */

const keys = allDescriptions.flatMap((desc) =>
  desc.naturalKeys.map((key) => [desc.resource, key.join("+"), desc, key as NaturalKey] as const),
);

test("the descriptions have natural keys to check", () => {
  expect(keys.length).toBeGreaterThanOrEqual(6);
});

describe.each(keys)("%s by %s", (_resource, _key, desc, key) => {
  test("every key field is a device field that can be read back", () => {
    for (const name of key) {
      const field = fieldByName(desc, name);
      expect({ name, described: field !== undefined }).toEqual({ name, described: true });
      expect({ name, local: !!field?.local, secret: !!field?.secret, writeOnly: !!field?.writeOnly }).toEqual({
        name,
        local: false,
        secret: false,
        writeOnly: false,
      });
    }
  });

  test("the first field has no device default: an undeclared value names no object", () => {
    expect(fieldByName(desc, key[0])?.deviceDefault).toBeUndefined();
  });

  test("the key applies only when its first field is set", () => {
    const values = Object.fromEntries(key.map((name) => [name, fieldByName(desc, name)?.example ?? "x"]));
    expect(keyedValues(desc, key, values)).toBeDefined();
    expect(carriesNaturalKey(desc, values)).toBe(true);
    const { [key[0]]: _first, ...withoutFirst } = values;
    expect(keyedValues(desc, key, withoutFirst)).toBeUndefined();
    expect(keyedValues(desc, key, { ...values, [key[0]]: "" })).toBeUndefined();
  });

  test("a later field left unset stands for the device default, or for unset when there is none", () => {
    const first = { [key[0]]: fieldByName(desc, key[0])?.example ?? "x" };
    const keyed = keyedValues(desc, key, first);
    for (const name of key.slice(1))
      expect([name, keyed?.get(name)]).toEqual([name, fieldByName(desc, name)?.deviceDefault]);
  });
});

test("a rule keyed by its priority (as an outbound rule's key is): undeclared, it is the device's priority 0", () => {
  const rule = { ...cmsCallMatch, naturalKeys: [["domain", "priority", "tenant"]] as const };
  const keyed = keyedValues(rule, rule.naturalKeys[0], { domain: "cms.octavio.local" });
  expect(keyed && Object.fromEntries(keyed)).toEqual({ domain: "cms.octavio.local", priority: 0, tenant: undefined });
  expect(
    keyedValues(rule, rule.naturalKeys[0], { domain: "cms.octavio.local", priority: 5, tenant: "" })?.get("priority"),
  ).toBe(5);
});
