import * as fs from "node:fs";
import { allDescriptions } from "../schema";
import { audit, auditScope, declaredResources, describeListed } from "../export/audit";
import { listEdge } from "../export/listing";
import { type CliCommand, EXIT, parseFlags, UsageError } from "./command";
import { kindsFrom, onEdgeDevices } from "./edge-devices";

/**
 * `cisco-edge audit`: the objects on the devices a stack does not declare, and the declared ones
 * gone from the devices (provider/export/audit.ts), by the listing `export` uses.
 */

const USAGE = [
  "usage: cisco-edge audit --state FILE [--only Kind,Kind]",
  "  --state  the stack's state: the output of `pulumi stack export`, or a lab state file (.lab/state.json)",
  "  --only   compare these kinds on every device (default: each kind the stack declares, on its devices)",
  "devices: as for export (CMS_URL, EXPRESSWAYC_URL, EXPRESSWAYE_URL with _USERNAME and _PASSWORD)",
  "exit: 0 the stack and the devices agree, 1 something was found (or a device could not be read), 2 wrong usage",
].join("\n");

function readState(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`--state ${file} cannot be read (${(error as { code?: string }).code ?? "unreadable"})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`--state ${file} is not JSON: give the output of \`pulumi stack export\` or a lab state file`);
  }
}

export const auditCommand: CliCommand = {
  name: "audit",
  summary: "list objects on the devices a stack does not declare, and declared ones gone (exit 1 if any)",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseFlags(argv, { values: ["--state", "--only"] });
    const file = values.get("--state");
    if (!file) throw new UsageError("--state FILE is required");
    const only = kindsFrom(values.get("--only"));
    let declared: ReturnType<typeof declaredResources>;
    try {
      declared = declaredResources(readState(file));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`--state ${file}: ${(error as Error).message}`);
    }
    return onEdgeDevices(io, "audit", async (devices) => {
      const inScope = auditScope(declared, devices, only);
      const kinds = allDescriptions.filter((d) => devices.some((device) => inScope(d, device)));
      const listing = await listEdge(devices, kinds, io.err);
      const found = audit(declared, listing, inScope);
      io.out(
        `Compared ${declared.length - found.unchecked.length} declared resources with ${listing.objects.length} ` +
          `objects of ${kinds.length} kinds on ${devices.map((d) => d.profile).join(", ")}`,
      );
      if (found.undeclared.length > 0) {
        io.out(`On the devices, not declared by the stack (${found.undeclared.length}):`);
        for (const object of found.undeclared) io.out(`  ${describeListed(object)}`);
      }
      if (found.gone.length > 0) {
        io.out(`Declared by the stack, gone from the devices (${found.gone.length}):`);
        for (const r of found.gone) io.out(`  ${r.desc.resource} "${r.name}" (id ${r.id}) on "${r.profile}"`);
      }
      for (const r of found.unchecked)
        io.out(`Not checked: ${r.desc.resource} "${r.name}": profile "${r.profile}" is not configured here`);
      for (const note of listing.notes) io.out(`Note: ${note}`);
      const clean = found.undeclared.length === 0 && found.gone.length === 0;
      io.out(clean ? "OK: the stack declares every object of its kinds, and each one exists" : "FOUND differences");
      return clean ? EXIT.ok : EXIT.failed;
    });
  },
};
