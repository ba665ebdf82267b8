import type { FieldValue } from "../schema/types";
import { sameFieldValue } from "../normalize";
import { type FieldDescription, fieldsForVariant } from "../schema/types";
import { inVersionRange } from "../schema/versions";
import { kindOrder, type Listing, type ListedObject } from "./listing";
import { defaultProfileOf } from "../schema/types";
import { identifierOf, keyParts, slug, uniqueNames } from "./names";

/**
 * The Pulumi TypeScript project `cisco-edge export` writes from a listing, as file name →
 * text, the same bytes for the same devices. Each object the provider can adopt by its
 * natural key becomes one resource with `adopt: true`, declaring what the device holds:
 * values equal to the device default are left out, a value naming another declared object
 * is a reference to it (the descriptions' `refersTo`), and a secret is read from stack config
 * (`config.requireSecret`), never written out. Objects adoption could not find (no natural
 * key) are listed in a comment instead.
 */

export interface ExportOptions {
  readonly project: string;
  readonly stack: string;
  /** Each profile's non-secret settings (key, value), as the stack config file will hold them. */
  readonly profileSettings: Readonly<Record<string, readonly (readonly [string, string])[]>>;
  /** This package's name and version, and the Pulumi SDK range it needs. */
  readonly packageName: string;
  readonly packageVersion: string;
  readonly pulumiVersion: string;
  /**
   * Each resource gets the `protect` option, as `pulumi import` gives its resources: a line removed
   * from the program, a replacement or a destroy then fails instead of deleting an object the stack
   * did not create. Off for a lab that is rebuilt at will.
   */
  readonly protect: boolean;
}

/** A secret the program reads from stack config. */
export interface ExportedSecret {
  readonly key: string;
  /** What it is, in words: `ExpresswayCredential "Tuser" password`. */
  readonly what: string;
  /** The device returns the value (it is still never written out), or never does. */
  readonly readable: boolean;
}

export interface ExportedProgram {
  readonly files: ReadonlyMap<string, string>;
  /** Resources declared, per kind (description order). */
  readonly declared: ReadonlyMap<string, number>;
  readonly secrets: readonly ExportedSecret[];
  /** Objects not declared, each with why. */
  readonly notDeclared: readonly string[];
  /** Settings objects left out because they hold only device defaults ("ExpresswayMra on expresswayC"). */
  readonly atDefaults: readonly string[];
}

/** An object of the listing as the program declares it. */
interface Declared {
  readonly object: ListedObject;
  readonly name: string;
  readonly identifier: string;
  /** Another resource takes a value from it (it is declared as a const). */
  referenced: boolean;
}

function isUnset(value: FieldValue | undefined): boolean {
  return value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

/** The name an object would get before repeated names are told apart. */
function wantedName(object: ListedObject): string {
  const { desc, variant, device } = object;
  const parts = [
    desc.resource,
    variant,
    device.profile === defaultProfileOf(desc, variant) ? undefined : device.profile,
  ];
  const key = desc.lifecycle === "singleton" ? [] : (keyParts(desc, object.values) ?? [object.id]);
  return [...parts, ...key]
    .filter((p): p is string => p !== undefined)
    .map(slug)
    .filter((p) => p !== "")
    .join("-");
}

/** A readable value the program declares: set, and not the device default. */
function declaredValue(field: FieldDescription, value: FieldValue | undefined): value is FieldValue {
  if (field.local || field.secret || value === undefined || isUnset(value)) return false;
  return field.deviceDefault === undefined || !sameFieldValue(field, value, field.deviceDefault);
}

/** A settings object at its device defaults: nothing to declare (its write-only secrets are not in use either). */
function atDefaults(object: ListedObject): boolean {
  const { desc, variant, values } = object;
  return (
    desc.lifecycle === "singleton" &&
    fieldsForVariant(desc, variant).every(
      (f) => !declaredValue(f, values[f.name]) && !(f.secret && !f.writeOnly && !isUnset(values[f.name])),
    )
  );
}

/** Why an object cannot be declared for adoption, or undefined when it can. */
function notAdoptable(object: ListedObject): string | undefined {
  const { desc, values } = object;
  if (desc.lifecycle === "singleton") return undefined;
  if (desc.naturalKeys.length === 0)
    return `the CMS gives a ${desc.noun} no natural key, so adoption could not find it`;
  if (keyParts(desc, values) === undefined) {
    const firsts = desc.naturalKeys.map((k) => k[0]).join(" or ");
    return `it has no ${firsts}, so adoption could not find it`;
  }
  return undefined;
}

const literal = (value: FieldValue): string => JSON.stringify(value);

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Sorted by kind order, then device profile, then name: the order of the program. */
function sortedObjects(listing: Listing): ListedObject[] {
  const order = kindOrder();
  const rank = (o: ListedObject) => order.findIndex((d) => d.resource === o.desc.resource);
  const profiles = listing.devices.map((d) => d.profile);
  return [...listing.objects].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      profiles.indexOf(a.device.profile) - profiles.indexOf(b.device.profile) ||
      (a.variant ?? "").localeCompare(b.variant ?? "") ||
      wantedName(a).localeCompare(wantedName(b)) ||
      a.id.localeCompare(b.id),
  );
}

