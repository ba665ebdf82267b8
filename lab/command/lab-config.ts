import * as fs from "node:fs";
import * as path from "node:path";
import { PROFILES } from "../../emulator/devices";
import { SETTING_KEYS } from "../../provider/connection";
import { didYouMean } from "../../provider/suggest";
import type { ConfigValue } from "../stack/config";

/**
 * `--config key=value` for the lab: every key is either honoured or refused with a reason,
 * never silently dropped or overridden.
 *  - The program's own keys (found in its source: `config.get("x")`, `config.requireSecret("x")`…)
 *    and device-profile settings (`cms:password`, `cms:timeoutSeconds`…) are honoured; they win
 *    over the lab's generated secrets and emulator credentials. Secret ones are kept secret.
 *  - `<profile>:url` is refused: the lab's device profiles point at its loopback emulators
 *    (choose their ports with --cms-port etc.; the lab never sends traffic anywhere else).
 *  - Anything else is refused, with the nearest known key when it looks like a typo.
 */

export interface ProgramKey {
  readonly key: string;
  readonly secret: boolean;
}

/** The config keys a compiled program reads, from its source text (receivers named config or cfg). */
export function programConfigKeys(programFile: string): ProgramKey[] {
  const file = fs.existsSync(programFile) ? programFile : path.join(programFile, "index.js");
  if (!fs.existsSync(file)) return [];
  const source = fs.readFileSync(file, "utf8");
  const keys = new Map<string, boolean>();
  const pattern = /\b(?:config|cfg)\.(?:get|require)(Secret|Number|Boolean|Object)?\(\s*["']([\w.-]+)["']/g;
  for (const match of source.matchAll(pattern)) keys.set(match[2], (keys.get(match[2]) ?? false) || !!match[1]);
  return [...keys].map(([key, secret]) => ({ key, secret }));
}

/** Settings of a device profile that hold credentials (kept secret). */
const SECRET_SETTINGS = new Set(["password"]);

export class ConfigRefused extends Error {
  override readonly name = "ConfigRefused";
}

/**
 * Checks `--config` pairs against what the lab and its program accept; returns them as stack
 * config (secret ones marked) or throws one error naming every refused key and why.
 */
export function labConfigOverrides(
  given: Readonly<Record<string, string>>,
  project: string,
  programKeys: readonly ProgramKey[],
): Record<string, ConfigValue> {
  const deviceKeys = PROFILES.flatMap((profile) => SETTING_KEYS.map((key) => `${profile}:${key}`));
  const known = [...programKeys.map((k) => k.key), ...deviceKeys.filter((k) => !k.endsWith(":url"))];
  const accepted: Record<string, ConfigValue> = {};
  const refused: string[] = [];
  for (const [key, value] of Object.entries(given)) {
    const bare = key.startsWith(`${project}:`) ? key.slice(project.length + 1) : key;
    const programKey = programKeys.find((k) => k.key === bare);
    if (programKey) {
      accepted[bare] = { value, ...(programKey.secret ? { secret: true } : {}) };
      continue;
    }
    const [profile, setting] = key.split(":", 2);
    if ((PROFILES as readonly string[]).includes(profile) && setting === "url") {
      refused.push(
        `${key}: the lab points device profile "${profile}" at its emulator on 127.0.0.1 ` +
          "(choose the port with --cms-port, --expc-port or --expe-port); it never talks to another address",
      );
      continue;
    }
    if (deviceKeys.includes(key)) {
      accepted[key] = { value, ...(SECRET_SETTINGS.has(setting) ? { secret: true } : {}) };
      continue;
    }
    refused.push(`${key}: neither the program nor a device profile reads it${didYouMean(key, known)}`);
  }
  if (refused.length > 0) {
    throw new ConfigRefused(
      `--config refused:\n${refused.map((r) => `  ${r}`).join("\n")}\n` + `known keys: ${known.join(", ")}`,
    );
  }
  return accepted;
}
