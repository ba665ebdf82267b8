import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT as ROOT, userMarkdown } from "../support/markdown-files";
import * as ts from "typescript";

/**
 * Every TypeScript block of the README and the docs compiles against the provider, as
 * examples/ does under tsconfig.json: each ```ts block is one module, type-checked with the
 * project's compiler options, with `cisco-edge-pulumi` (and each subpath package.json
 * exports) resolved to the provider's sources, so a snippet that imports what the package
 * does not export, or passes a wrong argument, fails here with the file and line.
 */

interface Snippet {
  /** Where it starts, as `file:line` of the fence. */
  readonly where: string;
  readonly code: string;
}

/** The ```ts / ```typescript blocks of one Markdown file. */
function tsBlocks(file: string, text: string): Snippet[] {
  const snippets: Snippet[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end < 0) throw new Error(`${file}:${i + 1}: a \`\`\`ts block is never closed`);
    snippets.push({ where: `${file}:${i + 1}`, code: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return snippets;
}

/** `cisco-edge-pulumi[/subpath]` → the provider source its package.json export's types are built from. */
function packagePaths(): Record<string, string[]> {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    name: string;
    exports: Record<string, string | { types?: string }>;
  };
  const paths: Record<string, string[]> = {};
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target === "string" || !target.types) continue;
    const source = target.types.replace(/^\.\/dist\//, "./").replace(/\.d\.ts$/, ".ts");
    paths[path.posix.join(manifest.name, subpath)] = [source];
  }
  return paths;
}

/** Type-checks the snippets as modules of their own; returns each error as `file:line: message`. */
function typeErrors(snippets: readonly Snippet[]): string[] {
  const configFile = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    // A snippet shows a declaration without always using it.
    noUnusedLocals: false,
    baseUrl: ROOT,
    paths: packagePaths(),
  };
  // `export {}` keeps each block a module of its own, so blocks cannot see each other's names.
  const virtual = new Map<string, Snippet>(
    snippets.map((s, i) => [path.join(ROOT, `doc-snippet-${i}.ts`), { ...s, code: `${s.code}\nexport {};\n` }]),
  );
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(file)?.code ?? readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) => {
    const snippet = virtual.get(file);
    return snippet
      ? ts.createSourceFile(file, snippet.code, language, true)
      : getSourceFile.call(host, file, language, ...rest);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const snippet = d.file ? virtual.get(d.file.fileName) : undefined;
    if (!d.file || d.start === undefined) return `(no file): ${message}`;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    if (!snippet) return `${path.relative(ROOT, d.file.fileName)}:${line + 1}: ${message}`;
    const [file, fence] = snippet.where.split(":");
    return `${file}:${Number(fence) + 1 + line}: TS${d.code} ${message}`;
  });
}

describe("TypeScript in the README and docs", () => {
  // lab/fake-engine/README.md shows the lab's internal API with top-level await: a script, not a program.
  const snippets = userMarkdown()
    .filter((file) => !file.startsWith("lab/"))
    .flatMap((file) => tsBlocks(file, fs.readFileSync(path.join(ROOT, file), "utf8")));
  // A block that must fail, compiled in the same program: proves errors are found and placed.
  const probe = tsBlocks(
    "probe.md",
    [
      "text",
      "```ts",
      'import { CmsSpace } from "cisco-edge-pulumi";',
      'new CmsSpace("s", { callId: 100101 });',
      "```",
    ].join("\n"),
  );
  let errors: string[] = [];
  beforeAll(() => {
    errors = typeErrors([...snippets, ...probe]);
  });

  test("the README has TypeScript blocks to check, each importing the package", () => {
    const readme = snippets.filter((s) => s.where.startsWith("README.md:"));
    expect(readme.length).toBeGreaterThan(0);
    for (const s of readme) expect(`${s.where}\n${s.code}`).toMatch(/from "cisco-edge-pulumi(\/\w+)?";/);
  });

  test("every block compiles against the provider", () => {
    expect(errors.filter((e) => !e.startsWith("probe.md:"))).toEqual([]);
  });

  test("a block with a wrong argument is reported with its file and line", () => {
    expect(errors.filter((e) => e.startsWith("probe.md:"))).toEqual([expect.stringMatching(/^probe\.md:4: TS2\d+ /)]);
  });
});