export function exportProgram(listing: Listing, options: ExportOptions): ExportedProgram {
  const objects = sortedObjects(listing);
  const notDeclared: string[] = [];
  const defaults = objects.filter(atDefaults);
  const adoptable = objects.filter((o) => {
    if (defaults.includes(o)) return false;
    const why = notAdoptable(o);
    if (why) notDeclared.push(`${o.desc.resource} ${o.id} on "${o.device.profile}": ${why}`);
    return !why;
  });
  const names = uniqueNames(adoptable.map(wantedName));
  const declared: Declared[] = adoptable.map((object, i) => ({
    object,
    name: names[i],
    identifier: identifierOf(names[i]),
    referenced: false,
  }));
  const secrets: ExportedSecret[] = [];
  const bodies = declared.map((d) => resourceCode(d, declared, secrets, options.protect));
  const counts = new Map<string, number>();
  for (const d of declared) counts.set(d.object.desc.resource, (counts.get(d.object.desc.resource) ?? 0) + 1);

  const files = new Map<string, string>([
    ["Pulumi.yaml", pulumiYaml(options, listing)],
    [`Pulumi.${options.stack}.yaml`, stackYaml(options, listing)],
    ["SECRETS.md", secretsMd(options, listing, secrets)],
    ["index.ts", indexTs(listing, declared, bodies, notDeclared, options)],
    ["package.json", packageJson(options)],
    ["tsconfig.json", TSCONFIG],
  ]);
  return {
    files: new Map([...files].sort(([a], [b]) => a.localeCompare(b))),
    declared: counts,
    secrets,
    notDeclared,
    atDefaults: defaults.map((o) => `${o.desc.resource} on "${o.device.profile}"`),
  };
}

/** The other declared object a value names (`refersTo`): on the same device if one is, else on the target's default. */
function referenced(
  field: FieldDescription,
  value: FieldValue,
  self: Declared,
  declared: readonly Declared[],
): Declared | undefined {
  const to = field.refersTo;
  if (!to) return undefined;
  const text = String(value).toLowerCase();
  const candidates = declared.filter(
    (d) =>
      d !== self &&
      d.object.desc.resource === to.resource &&
      String(to.field === "id" ? d.object.id : (d.object.values[to.field] ?? "")).toLowerCase() === text,
  );
  return (
    candidates.find((d) => d.object.device.profile === self.object.device.profile) ??
    candidates.find((d) => d.object.device.profile === defaultProfileOf(d.object.desc, d.object.variant)) ??
    candidates[0]
  );
}

/** `new Kind("name", { ... })` for one object; its secrets are added to `secrets`. */
function resourceCode(
  self: Declared,
  declared: readonly Declared[],
  secrets: ExportedSecret[],
  protect: boolean,
): string {
  const { desc, variant, device, values, id } = self.object;
  const lines: string[] = [];
  const release = device.release;
  for (const field of fieldsForVariant(desc, variant)) {
    if (field.name === desc.variantField) {
      lines.push(`${field.name}: ${literal(variant ?? "")},`);
      continue;
    }
    if (field.local || (release !== undefined && !inVersionRange(release, field.versions))) continue;
    const value = values[field.name];
    if (field.secret) {
      if (!field.writeOnly && isUnset(value)) continue;
      const key = `${self.identifier}${capitalized(field.name)}`;
      const label =
        desc.lifecycle === "singleton" ? `on "${device.profile}"` : `"${keyParts(desc, values)?.join(" ") ?? id}"`;
      secrets.push({ key, what: `${desc.resource} ${label} ${field.name}`, readable: !field.writeOnly });
      lines.push(`${field.name}: config.requireSecret(${literal(key)}),`);
      continue;
    }
    if (!declaredValue(field, value)) continue;
    const target = referenced(field, value, self, declared);
    if (target) {
      target.referenced = true;
      lines.push(`${field.name}: ${target.identifier}.${field.refersTo?.field},`);
    } else lines.push(`${field.name}: ${literal(value)},`);
  }
  if (device.profile !== defaultProfileOf(desc, variant)) lines.push(`profile: ${literal(device.profile)},`);
  lines.push("adopt: true,");
  const args = `{\n${lines.map((l) => `  ${l}`).join("\n")}\n}`;
  return `new ${desc.resource}(${literal(self.name)}, ${args}${protect ? ", { protect: true }" : ""});`;
}

