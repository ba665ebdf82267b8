import * as fs from "node:fs";
import * as path from "node:path";

/**
 * A program directory's own stack config, `Pulumi.<stack>.yaml` (as `pulumi config set` writes
 * it): the plain entries of its top-level `config:` map, namespaces kept. Secure entries are
 * encrypted with a key the lab does not have, so they are named, not read: the lab's `--config`
 * or `config set --secret` gives them. Only the shape `pulumi config set` writes is read, not YAML
 * at large. A directory with none, or with several stacks' files, has none the lab can choose.
 */

export interface StackConfigFile {
  /** The file, for messages. */
  readonly file: string;
  /** Plain entries, e.g. `{ "cms:url": "https://…", "proj:spaceName": "Room" }`. */
  readonly values: Readonly<Record<string, string>>;
  /** Keys whose values are encrypted (`secure:`): not read. */
  readonly secureKeys: readonly string[];
}

const unquote = (text: string) =>
  /^"(.*)"$/.test(text) ? (JSON.parse(text) as string) : text.replace(/^'(.*)'$/, "$1").replace(/''/g, "'");

/** The one `Pulumi.<stack>.yaml` of the directory, read; undefined when it has none or several. */
export function readStackConfigFile(dir: string): StackConfigFile | undefined {
  const files = fs.readdirSync(dir).filter((name) => /^Pulumi\.[^.]+\.ya?ml$/.test(name));
  if (files.length !== 1) return undefined;
  const file = path.join(dir, files[0]);
  const values: Record<string, string> = {};
  const secureKeys: string[] = [];
  let inConfig = false;
  let pending: string | undefined;
  for (const line of fs.readFileSync(file, "utf8").split(/\r?\n/)) {
    if (/^\S/.test(line)) {
      inConfig = /^config:\s*$/.test(line);
      continue;
    }
    if (!inConfig) continue;
    const entry = /^ {2}(\S+?):(?:\s+(.*?))?\s*$/.exec(line);
    if (entry) {
      pending = entry[2] === undefined || entry[2] === "" ? entry[1] : undefined;
      if (entry[2] !== undefined && entry[2] !== "") values[entry[1]] = unquote(entry[2]);
      continue;
    }
    if (pending !== undefined && /^ {4}secure:\s/.test(line)) {
      secureKeys.push(pending);
      pending = undefined;
    }
  }
  return { file, values, secureKeys };
}
