import * as fs from "node:fs";
import * as path from "node:path";
import type { SecretsManager } from "../fake-engine/secrets";
import type { ConfigValue } from "../stack/config";

/**
 * Config saved between runs of `npm run lab` (its stand-in for Pulumi.<stack>.yaml): plain
 * values as strings, secret values as `{ "secure": "v1:..." }` encrypted with the state's key.
 */
/** Keys the lab keeps in the file for itself, not stack config (the Automation workspace's passphrase). */
export const LAB_ONLY_KEYS: readonly string[] = ["automationPassphrase"];

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

  /** The saved stack config: what `config set` saved and the example's kept secrets, for every command. */
  stackConfig(): Record<string, ConfigValue> {
    return Object.fromEntries(Object.entries(this.load()).filter(([key]) => !LAB_ONLY_KEYS.includes(key)));
  }

  /** The saved secret values of these keys; a key without one gets `generate()`, saved for the next runs. */
  secretsOrGenerated(keys: Readonly<Record<string, () => string>>): Record<string, ConfigValue> {
    const stored = this.load();
    const generated: Record<string, ConfigValue> = {};
    for (const [key, generate] of Object.entries(keys))
      if (!stored[key]) generated[key] = { value: generate(), secret: true };
    if (Object.keys(generated).length > 0) this.save({ ...stored, ...generated });
    return Object.fromEntries(Object.keys(keys).map((key) => [key, stored[key] ?? generated[key]]));
  }

  save(config: Readonly<Record<string, ConfigValue>>): void {
    const stored: Record<string, string | { secure: string }> = {};
    for (const [key, entry] of Object.entries(config))
      stored[key] = entry.secret ? { secure: this.secrets.encrypt(entry.value) } : entry.value;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
}
