import * as fs from "node:fs";
import * as path from "node:path";
import { checkInputs } from "../../provider/check-inputs";
import {
  type ConnectionSettings,
  DEFAULTS,
  deviceProfilesFrom,
  envName,
  NUMBER_LIMITS,
  SETTING_KEYS,
  type SettingKey,
} from "../../provider/connection";
import {
  DOCS_DIR,
  DOCS_ROOT,
  exampleInputs,
  exampleRelease,
  GUIDE_RELEASES,
  generateDocs,
  generatedPages,
  resourcePage,
} from "../../provider/docgen";
import { CONFIG_PAGE, configPage } from "../../provider/docgen-config";
import { allDescriptions } from "../../provider/schema";
import { inVersionRange } from "../../provider/schema/versions";
import { versionProblems } from "../../provider/version-check";

/**
 * The resource pages are generated from the descriptions and the provider-configuration page from
 * provider/connection.ts; the committed pages must match them.
 */
test("docs/resources and docs/provider-configuration.md are up to date (run `npm run generate`)", () => {
  expect(fs.readdirSync(DOCS_DIR).sort()).toEqual([...generateDocs().keys()].sort());
  const pages = generatedPages();
  expect(pages.has(CONFIG_PAGE)).toBe(true);
  for (const [name, text] of pages)
    expect(`${name}:\n${fs.readFileSync(path.join(DOCS_ROOT, name), "utf8")}`).toBe(`${name}:\n${text}`);
});

describe("the provider-configuration page", () => {
  const rowOf = (key: SettingKey) =>
    configPage()
      .split("\n")
      .find((line) => line.startsWith(`| \`${key}\` |`))
      ?.split(" | ");

  test("lists every setting with its environment variable", () => {
    for (const key of SETTING_KEYS) expect(rowOf(key)?.[1]).toBe(`\`${envName("cms", key)}\``);
  });

  /** What the provider applies for each number setting, in the setting's own unit. */
  const applied: Record<keyof typeof DEFAULTS, (settings: ConnectionSettings) => number> = {
    timeoutSeconds: (s) => s.timeoutMs / 1000,
    connectTimeoutSeconds: (s) => s.connectTimeoutMs / 1000,
    maxConcurrency: (s) => s.maxConcurrency,
    maxRetries: (s) => s.maxRetries,
    retryBaseMs: (s) => s.retryBaseMs,
    retryBudgetSeconds: (s) => s.retryBudgetMs / 1000,
    progressSeconds: (s) => s.progressIntervalMs / 1000,
  };

  test.each(Object.keys(applied) as (keyof typeof DEFAULTS)[])(
    "%s: the default and range printed are what the provider applies and enforces",
    (key) => {
      const [min, max] = NUMBER_LIMITS[key];
      expect(rowOf(key)?.slice(2, 4)).toEqual([String(DEFAULTS[key]), `${min} to ${max}`]);
      // A profile name no environment variable of this machine can hold.
      const profile = "docgenProbe";
      const withValue = (value?: number) =>
        deviceProfilesFrom({
          get: (k) =>
            ({
              [`${profile}:url`]: "https://device.example.com",
              [`${profile}:username`]: "admin",
              [`${profile}:password`]: "x",
              [`${profile}:${key}`]: value?.toString(),
            })[k],
        });
      expect(applied[key](withValue().resolve(profile))).toBe(DEFAULTS[key]);
      expect(applied[key](withValue(max).resolve(profile))).toBe(max);
      expect(withValue(min).problems(profile)).toEqual([]);
      for (const outside of [min - 1, max * 2])
        expect(withValue(outside).problems(profile)).toEqual([
          expect.stringContaining(`is "${outside}"; a number from ${min} to ${max} is required`),
        ]);
    },
  );

  test("names, for each default profile, the resources that use it", () => {
    for (const desc of allDescriptions) {
      const profiles = desc.variants
        ? Object.values(desc.variants).map((v) => v.defaultProfile)
        : [desc.defaultProfile];
      for (const profile of profiles) {
        const row = configPage()
          .split("\n")
          .find((line) => line.startsWith(`| \`${profile}\` |`));
        expect(row).toContain(desc.resource);
      }
    }
  });
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

/**
 * The README keeps no list of resources of its own (a hand-kept table went stale with every new kind):
 * it links the generated index, which the test above keeps complete.
 */
test("the README lists the resources only through the generated index", () => {
  const readme = fs.readFileSync(path.join(DOCS_ROOT, "..", "README.md"), "utf8");
  expect(readme).toContain("](docs/resources/README.md)");
  const tableRows = readme.split("\n").filter((line) => line.startsWith("|"));
  for (const desc of allDescriptions)
    expect({ [desc.resource]: tableRows.filter((row) => row.includes(desc.resource)) }).toEqual({
      [desc.resource]: [],
    });
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
