/**
 * Stack configuration as `pulumi config` keeps it: namespaced keys (`cms:url`,
 * `<project>:turnPassword`), some of them secret. A key given without a namespace
 * belongs to the project, as in Pulumi.<stack>.yaml. Both engines (lab/fake-engine and
 * lab/real-engine) take a stack's config in this shape.
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

/** Settings such as emulator/devices.ts `profileSettings` gives, as stack config (secret ones marked). */
export function configFromSettings(
  settings: readonly { readonly key: string; readonly value: string; readonly secret: boolean }[],
): Record<string, string | ConfigValue> {
  return Object.fromEntries(
    settings.map((setting) => [setting.key, setting.secret ? { value: setting.value, secret: true } : setting.value]),
  );
}
