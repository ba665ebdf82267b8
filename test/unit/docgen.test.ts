import * as fs from "node:fs";
import * as path from "node:path";
import { checkInputs } from "../../provider/check-inputs";
import {
  DOCS_DIR,
  exampleInputs,
  exampleRelease,
  GUIDE_RELEASES,
  generateDocs,
  resourcePage,
} from "../../provider/docgen";
import { allDescriptions } from "../../provider/schema";
import { inVersionRange } from "../../provider/schema/versions";
import { versionProblems } from "../../provider/version-check";

/** The resource pages are generated from the descriptions; the committed pages must match them. */
test("docs/resources is up to date with provider/schema (run `npm run docs`)", () => {
  const pages = generateDocs();
  expect(fs.readdirSync(DOCS_DIR).sort()).toEqual([...pages.keys()].sort());
  for (const [name, text] of pages)
    expect(`${name}:\n${fs.readFileSync(path.join(DOCS_DIR, name), "utf8")}`).toBe(`${name}:\n${text}`);
});

test("every page lists each field with its type, and marks secrets, replace-on-change and the natural key", () => {
  for (const desc of allDescriptions) {
    const page = resourcePage(desc);
    expect(page).toContain(`# ${desc.resource}\n`);
    expect(page).toContain(`new ${desc.resource}("example", {`);
    for (const key of desc.naturalKeys.flat()) expect(page).toMatch(new RegExp(`Natural key: .*\`${key}\``));
    for (const field of desc.fields) {
      const row = page.split("\n").find((line) => line.startsWith(`| \`${field.name}\` |`));
      expect(row).toBeDefined();
      const cells = (row ?? "").split(" | ");
      expect(cells[4]).toBe(field.secret ? "yes" : "");
      expect(cells[5]).toBe(field.replaceOnChange ? "replaces" : "in place");
      if (field.deviceDefault !== undefined) expect(cells[3]).toContain(JSON.stringify(field.deviceDefault));
      // A secret's value never appears in an example: it comes from secret config.
      if (field.secret) expect(page).not.toMatch(new RegExp(`^  ${field.name}: "`, "m"));
    }
  }
});

test("the index links every resource page", () => {
  const index = generateDocs().get("README.md") ?? "";
  for (const desc of allDescriptions) expect(index).toContain(`[${desc.resource}](${desc.resource}.md)`);
});

test("every example is valid, and works on the guide's releases (an object they lack: on its first release)", () => {
  for (const desc of allDescriptions) {
    const inputs = Object.fromEntries(
      exampleInputs(desc).map((input) => [input.name, "secret" in input ? "Example-secret-1" : input.value]),
    );
    expect({ [desc.resource]: checkInputs(desc, inputs).failures }).toEqual({ [desc.resource]: [] });
    const release = exampleRelease(desc);
    expect(release).toBe(
      inVersionRange(GUIDE_RELEASES[desc.api.family], desc.versions)
        ? GUIDE_RELEASES[desc.api.family]
        : desc.versions?.since,
    );
    const variant = desc.variantField ? String(inputs[desc.variantField]) : undefined;
    expect({ [desc.resource]: versionProblems(desc, inputs, release, variant) }).toEqual({ [desc.resource]: [] });
  }
});

test("value-level release limits and release-dependent shapes are in the field's row", () => {
  for (const desc of allDescriptions) {
    const page = resourcePage(desc);
    for (const field of desc.fields) {
      const row = page.split("\n").find((line) => line.startsWith(`| \`${field.name}\` |`)) ?? "";
      for (const [value, range] of Object.entries(field.valueVersions ?? {})) {
        expect(row).toContain(`\`${JSON.stringify(value)}\``);
        expect(row).toContain(`${range.since ?? range.until}`);
      }
      for (const shape of field.versionPatterns ?? []) expect(row).toContain(shape.allowed);
    }
  }
  expect(resourcePage(allDescriptions.find((d) => d.resource === "CmsTurnServer") ?? allDescriptions[0])).toContain(
    '(`"cms"`, `"expressway"` from CMS 2.8 on)',
  );
});