function header(listing: Listing): string[] {
  return listing.devices.map(
    (d) => `//   ${d.profile}: ${d.settings.url}${d.release !== undefined ? ` (release ${d.release})` : ""}`,
  );
}

function indexTs(
  listing: Listing,
  declared: readonly Declared[],
  bodies: readonly string[],
  notDeclared: readonly string[],
  options: ExportOptions,
): string {
  const hasSecrets = bodies.some((b) => b.includes("config.requireSecret("));
  const kinds = [...new Set(declared.map((d) => d.object.desc.resource))].sort();
  const out = [
    "// Written by `cisco-edge export` from the devices of these profiles:",
    ...header(listing),
    "// Every resource adopts the object the device holds (`adopt: true`): the first `pulumi up` changes nothing.",
    ...(options.protect
      ? ["// `protect: true`, as `pulumi import` does: nothing here is deleted or replaced until it is unprotected."]
      : []),
    "// Secrets are read from stack config: SECRETS.md says how to set them.",
    ...(hasSecrets ? ['import * as pulumi from "@pulumi/pulumi";'] : []),
    ...(kinds.length > 0
      ? [`import {\n${kinds.map((k) => `  ${k},`).join("\n")}\n} from ${literal(options.packageName)};`]
      : []),
    ...(hasSecrets ? ["", "const config = new pulumi.Config();"] : []),
  ];
  let kind = "";
  declared.forEach((d, i) => {
    if (d.object.desc.resource !== kind) {
      kind = d.object.desc.resource;
      out.push("", `// ${d.object.desc.resource}: ${d.object.desc.noun}`);
    }
    out.push(d.referenced ? `const ${d.identifier} = ${bodies[i]}` : bodies[i]);
  });
  if (notDeclared.length > 0)
    out.push(
      "",
      "// Not declared (declare them by hand if the stack should manage them):",
      ...notDeclared.map((n) => `// - ${n}`),
    );
  return `${out.join("\n")}\n`;
}

function pulumiYaml(options: ExportOptions, listing: Listing): string {
  const profiles = listing.devices.map((d) => d.profile).join(", ");
  return [
    `name: ${options.project}`,
    `description: Exported by cisco-edge export from ${profiles || "no device"}`,
    "runtime: nodejs",
    "",
  ].join("\n");
}

function stackYaml(options: ExportOptions, listing: Listing): string {
  const lines = ["config:"];
  for (const device of listing.devices)
    for (const [key, value] of options.profileSettings[device.profile] ?? [])
      lines.push(`  ${device.profile}:${key}: ${JSON.stringify(value)}`);
  return `${lines.length > 1 ? lines.join("\n") : "config: {}"}\n`;
}

function secretsMd(options: ExportOptions, listing: Listing, secrets: readonly ExportedSecret[]): string {
  const set = (key: string) => `pulumi config set --secret ${key}`;
  const out = [
    "# Secrets to set before the first `pulumi up`",
    "",
    "`cisco-edge export` writes no secret. Each line below asks for one value (without a value on the",
    `command line, \`pulumi config set\` prompts for it, so it stays out of the shell history); run them in`,
    `this directory with the stack \`${options.stack}\` selected.`,
    "",
    "## Device profiles",
    "",
    ...listing.devices.map((d) => `- \`${set(`${d.profile}:password`)}\``),
    "",
    "## Objects",
    "",
  ];
  if (secrets.length === 0) out.push("None: no exported object holds a secret.");
  else {
    out.push(
      "The device never returns the secrets marked write-only: set the value the device already has, or the",
      "first `up` would change it when asked to write it (adoption writes no secret unless asked).",
      "",
      "| Config key | Secret | The device returns it |",
      "|---|---|---|",
      ...secrets.map((s) => `| \`${s.key}\` | ${s.what} | ${s.readable ? "yes" : "no (write-only)"} |`),
      "",
      "```sh",
      ...secrets.map((s) => set(s.key)),
      "```",
    );
  }
  return `${out.join("\n")}\n`;
}

function packageJson(options: ExportOptions): string {
  const manifest = {
    name: options.project,
    private: true,
    main: "index.ts",
    dependencies: {
      "@pulumi/pulumi": options.pulumiVersion,
      [options.packageName]: `^${options.packageVersion}`,
    },
    devDependencies: { "@types/node": "^22.0.0", typescript: "^5.9.0" },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      strict: true,
      target: "ES2022",
      module: "node16",
      moduleResolution: "node16",
      skipLibCheck: true,
      types: [],
    },
    files: ["index.ts"],
  },
  null,
  2,
)}\n`;
