import { isIP } from "node:net";

/**
 * Device connection settings. They come from stack config handed to the dynamic
 * provider's `configure` (one namespace per device profile, e.g. `cms:url`), with
 * environment-variable fallbacks (`CMS_URL`), and never become resource inputs.
 */

export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface ConnectionSettings {
  readonly profile: string;
  /** Base URL without a trailing slash, e.g. https://cms.octavio.local:445 */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** PEM CA certificate(s) that sign the device's certificate. */
  readonly caCert?: string;
  /** Skip TLS verification (explicit opt-in; warned about). */
  readonly insecure: boolean;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly maxConcurrency: number;
  readonly maxRetries: number;
  /** Base of the exponential backoff; tests lower it. */
  readonly retryBaseMs: number;
  /**
   * What a changed `url` means when the device's identity cannot settle it: the same
   * device under another name (objects stay), or a new device (objects are re-created).
   */
  readonly urlChange?: UrlChange;
}

export type UrlChange = "same-device" | "new-device";

export const SETTING_KEYS = [
  "url",
  "username",
  "password",
  "caCert",
  "insecure",
  "timeoutSeconds",
  "connectTimeoutSeconds",
  "maxConcurrency",
  "maxRetries",
  "retryBaseMs",
  "urlChange",
] as const;
type SettingKey = (typeof SETTING_KEYS)[number];

export function envName(profile: string, key: SettingKey): string {
  const snake = key.replace(/([a-z])([A-Z])/g, "$1_$2");
  return `${profile.replace(/-/g, "_")}_${snake}`.toUpperCase();
}

type Lookup = (profile: string, key: SettingKey) => { value: string | undefined; source: string };

/** A setting from stack config, else from its environment variable; empty counts as unset. */
function lookupIn(config: ConfigSource | undefined): Lookup {
  return (profile, key) => {
    const fromConfig = config?.get(`${profile}:${key}`);
    if (fromConfig !== undefined && fromConfig !== "") return { value: fromConfig, source: `config ${profile}:${key}` };
    const env = envName(profile, key);
    const fromEnv = process.env[env];
    return { value: fromEnv === "" ? undefined : fromEnv, source: `environment variable ${env}` };
  };
}

export class SettingsError extends Error {
  override readonly name = "SettingsError";
}

function howToSet(profile: string, key: SettingKey, example: string, secret = false): string {
  const command = `pulumi config set ${secret ? "--secret " : ""}${profile}:${key} ${example}`;
  return `set it with \`${command}\` or the environment variable ${envName(profile, key)}`;
}

function isLoopback(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, "");
  return bare === "localhost" || bare === "::1" || (isIP(bare) === 4 && bare.startsWith("127."));
}

function numberSetting(
  lookup: Lookup,
  profile: string,
  key: SettingKey,
  fallback: number,
  min: number,
  max: number,
): number {
  const { value, source } = lookup(profile, key);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    throw new SettingsError(
      `Device profile "${profile}": ${source} is ${JSON.stringify(value)}; a number from ${min} to ${max} is required.`,
    );
  }
  return parsed;
}

/** Where the provider gets a device profile's connection settings from. */
export interface DeviceProfiles {
  /** Resolves one device profile; throws a message naming the missing or malformed key and how to set it. */
  resolve(profile: string): ConnectionSettings;
  /** The URL a device profile points at, or undefined when it is not configured (diff must not fail on it). */
  urlOf(profile: string): string | undefined;
}

/**
 * The device profiles of one stack: the stack config the dynamic provider's `configure`
 * was handed (namespaces kept, secrets decrypted), with environment-variable fallbacks.
 * Without stack config (before `configure`, or outside Pulumi) only the environment is read.
 */
