import { randomBytes, randomInt } from "node:crypto";
import type { ConfigValue } from "../stack/config";
import type { SavedConfig } from "./saved-config";

/** The secrets examples/dual-domain takes as stack config, with the variables that override them. */
const EXAMPLE_SECRETS: readonly { key: string; env: string; generate: () => string }[] = [
  { key: "turnPassword", env: "LAB_TURN_PASSWORD", generate: () => randomBytes(15).toString("base64url") },
  { key: "traversalPassword", env: "LAB_TRAVERSAL_PASSWORD", generate: () => randomBytes(15).toString("base64url") },
  {
    key: "spacePasscode",
    env: "LAB_SPACE_PASSCODE",
    generate: () => `${randomInt(1, 10)}${Array.from({ length: 9 }, () => randomInt(0, 10)).join("")}`,
  },
];

/**
 * The example's secrets: from the environment, else saved in .lab/config.json (encrypted),
 * else generated once and saved.
 */
export function exampleSecrets(saved: SavedConfig): Record<string, ConfigValue> {
  const fromEnv = (env: string) => process.env[env];
  const kept = saved.secretsOrGenerated(
    Object.fromEntries(EXAMPLE_SECRETS.filter(({ env }) => !fromEnv(env)).map(({ key, generate }) => [key, generate])),
  );
  const out: Record<string, ConfigValue> = {};
  for (const { key, env } of EXAMPLE_SECRETS) {
    const value = fromEnv(env);
    out[key] = value ? { value, secret: true } : kept[key];
  }
  return out;
}
