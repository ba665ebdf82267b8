import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT as ROOT, userMarkdown } from "../support/markdown-files";

/**
 * The README was split into docs/ pages: every relative link of the README, CONTRIBUTING,
 * docs/ and the other Markdown a user reads must reach a file of the repository, and an
 * `#anchor` a heading of that file (GitHub's slugs).
 */

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(text: string): Set<string> {
  const outsideCode = text.replace(/^```[\s\S]*?^```/gm, "");
  return new Set([...outsideCode.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
}

/** Every `[text](target)` outside code blocks and code spans whose target is not a URL. */
function relativeLinks(text: string): string[] {
  const prose = text.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/i.test(t));
}

/** The broken links of one file, as `file: target (why)`. */
function brokenLinks(file: string, text: string, exists: (file: string) => string | undefined): string[] {
  const broken: string[] = [];
  for (const target of relativeLinks(text)) {
    const [pathPart, anchor] = target.split("#");
    const resolved = pathPart ? path.normalize(path.join(path.dirname(file), pathPart)) : file;
    const content = exists(resolved);
    if (content === undefined) broken.push(`${file}: ${target} (no such file)`);
    else if (anchor && resolved.endsWith(".md") && !anchorsOf(content).has(anchor))
      broken.push(`${file}: ${target} (no heading #${anchor})`);
  }
  return broken;
}

const readRepoFile = (file: string): string | undefined => {
  const full = path.join(ROOT, file);
  if (!fs.existsSync(full)) return undefined;
  return fs.statSync(full).isDirectory() ? "" : fs.readFileSync(full, "utf8");
};

test("every relative link in the README and docs reaches a file and heading of the repository", () => {
  const files = userMarkdown();
  expect(files).toContain("README.md");
  const broken = files.flatMap((file) =>
    brokenLinks(file, fs.readFileSync(path.join(ROOT, file), "utf8"), readRepoFile),
  );
  expect(broken).toEqual([]);
});

test("a link to a moved section or a missing page is reported", () => {
  const pages: Record<string, string> = { "docs/a.md": "# A page\n\n## What you see\n", "README.md": "" };
  const text = "[ok](docs/a.md#what-you-see) [gone](#reliability) [moved](docs/b.md) `[code](x.md)`";
  expect(brokenLinks("README.md", text, (f) => pages[f])).toEqual([
    "README.md: #reliability (no heading #reliability)",
    "README.md: docs/b.md (no such file)",
  ]);
});
