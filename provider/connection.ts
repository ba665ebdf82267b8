import * as fs from "node:fs";
import { isIP } from "node:net";
import * as path from "node:path";
import { checkVersion, isVersion } from "./schema/versions";
import { basicCredentials } from "./secrets";
import { nearest } from "./suggest";

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
  /**
   * Set when `url` is the one recorded in state for an existing object and differs from the
   * profile's own url: errors then say which URL was used and why, and how to move the objects.
   */
  readonly profileUrl?: string;
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
  /** Total time one call may take, retries and their waits included; then it fails. */
  readonly retryBudgetMs: number;
  /** How often a line says a request is still waiting for the device. */
  readonly progressIntervalMs: number;
  /**
   * What a changed `url` means when the device's identity cannot settle it: the same
   * device under another name (objects stay), or a new device (objects are re-created).
   */
  readonly urlChange?: UrlChange;
  /**
   * The device's software release when stack config states it (`<profile>:version`), e.g.
   * "2.2.1" or "X8.9.2": for devices whose API does not tell, and so that check can refuse
   * a field the release lacks without a request. Otherwise the provider asks the device.
   */
  readonly version?: string;
}

export const URL_CHANGES = ["same-device", "new-device"] as const;
export type UrlChange = (typeof URL_CHANGES)[number];

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
  "retryBudgetSeconds",
  "progressSeconds",
  "urlChange",
  "version",
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** What a setting holds, as docs/provider-configuration.md prints it (docgen-config.ts, `npm run generate`). */
export interface SettingHelp {
  readonly meaning: string;
  /** Unset: the default (numbers: from DEFAULTS). */
  readonly unset?: string;
  /** What the provider accepts (numbers: from NUMBER_LIMITS). */
  readonly allowed?: string;
  /** A value for the example `pulumi config set` line. */
  readonly example?: string;
  readonly secret?: boolean;
}

/**
 * Every setting's help, keyed by the settings themselves so a new setting cannot go
 * undocumented. Numbers take their default and range from DEFAULTS and NUMBER_LIMITS,
 * which readProfile enforces, so the page cannot drift from what the provider does.
 */
export const SETTING_HELP: Readonly<Record<SettingKey, SettingHelp>> = {
  url: {
    meaning:
      "`https://host[:port]` of the device's management API; scheme, host and port only. " +
      "Plain `http://` only to a loopback address (the emulators).",
    unset: "required",
    example: "https://cms.octavio.local:445",
  },
  username: { meaning: "API administrator account.", unset: "required", example: "admin" },
  password: { meaning: "Its password.", unset: "required", example: "'...'", secret: true },
  caCert: {
    meaning:
      "CA certificate(s) that sign a self-signed device's certificate: the PEM text, or the path of a PEM file " +
      "(relative to the project directory).",
    unset: "the system's CAs",
    example: '-- "$(cat ca.pem)"',
  },
  insecure: {
    meaning: "`true` skips TLS certificate verification; the provider prints a warning once per device.",
    unset: "`false`",
    allowed: "`true`, `false`",
  },
  timeoutSeconds: { meaning: "Time one request may take." },
  connectTimeoutSeconds: { meaning: "Time to open the connection." },
  maxConcurrency: {
    meaning: "Requests in flight to this device at once, however many resources Pulumi runs in parallel.",
  },
  maxRetries: {
    meaning:
      "Retries of a GET, PUT or DELETE after a busy, throttled, failed or dropped answer. A POST is never " +
      "repeated blindly: the object is looked up first.",
  },
  retryBaseMs: {
    meaning:
      "Base of the exponential backoff between retries (with jitter, at most 10 s a wait; a device's " +
      "`Retry-After` is honoured up to 60 s).",
  },
  retryBudgetSeconds: { meaning: "Total time one call may take with its retries and waits; then it fails." },
  progressSeconds: { meaning: "How often a line says a request is still waiting for the device." },
  urlChange: {
    meaning:
      "What a changed `url` means when the device's identity cannot settle it: `same-device` (another name " +
      "for the same device: the objects stay) or `new-device` (the objects are re-created there).",
    unset: "decided by the device's identity",
    allowed: URL_CHANGES.map((v) => `\`${v}\``).join(", "),
  },
  version: {
    meaning:
      "The device's software release. Check then refuses a field, value or object the release lacks " +
      "without sending a request; needed where the API does not tell.",
    unset: "asked from the device (CMS `system/status`, Expressway `sysinfo`)",
    allowed: "a release such as `2.2.1` (CMS) or `X8.11.4` (Expressway)",
  },
};

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

