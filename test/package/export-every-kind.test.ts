import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import type { ConnectionSettings } from "../../provider/connection";
import type { Values } from "../../provider/device/types";
import type { ListedDevice, ListedObject } from "../../provider/export/listing";
import { exportProgram } from "../../provider/export/program";
import { allDescriptions } from "../../provider/schema";
import { type FieldValue, fieldsForVariant, type ObjectDescription } from "../../provider/schema/types";

/**
 * Every described kind exports with no code of its own: an object of each kind, holding its
 * fields' example values, comes out as a resource (or, without a natural key, in the list of
 * objects not declared), and the whole program type-checks against the generated classes.
 */

const ROOT = path.join(__dirname, "..", "..");

function device(profile: string, family: "cms" | "expressway", release: string): ListedDevice {
  return {
    profile,
    family,
    release,
    settings: { profile, url: `https://${profile.toLowerCase()}.example` } as ConnectionSettings,
  };
}

const DEVICES = {
  cms: device("cms", "cms", "2.9"),
  expresswayC: device("expresswayC", "expressway", "X14.2"),
  expresswayE: device("expresswayE", "expressway", "X14.2"),
};

/** One object of the kind (per variant) on its default profile, with every field's example. */
function objectsOf(desc: ObjectDescription): ListedObject[] {
  const variants = desc.variants ? Object.keys(desc.variants) : [undefined];
  return variants.map((variant) => {
    const values: Values = {};
    for (const field of fieldsForVariant(desc, variant))
      if (!field.local && field.example !== undefined) values[field.name] = field.example as FieldValue;
    const profile = (variant && desc.variants?.[variant]?.defaultProfile) || desc.defaultProfile;
    return {
      desc,
      device: DEVICES[profile as keyof typeof DEVICES],
      id: `${desc.resource}-${variant ?? "id"}`,
      values,
      ...(variant ? { variant } : {}),
    };
  });
}

const objects = allDescriptions.flatMap(objectsOf);
const program = exportProgram(
  { devices: Object.values(DEVICES), objects, read: [], notes: [] },
  {
    project: "every-kind",
    stack: "dev",
    profileSettings: {},
    packageName: "cisco-edge-pulumi",
    packageVersion: "0.1.0",
    pulumiVersion: "^3.270.0",
    protect: true,
  },
);
const index = program.files.get("index.ts") ?? "";

test.each(allDescriptions.map((d) => [d.resource, d] as const))("%s is exported", (_name, desc) => {
  const declared = index.includes(`new ${desc.resource}(`);
  const listed = program.notDeclared.some((line) => line.startsWith(`${desc.resource} `));
  const atDefaults = program.atDefaults.some((line) => line.startsWith(`${desc.resource} `));
  expect([declared, listed, atDefaults].filter(Boolean)).toHaveLength(1);
  if (desc.lifecycle !== "singleton" && desc.naturalKeys.length > 0) expect(declared).toBe(true);
});

test("the program of every kind type-checks against the generated resource classes", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "export-every-kind-"));
  try {
    const file = path.join(dir, "index.ts");
    // The program's packages, taken from this checkout: the provider's sources and the SDK it uses.
    const local = index
      .replace('from "cisco-edge-pulumi"', `from ${JSON.stringify(path.join(ROOT, "provider"))}`)
      .replace('from "@pulumi/pulumi"', `from ${JSON.stringify(path.join(ROOT, "node_modules", "@pulumi", "pulumi"))}`);
    fs.writeFileSync(file, local);
    const checked = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [path.join(ROOT, "node_modules", "@types")],
    });
    const errors = ts
      .getPreEmitDiagnostics(checked)
      .filter((d) => d.file?.fileName === file)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(errors).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
