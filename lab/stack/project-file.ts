import * as fs from "node:fs";
import * as path from "node:path";

export interface ProjectFile {
  readonly name: string;
  /** `main` from Pulumi.yaml, resolved against the project directory (undefined when not set). */
  readonly main?: string;
}

/** The two top-level keys both engines need from Pulumi.yaml (`name`, `main`); not a YAML parser. */
export function readProjectFile(projectDir: string): ProjectFile {
  const file = path.join(projectDir, "Pulumi.yaml");
  const text = fs.readFileSync(file, "utf8");
  const top = (key: string) => {
    const match = new RegExp(`^${key}:\\s*(.+?)\\s*$`, "m").exec(text);
    return match ? match[1].replace(/^["']|["']$/g, "") : undefined;
  };
  const name = top("name");
  if (!name) throw new Error(`${file} has no top-level name`);
  const main = top("main");
  return { name, ...(main ? { main: path.resolve(projectDir, main) } : {}) };
}