/**
 * A warning for each stack-config key in a device profile's namespace that is no setting
 * (`cms:timeoutSecond`, `cms:insecur`): the provider never reads it, so without a word the
 * device would get the default. A namespace is a device profile when it holds a `url` or is
 * one the resources use by default; other namespaces (the project's, other providers') are not
 * looked at.
 */
export function unknownSettingWarnings(keys: readonly string[], defaultProfiles: readonly string[]): string[] {
  const split = keys.filter((key) => key.includes(":")).map((key) => key.split(":", 2) as [string, string]);
  const profiles = new Set([...defaultProfiles, ...split.filter(([, key]) => key === "url").map(([p]) => p)]);
  return split
    .filter(([profile, key]) => profiles.has(profile) && !(SETTING_KEYS as readonly string[]).includes(key))
    .map(([profile, key]) => {
      const match = nearest(key, SETTING_KEYS);
      const hint = match ? `did you mean ${profile}:${match}? ` : "";
      return (
        `warning: ${profile}:${key} is not a setting of device profile "${profile}" and is ignored ` +
        `(${hint}settings: ${SETTING_KEYS.join(", ")})`
      );
    });
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

/** Where the provider gets a device profile's connection settings from. */
export interface DeviceProfiles {
  /** Resolves one device profile; throws a message naming the missing or malformed key and how to set it. */
  resolve(profile: string): ConnectionSettings;
  /**
   * Every problem of a device profile at once (missing or malformed keys, unreadable CA
   * file), each naming the exact config key and how to set it; empty when it is usable.
   * Reads no device: check calls it before anything is sent.
   */
  problems(profile: string): string[];
  /** The URL a device profile points at, or undefined when it is not configured (diff must not fail on it). */
  urlOf(profile: string): string | undefined;
  /** The release `<profile>:version` states, or undefined (check must not fail on it, nor send a request). */
  versionOf(profile: string): string | undefined;
  /**
   * Every secret a profile's settings hold, whether or not the profile is usable: its password,
   * the Basic `Authorization` value it is sent as, a password written into its URL. Messages
   * about the profile are masked with them (check's failures included).
   */
  secretsOf(profile: string): string[];
}

/**
 * The device profiles of one stack: the stack config the dynamic provider's `configure`
 * was handed (namespaces kept, secrets decrypted), with environment-variable fallbacks.
 * Without stack config (before `configure`, or outside Pulumi) only the environment is read.
 */
export function deviceProfilesFrom(config?: ConfigSource): DeviceProfiles {
  const lookup = lookupIn(config);
  const resolve = (profile: string) => {
    const { settings, problems } = readProfile(lookup, profile);
    if (!settings) throw new SettingsError(describeProblems(profile, problems));
    return settings;
  };
  return {
    resolve,
    problems: (profile) => readProfile(lookup, profile).problems,
    urlOf(profile) {
      try {
        return resolve(profile).url;
      } catch {
        return undefined;
      }
    },
    versionOf(profile) {
      try {
        return checkVersion(lookup(profile, "version").value ?? "");
      } catch {
        return undefined;
      }
    },
    secretsOf(profile) {
      const password = lookup(profile, "password").value;
      const username = lookup(profile, "username").value ?? "";
      const credentials = password === undefined ? [] : [password, basicCredentials(username, password)];
      return [...credentials, ...userinfoPassword(lookup(profile, "url").value ?? "")];
    },
  };
}

/** One message for all of a profile's problems, so one run shows everything to fix. */
export function describeProblems(profile: string, problems: readonly string[]): string {
  return problems.length === 1
    ? `Device profile "${profile}": ${problems[0]}`
    : `Device profile "${profile}" has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}

/** Defaults that fail a stalled device in about a minute (20 s per request, 60 s per call with its retries). */
export const DEFAULTS = {
  timeoutSeconds: 20,
  connectTimeoutSeconds: 5,
  maxConcurrency: 6,
  maxRetries: 5,
  retryBaseMs: 250,
  retryBudgetSeconds: 60,
  progressSeconds: 5,
} as const;

/** The range each number setting accepts: readProfile enforces it, the generated page prints it. */
export const NUMBER_LIMITS: Readonly<Record<keyof typeof DEFAULTS, readonly [number, number]>> = {
  timeoutSeconds: [1, 3600],
  connectTimeoutSeconds: [1, 600],
  maxConcurrency: [1, 64],
  maxRetries: [0, 20],
  retryBaseMs: [1, 60_000],
  retryBudgetSeconds: [1, 86_400],
  progressSeconds: [0.05, 3600],
};

const PEM_MARK = "-----BEGIN CERTIFICATE-----";

/** caCert holds PEM text, or the path of a PEM file (relative to the project directory). */
function readCaCert(
  profile: string,
  caCert: { value: string | undefined; source: string },
  problems: string[],
): string | undefined {
  if (caCert.value === undefined) return undefined;
  if (caCert.value.includes(PEM_MARK)) return caCert.value;
  const file = path.resolve(caCert.value);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code ?? "unreadable";
    problems.push(
      `${caCert.source} names the CA file ${JSON.stringify(caCert.value)}, which cannot be read (${code}); ` +
        `give a readable PEM file or the PEM text: \`pulumi config set ${profile}:caCert -- "$(cat ca.pem)"\`.`,
    );
    return undefined;
  }
  if (!text.includes(PEM_MARK)) {
    problems.push(
      `${caCert.source}: the file ${JSON.stringify(caCert.value)} holds no PEM certificate (${PEM_MARK}...).`,
    );
    return undefined;
  }
  return text;
}

