import * as fs from "node:fs";
import * as path from "node:path";
import type { SecretsManager } from "./secrets";

/**
 * Stack configuration as `pulumi config` keeps it: namespaced keys (`cms:url`,
 * `<project>:turnPassword`), some of them secret. A key given without a namespace
 * belongs to the project, as in Pulumi.<stack>.yaml.
 */

export interface ConfigValue {
  readonly value: string;
  readonly secret?: boolean;
}

export type StackConfig = Readonly<Record<string, string | ConfigValue>>;

export interface ResolvedConfig {
  /** Namespaced key → plaintext value. */
  readonly values: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
}

export function namespacedKey(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

export function resolveConfig(project: string, config: StackConfig): ResolvedConfig {
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, entry] of Object.entries(config)) {
    const full = namespacedKey(project, key);
    const value = typeof entry === "string" ? entry : entry.value;
    values[full] = value;
    if (typeof entry !== "string" && entry.secret) secretKeys.push(full);
  }
  return { values, secretKeys };
}

/** Every secret plaintext in the config (what must never be printed or stored in clear). */
export function secretValues(config: StackConfig): string[] {
  return Object.values(config)
    .filter((entry): entry is ConfigValue => typeof entry !== "string" && entry.secret === true)
    .map((entry) => entry.value)
    .filter((value) => value.length > 0);
}

export interface ProjectFile {
  readonly name: string;
  /** `main` from Pulumi.yaml, resolved against the project directory (undefined when not set). */
  readonly main?: string;
}

/** The two top-level keys the runner needs from Pulumi.yaml (`name`, `main`); not a YAML parser. */
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

/**
 * Config saved between runs (the lab's stand-in for Pulumi.<stack>.yaml): plain values
 * as strings, secret values as `{ "secure": "v1:..." }` encrypted with the state's key.
 */
export class SavedConfig {
  constructor(
    readonly file: string,
    private readonly secrets: SecretsManager,
  ) {}

  load(): Record<string, ConfigValue> {
    if (!fs.existsSync(this.file)) return {};
    const stored = JSON.parse(fs.readFileSync(this.file, "utf8")) as Record<string, string | { secure: string }>;
    const out: Record<string, ConfigValue> = {};
    for (const [key, entry] of Object.entries(stored)) {
      out[key] =
        typeof entry === "string" ? { value: entry } : { value: this.secrets.decrypt(entry.secure), secret: true };
    }
    return out;
  }

  save(config: Readonly<Record<string, ConfigValue>>): void {
    const stored: Record<string, string | { secure: string }> = {};
    for (const [key, entry] of Object.entries(config))
      stored[key] = entry.secret ? { secure: this.secrets.encrypt(entry.value) } : entry.value;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
}
