import type { Values } from "../device/types";
import { sameFieldValue } from "../normalize";
import { fieldByName, keyedValues, type ObjectDescription } from "../schema/types";

/**
 * Logical names of exported objects: the kind, then what tells the object apart on its
 * device (its variant, a profile other than the kind's default, the values of its natural
 * key that are set and not the device default), as a Pulumi name ("cms-space-proxywebrtc")
 * and a TypeScript identifier ("cmsSpaceProxywebrtc"). The same device gives the same names.
 */

/** Lower-case words joined by '-'; what is neither letter nor digit separates words. */
export function slug(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** "cms-space-proxywebrtc" → "cmsSpaceProxywebrtc" (names start with the kind, so never with a digit). */
export function identifierOf(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * The values of the first natural key that applies to the object (NaturalKey's rules), left
 * out where unset or the device default; undefined when no key applies (adoption cannot find it).
 */
export function keyParts(desc: ObjectDescription, values: Values): string[] | undefined {
  for (const key of desc.naturalKeys) {
    const keyed = keyedValues(desc, key, values);
    if (!keyed) continue;
    return key.flatMap((name) => {
      const value = keyed.get(name);
      const field = fieldByName(desc, name);
      if (
        value === undefined ||
        (field?.deviceDefault !== undefined && sameFieldValue(field, value, field.deviceDefault))
      )
        return [];
      return [String(value)];
    });
  }
  return undefined;
}

/** A name per object, in the order given; a name already taken gets "-2", "-3", ... (the first one free). */
export function uniqueNames(wanted: readonly string[]): string[] {
  const taken = new Set<string>();
  return wanted.map((name) => {
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name}-${n}`;
    taken.add(unique);
    return unique;
  });
}