function readUrl(profile: string, lookup: Lookup, problems: string[]): string | undefined {
  const url = lookup(profile, "url");
  if (url.value === undefined) {
    problems.push(`${profile}:url is not set: ${howToSet(profile, "url", "https://device.example.com:445")}.`);
    return undefined;
  }
  const checked = checkUrl(profile, url.value, url.source);
  if ("problem" in checked) {
    problems.push(checked.problem);
    return undefined;
  }
  return checked.url;
}

/**
 * A device URL as a message may show it: whatever comes before an `@` (userinfo: a user
 * name and maybe a password) is left out, parsable or not, so a password written into a
 * URL is never echoed.
 */
export function withoutUserinfo(value: string): string {
  const at = value.lastIndexOf("@");
  if (at < 0) return value;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0] ?? "";
  return `${scheme}…${value.slice(at)}`;
}

/** The password written into a URL's userinfo (as written and decoded), to mask wherever it could appear. */
function userinfoPassword(value: string): string[] {
  const at = value.lastIndexOf("@");
  if (at < 0) return [];
  const userinfo = value.slice(0, at).replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  const colon = userinfo.indexOf(":");
  if (colon < 0) return [];
  const written = userinfo.slice(colon + 1);
  try {
    return [written, decodeURIComponent(written)];
  } catch {
    return [written];
  }
}

function credentialsAdvice(profile: string): string {
  return (
    `credentials do not belong in the URL: remove them and set \`pulumi config set ${profile}:username <name>\` ` +
    `and \`pulumi config set --secret ${profile}:password <password>\``
  );
}

/**
 * A device URL the provider may use, normalized to scheme://host[:port]: https, or plain
 * http only to loopback (emulators). Applied to the profile's URL and to any URL recorded
 * in state, so no credentials go over plain HTTP to another host whatever a state file says.
 * A value is shown only without its userinfo; one with credentials is refused first.
 */
function checkUrl(profile: string, value: string, source: string): { url: string } | { problem: string } {
  const shown = JSON.stringify(withoutUserinfo(value));
  const advice = value.includes("@") ? `; ${credentialsAdvice(profile)}` : "";
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return {
      problem:
        `${source} is ${shown}, which is not a URL; ` +
        `give the management address, e.g. https://cms.example.com:445${advice}.`,
    };
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    return { problem: `${source} must start with https:// (got ${shown})${advice}.` };
  }
  if (parsed.username || parsed.password) {
    return { problem: `${source} holds credentials (${shown}); ${credentialsAdvice(profile)}.` };
  }
  if (parsed.protocol === "http:" && !isLoopback(parsed.hostname)) {
    return {
      problem:
        `plain http:// is only allowed for loopback emulators; ${source} is ${shown}. ` +
        `Use https:// (with ${profile}:caCert for a self-signed device)${advice}.`,
    };
  }
  if ((parsed.pathname !== "/" && parsed.pathname !== "") || parsed.search) {
    return { problem: `${source} must be scheme://host[:port] only, without path or query${advice}.` };
  }
  return { url: `${parsed.protocol}//${parsed.host}` };
}

