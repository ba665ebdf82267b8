import * as fs from "node:fs";
import * as path from "node:path";
import { DOCS_DIR, generateDocs, resourcePage } from "../../provider/docgen";
import { allDescriptions } from "../../provider/schema";

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
