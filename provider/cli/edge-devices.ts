import {
  type ConfigSource,
  deviceProfilesFrom,
  envName,
  SETTING_HELP,
  SETTING_KEYS,
  type SettingKey,
  SettingsError,
} from "../connection";
import { TransportError } from "../device/http";
import { DeviceError } from "../device/types";
import { allDescriptions } from "../schema";
import type { ObjectDescription } from "../schema/types";
import { maskSecrets } from "../secrets";
import { connectDevices, describedProfiles, type ListedDevice } from "../export/listing";
import { type CliIo, EXIT, UsageError } from "./command";

/**
 * The devices `cisco-edge export` and `audit` read: every profile the descriptions use whose
 * URL is set, from the environment variables the provider falls back to (CMS_URL,
 * EXPRESSWAYC_USERNAME, ...), read by the provider's own settings code.
 */

/** Stack-config-style keys (`cms:url`) read from the CLI's environment by the provider's variable names. */
export function environmentSettings(env: CliIo["env"]): ConfigSource {
  return {
    get(key) {
      const [profile, setting] = key.split(":", 2);
      if (!(SETTING_KEYS as readonly string[]).includes(setting)) return undefined;
      const value = env[envName(profile, setting as SettingKey)];
      return value === "" ? undefined : value;
    },
  };
}

/** The profiles whose URL is set; none is wrong usage, naming the variables to set. */
export function configuredProfiles(source: ConfigSource) {
  const configured = describedProfiles().filter((p) => source.get(`${p.profile}:url`) !== undefined);
  if (configured.length === 0) {
    const names = describedProfiles().map((p) => `${envName(p.profile, "url")}`);
    throw new UsageError(
      `no device profile is set: set ${names.join(", ")} (with the matching _USERNAME and _PASSWORD) for ` +
        "the devices to read",
    );
  }
  return configured;
}

/** Each profile's non-secret settings as set (key, value), for the exported stack config file. */
export function plainSettings(source: ConfigSource, profile: string): [string, string][] {
  return SETTING_KEYS.filter((key) => !SETTING_HELP[key].secret).flatMap((key) => {
    const value = source.get(`${profile}:${key}`);
    return value === undefined ? [] : [[key, value] as [string, string]];
  });
}

/** `--only Kind,Kind`: the kinds named, each a described kind (a wrong one is usage, listing the known). */
export function kindsFrom(only: string | undefined): readonly ObjectDescription[] | undefined {
  if (only === undefined) return undefined;
  const names = only
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n !== "");
  const unknown = names.filter((n) => !allDescriptions.some((d) => d.resource === n));
  if (names.length === 0 || unknown.length > 0)
    throw new UsageError(
      `--only: unknown kind ${unknown.map((n) => JSON.stringify(n)).join(", ") || "(none given)"}; known: ` +
        allDescriptions.map((d) => d.resource).join(", "),
    );
  return allDescriptions.filter((d) => names.includes(d.resource));
}

/** A failure reaching or reading a device, as the user should read it; undefined for any other error. */
function deviceFailure(error: unknown): string | undefined {
  const ours = error instanceof TransportError || error instanceof DeviceError || error instanceof SettingsError;
  return ours ? error.message : undefined;
}

/**
 * Runs `work` on the configured devices (each asked what it runs first, so a wrong password or an
 * unreachable device stops here). Settings problems are wrong usage (exit 2); a device that cannot
 * be reached or refuses is exit 1, with the message (the profiles' secrets masked) on stderr.
 */
export async function onEdgeDevices(
  io: CliIo,
  command: string,
  work: (devices: readonly ListedDevice[], source: ConfigSource) => Promise<number>,
): Promise<number> {
  const source = environmentSettings(io.env);
  const configured = configuredProfiles(source);
  const profiles = deviceProfilesFrom(source);
  const problems = configured.flatMap((p) => profiles.problems(p.profile).map((text) => `${p.profile}: ${text}`));
  if (problems.length > 0) throw new UsageError(problems.join("\n"));
  const secrets = configured.flatMap((p) => profiles.secretsOf(p.profile));
  try {
    const settings = configured.map((p) => ({ ...p, settings: profiles.resolve(p.profile) }));
    io.err(`Reading ${settings.map((p) => `${p.profile} (${p.settings.url})`).join(", ")}`);
    return await work(await connectDevices(settings), source);
  } catch (error) {
    const message = deviceFailure(error);
    if (message === undefined) throw error;
    io.err(`cisco-edge ${command}: ${maskSecrets(message, secrets)}`);
    return EXIT.failed;
  }
}