/** checkUrl for a URL about to be used (e.g. one recorded in state): throws the problem. */
export function checkedDeviceUrl(profile: string, value: string, source: string): string {
  const checked = checkUrl(profile, value, source);
  if ("problem" in checked) throw new SettingsError(`Device profile "${profile}": ${checked.problem}`);
  return checked.url;
}

function readNumber(lookup: Lookup, profile: string, key: keyof typeof DEFAULTS, problems: string[]): number {
  const { value, source } = lookup(profile, key);
  if (value === undefined) return DEFAULTS[key];
  const parsed = Number(value);
  const [min, max] = NUMBER_LIMITS[key];
  if (value.trim() === "" || !Number.isFinite(parsed) || parsed < min || parsed > max) {
    problems.push(`${source} is ${JSON.stringify(value)}; a number from ${min} to ${max} is required.`);
    return DEFAULTS[key];
  }
  return parsed;
}

/** Reads every setting of one profile, collecting all problems rather than stopping at the first. */
function readProfile(lookup: Lookup, profile: string): { settings?: ConnectionSettings; problems: string[] } {
  const problems: string[] = [];
  const url = readUrl(profile, lookup, problems);
  const username = lookup(profile, "username").value;
  if (username === undefined)
    problems.push(`${profile}:username is not set: ${howToSet(profile, "username", "admin")}.`);
  const password = lookup(profile, "password").value;
  if (password === undefined)
    problems.push(`${profile}:password is not set: ${howToSet(profile, "password", "<password>", true)}.`);
  const caCert = readCaCert(profile, lookup(profile, "caCert"), problems);
  const insecureText = lookup(profile, "insecure");
  if (insecureText.value !== undefined && !["true", "false"].includes(insecureText.value)) {
    problems.push(`${insecureText.source} must be true or false (got ${JSON.stringify(insecureText.value)}).`);
  }
  const timeoutSeconds = readNumber(lookup, profile, "timeoutSeconds", problems);
  const connectTimeoutSeconds = readNumber(lookup, profile, "connectTimeoutSeconds", problems);
  const maxConcurrency = readNumber(lookup, profile, "maxConcurrency", problems);
  const maxRetries = readNumber(lookup, profile, "maxRetries", problems);
  const retryBaseMs = readNumber(lookup, profile, "retryBaseMs", problems);
  const retryBudgetSeconds = readNumber(lookup, profile, "retryBudgetSeconds", problems);
  const progressSeconds = readNumber(lookup, profile, "progressSeconds", problems);
  const urlChange = lookup(profile, "urlChange");
  if (urlChange.value !== undefined && !(URL_CHANGES as readonly string[]).includes(urlChange.value)) {
    problems.push(`${urlChange.source} must be ${URL_CHANGES.join(" or ")} (got ${JSON.stringify(urlChange.value)}).`);
  }
  const version = lookup(profile, "version");
  if (version.value !== undefined && !isVersion(version.value)) {
    problems.push(
      `${version.source} is ${JSON.stringify(version.value)}; ` +
        "a software release such as 2.2.1 (CMS) or X8.11.4 (Expressway) is required.",
    );
  }
  if (problems.length > 0 || url === undefined || username === undefined || password === undefined) return { problems };
  return {
    problems,
    settings: {
      profile,
      url,
      ...(urlChange.value !== undefined ? { urlChange: urlChange.value as UrlChange } : {}),
      username,
      password,
      ...(caCert !== undefined ? { caCert } : {}),
      insecure: insecureText.value === "true",
      timeoutMs: timeoutSeconds * 1000,
      connectTimeoutMs: connectTimeoutSeconds * 1000,
      maxConcurrency,
      maxRetries,
      retryBaseMs,
      retryBudgetMs: retryBudgetSeconds * 1000,
      progressIntervalMs: progressSeconds * 1000,
      ...(version.value !== undefined ? { version: version.value.trim() } : {}),
    },
  };
}
