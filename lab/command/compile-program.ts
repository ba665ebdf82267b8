import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/**
 * A program directory outside the package (an exported project in a temporary folder, a user's
 * own) is not compiled by the checkout's `tsc`: the lab transpiles its TypeScript on the fly with
 * the checkout's compiler into `<root>/.lab/programs/<name>-<hash>/`. Inside the package root,
 * the compiled program resolves `cisco-edge-pulumi` to this checkout (a package may require itself
 * by name through its `exports`) and `@pulumi/pulumi` to the checkout's SDK, as an installed project
 * resolves them from its node_modules. Transpiling does not type-check: a type error shows when
 * the program runs (`npx tsc --noEmit` in the project checks it first).
 */

/** Compiler options of a Pulumi TypeScript project as `pulumi new typescript` sets them (CommonJS). */
const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  sourceMap: false,
};

/** TypeScript sources of the program: every .ts below it but declarations, node_modules and dot folders. */
function sources(dir: string, under = ""): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, under), { withFileTypes: true })) {
    const relative = path.join(under, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) found.push(...sources(dir, relative));
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) found.push(relative);
  }
  return found;
}

/** Transpiles the program in `dir` (absolute, with an index.ts) into the package root; answers its index.js. */
export function compileProgram(root: string, dir: string): string {
  if (!fs.existsSync(path.join(dir, "index.ts")))
    throw new Error(`--program ${dir}: no index.ts (a program outside ${root} is compiled from its TypeScript)`);
  const name = `${path.basename(dir)}-${createHash("sha256").update(dir).digest("hex").slice(0, 8)}`;
  const out = path.join(root, ".lab", "programs", name);
  fs.rmSync(out, { recursive: true, force: true });
  for (const file of sources(dir)) {
    const source = fs.readFileSync(path.join(dir, file), "utf8");
    const { outputText, diagnostics } = ts.transpileModule(source, { compilerOptions: OPTIONS, fileName: file });
    const problems = (diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    if (problems.length > 0) throw new Error(`--program ${dir}: ${file} does not compile: ${problems.join("; ")}`);
    const target = path.join(out, file.replace(/\.ts$/, ".js"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, outputText);
  }
  return path.join(out, "index.js");
}
