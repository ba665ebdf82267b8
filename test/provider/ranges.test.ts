import { checkInputs } from "../../provider/check-inputs";
import { allDescriptions } from "../../provider/schema";
import type { ObjectDescription } from "../../provider/schema/types";
import { ExpresswayStore } from "../../emulator/expressway/store";
import { checkVersion } from "../../provider/schema/versions";

/**
 * Every start/end pair of every description (ObjectDescription.ranges): a start above its
 * end is refused by check (so by preview, before any write) and by the emulator as the
 * device refuses it. Iterates the descriptions, so a pair added later is covered as declared.
 */

const expressway = allDescriptions.filter((d) => d.api.family === "expressway");
const pairs = allDescriptions.flatMap((desc) => (desc.ranges ?? []).map((range) => ({ desc, range })));

function fieldPairsByName(desc: ObjectDescription): [string, string][] {
  const names = desc.fields.map((f) => f.name);
  return names
    .filter((name) => /Start$/.test(name) && names.includes(name.replace(/Start$/, "End")))
    .map((name) => [name, name.replace(/Start$/, "End")]);
}

test("every xStart/xEnd field pair of the descriptions is declared as a range", () => {
  const found = allDescriptions.flatMap((desc) =>
    fieldPairsByName(desc).map(([start, end]) => `${desc.resource}.${start}..${end}`),
  );
  const declared = pairs.map(({ desc, range }) => `${desc.resource}.${range.start}..${range.end}`);
  expect(found.length).toBeGreaterThanOrEqual(2);
  expect(declared.sort()).toEqual(found.sort());
});

describe.each(pairs.map((p) => [`${p.desc.resource}.${p.range.start}..${p.range.end}`, p] as const))(
  "range %s",
  (_name, { desc, range }) => {
    const field = (name: string) => {
      const found = desc.fields.find((f) => f.name === name);
      if (!found) throw new Error(`${desc.resource} has no field ${name}`);
      return found;
    };
    const startType = field(range.start).type;
    const low = startType.kind === "int" ? startType.min : 0;
    const inverted = { [range.start]: low + 1, [range.end]: low };

    test("check refuses a start above the end, naming both fields and values", () => {
      const result = checkInputs(desc, inverted);
      expect(result.failures).toEqual([
        {
          property: range.start,
          reason: expect.stringContaining(
            `${desc.resource}.${range.start} ${low + 1} is above ${desc.resource}.${range.end} ${low}`,
          ),
        },
      ]);
    });

    test("check accepts start equal to end, and one side alone", () => {
      expect(checkInputs(desc, { [range.start]: low, [range.end]: low }).failures).toEqual([]);
      expect(checkInputs(desc, { [range.start]: low + 1 }).failures).toEqual([]);
    });

    test("the emulator refuses it, also against the value it keeps for the side the write leaves out", () => {
      expect(desc.api.family).toBe("expressway");
      const path = (desc.api as { paths: Record<string, string> }).paths.default;
      const store = ["C", "E"]
        .map((p) => new ExpresswayStore(p as "C" | "E", checkVersion("X8.11.4"), expressway))
        .find((s) => s.schema(path) !== undefined) as ExpresswayStore;
      const api = (name: string) => field(name).api;
      const refused = store.updateSingleton(path, { [api(range.start)]: low + 1, [api(range.end)]: low });
      expect(refused).toEqual({ kind: "invalid", message: expect.stringContaining(api(range.start)) });
      expect(store.updateSingleton(path, { [api(range.start)]: low, [api(range.end)]: low })).toEqual({ kind: "ok" });
      // The stored end is `low` now: a start alone above it is refused too, and nothing is stored.
      expect(store.updateSingleton(path, { [api(range.start)]: low + 1 }).kind).toBe("invalid");
      expect(store.read(path)[0][api(range.start)]).toBe(low);
    });
  },
);
