import * as fs from "node:fs";
import * as path from "node:path";
import { allDescriptions } from "../schema";
import { listEdge } from "../export/listing";
import { exportProgram } from "../export/program";
import { slug } from "../export/names";
import { packageRoot } from "../package-root";
import { type CliCommand, EXIT, parseFlags, UsageError } from "./command";
import { kindsFrom, onEdgeDevices, plainSettings } from "./edge-devices";

/**
 * `cisco-edge export`: reads every object of the described kinds on the configured devices and
 * writes a Pulumi TypeScript project declaring them for adoption (provider/export/program.ts).
 */

const USAGE = [
  "usage: cisco-edge export --out DIR [--only Kind,Kind] [--force] [--no-protect] [--project NAME] [--stack NAME]",
  "  --out      the directory to write the project to (created; must be empty unless --force)",
  "  --only     export only these kinds (e.g. CmsSpace,ExpresswayZone)",
  "  --force    write into a directory that is not empty (the project's files are replaced)",
  "  --no-protect  leave out `protect: true` (written by default, as pulumi import does: a removed line or a",
  "             destroy then fails instead of deleting what the stack did not create); for a lab rebuilt at will",
  "  --project  the Pulumi project name (default: the directory's name)",
  "  --stack    the stack whose config file is written, Pulumi.<stack>.yaml (default dev)",
  "devices: every profile whose URL is set: CMS_URL, EXPRESSWAYC_URL, EXPRESSWAYE_URL, each with _USERNAME and",
  "  _PASSWORD (and _CA_CERT, _INSECURE as the provider reads them); progress goes to stderr",
  "exit: 0 written, 1 a device could not be reached or refused, 2 wrong usage",
].join("\n");

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly peerDependencies: Readonly<Record<string, string>>;
}

function emptyOrForced(dir: string, force: boolean): void {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory()) throw new UsageError(`--out ${dir} is a file, not a directory`);
  const entries = fs.readdirSync(dir);
  if (entries.length > 0 && !force)
    throw new UsageError(
      `--out ${dir} is not empty (${entries.slice(0, 5).join(", ")}${entries.length > 5 ? ", ..." : ""}): ` +
        "give an empty or new directory, or --force to replace the project's files there",
    );
}

export const exportCommand: CliCommand = {
  name: "export",
  summary: "write a Pulumi program declaring every object on the devices, for adoption",
  usage: USAGE,
  async run(argv, io) {
    const { values, switches } = parseFlags(argv, {
      values: ["--out", "--only", "--project", "--stack"],
      switches: ["--force", "--no-protect"],
    });
    const out = values.get("--out");
    if (!out) throw new UsageError("--out DIR is required");
    const dir = path.resolve(out);
    const kinds = kindsFrom(values.get("--only")) ?? allDescriptions;
    const project = values.get("--project") ?? (slug(path.basename(dir)) || "edge");
    const stack = values.get("--stack") ?? "dev";
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new UsageError(`--stack ${JSON.stringify(stack)} is not a stack name`);
    emptyOrForced(dir, switches.has("--force"));
    return onEdgeDevices(io, "export", async (devices, source) => {
      const listing = await listEdge(devices, kinds, io.err);
      const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as Manifest;
      const program = exportProgram(listing, {
        project,
        stack,
        profileSettings: Object.fromEntries(devices.map((d) => [d.profile, plainSettings(source, d.profile)])),
        packageName: manifest.name,
        packageVersion: manifest.version,
        pulumiVersion: manifest.peerDependencies["@pulumi/pulumi"],
        protect: !switches.has("--no-protect"),
      });
      fs.mkdirSync(dir, { recursive: true });
      for (const [name, text] of program.files) fs.writeFileSync(path.join(dir, name), text);
      const total = [...program.declared.values()].reduce((a, b) => a + b, 0);
      io.out(`Wrote ${[...program.files.keys()].join(", ")} to ${dir}: ${total} resources`);
      for (const [kind, n] of program.declared) io.out(`  ${kind}: ${n}`);
      io.out(
        program.secrets.length > 0
          ? `${program.secrets.length} secret(s) to set before the first up, and each profile's password (SECRETS.md)`
          : "No object secret to set; each profile's password: see SECRETS.md",
      );
      for (const line of program.notDeclared) io.out(`Not declared: ${line}`);
      if (program.atDefaults.length > 0)
        io.out(`Not declared, at their device defaults: ${program.atDefaults.join(", ")}`);
      for (const note of listing.notes) io.out(`Note: ${note}`);
      return EXIT.ok;
    });
  },
};