export function deviceProfilesFrom(config?: ConfigSource): DeviceProfiles {
  const lookup = lookupIn(config);
  const resolve = (profile: string) => resolveConnection(lookup, profile);
  return {
    resolve,
    urlOf(profile) {
      try {
        return resolve(profile).url;
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * A device URL the provider may use, normalised to scheme://host[:port]: https, or plain
 * http only to loopback (emulators). Applied to the profile's URL and to any URL recorded
 * in state, so no credentials go over plain HTTP to another host whatever a state file says.
 */
export function checkedDeviceUrl(profile: string, value: string, source: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new SettingsError(
      `Device profile "${profile}": ${source} is ${JSON.stringify(value)}, which is not a URL; ` +
        "give the management address, e.g. https://cms.example.com:445.",
    );
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new SettingsError(
      `Device profile "${profile}": ${source} must start with https:// (got ${JSON.stringify(value)}).`,
    );
  }
  if (parsed.protocol === "http:" && !isLoopback(parsed.hostname)) {
    throw new SettingsError(
      `Device profile "${profile}": plain http:// is only allowed for loopback emulators; ` +
        `${source} is ${JSON.stringify(value)}. ` +
        `Use https:// (with ${profile}:caCert for a self-signed device).`,
    );
  }
  if (parsed.username || parsed.password || (parsed.pathname !== "/" && parsed.pathname !== "") || parsed.search) {
    throw new SettingsError(
      `Device profile "${profile}": ${source} must be scheme://host[:port] only, ` +
        "without credentials, path or query.",
    );
  }
  return `${parsed.protocol}//${parsed.host}`;
}

function resolveConnection(lookup: Lookup, profile: string): ConnectionSettings {
  const url = lookup(profile, "url");
  if (url.value === undefined)
    throw new SettingsError(
      `Device profile "${profile}" has no URL: ${howToSet(profile, "url", "https://device.example.com:445")}.`,
    );
  const deviceUrl = checkedDeviceUrl(profile, url.value, url.source);
  const username = lookup(profile, "username").value;
  if (username === undefined)
    throw new SettingsError(`Device profile "${profile}" has no user name: ${howToSet(profile, "username", "admin")}.`);
  const password = lookup(profile, "password").value;
  if (password === undefined)
    throw new SettingsError(
      `Device profile "${profile}" has no password: ${howToSet(profile, "password", "<password>", true)}.`,
    );
  const caCert = lookup(profile, "caCert");
  if (caCert.value !== undefined && !caCert.value.includes("-----BEGIN CERTIFICATE-----")) {
    throw new SettingsError(
      `Device profile "${profile}": ${caCert.source} must hold PEM text (-----BEGIN CERTIFICATE-----...), ` +
        `e.g. \`pulumi config set ${profile}:caCert -- "$(cat ca.pem)"\`.`,
    );
  }
  const insecureText = lookup(profile, "insecure");
  if (insecureText.value !== undefined && !["true", "false"].includes(insecureText.value)) {
    throw new SettingsError(
      `Device profile "${profile}": ${insecureText.source} must be true or false ` +
        `(got ${JSON.stringify(insecureText.value)}).`,
    );
  }
  const urlChange = lookup(profile, "urlChange");
  if (urlChange.value !== undefined && urlChange.value !== "same-device" && urlChange.value !== "new-device") {
    throw new SettingsError(
      `Device profile "${profile}": ${urlChange.source} must be same-device or new-device ` +
        `(got ${JSON.stringify(urlChange.value)}).`,
    );
  }
  return {
    profile,
    url: deviceUrl,
    ...(urlChange.value !== undefined ? { urlChange: urlChange.value as UrlChange } : {}),
    username,
    password,
    ...(caCert.value !== undefined ? { caCert: caCert.value } : {}),
    insecure: insecureText.value === "true",
    timeoutMs: numberSetting(lookup, profile, "timeoutSeconds", 60, 1, 3600) * 1000,
    connectTimeoutMs: numberSetting(lookup, profile, "connectTimeoutSeconds", 10, 1, 600) * 1000,
    maxConcurrency: numberSetting(lookup, profile, "maxConcurrency", 6, 1, 64),
    maxRetries: numberSetting(lookup, profile, "maxRetries", 5, 0, 20),
    retryBaseMs: numberSetting(lookup, profile, "retryBaseMs", 250, 1, 60_000),
  };
}
