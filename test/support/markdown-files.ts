import * as fs from "node:fs";
import * as path from "node:path";

export const REPO_ROOT = path.join(__dirname, "..", "..");

/**
 * The Markdown a user or contributor reads, relative to the repository root: the README,
 * CONTRIBUTING, CHANGELOG, the fake engine's notes, docs/ and the generated resource pages.
 */
export function userMarkdown(): string[] {
  const under = (dir: string) =>
    fs
      .readdirSync(path.join(REPO_ROOT, dir))
      .filter((name) => name.endsWith(".md"))
      .map((name) => path.join(dir, name));
  return ["README.md", "CONTRIBUTING.md", "CHANGELOG.md", "lab/fake-engine/README.md", ...under("docs")]
    .concat(under("docs/resources"))
    .filter((file) => fs.existsSync(path.join(REPO_ROOT, file)));
}
