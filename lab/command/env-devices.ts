import { PROFILES, type Profile } from "../../emulator/devices";
import { envName, type SettingKey } from "../../provider/connection";
import type { LabArgs } from "./args";

/**
 * `--devices env`: the lab runs its program against the devices the provider's own environment
 * variables name (`CMS_URL`, `CMS_USERNAME`, `CMS_PASSWORD`, `EXPRESSWAYC_…`, `EXPRESSWAYE_…`,
 * every setting of provider/connection.ts) instead of starting emulators. The provider reads
 * them itself, as under the Pulumi CLI (the engine's processes inherit the lab's environment),
 * so the lab adds no device-profile config: it only says which devices are used, and refuses
 * when none is named. A profile whose URL is unset is not used (its resources fail naming what to set).
 */

const LABELS: Readonly<Record<Profile, string>> = {
  cms: "CMS",
  expresswayC: "Expressway-C",
  expresswayE: "Expressway-E",
};

type Environment = Readonly<Record<string, string | undefined>>;

/** Which devices the environment names, as lines for the lab to print (never a password); throws when none. */
export function envDevices(env: Environment = process.env): string[] {
  const value = (profile: Profile, key: SettingKey) => {
    const text = env[envName(profile, key)];
    return text === undefined || text === "" ? undefined : text;
  };
  const set = PROFILES.filter((profile) => value(profile, "url") !== undefined);
  if (set.length === 0)
    throw new Error(
      "--devices env: no device profile is set in the environment. Set at least one of " +
        `${PROFILES.map((p) => envName(p, "url")).join(", ")}, with its ` +
        `${envName("cms", "username")}/${envName("cms", "password")}-style login ` +
        "(or run without --devices env to use the lab's emulators)",
    );
  return [
    "Devices from the environment (--devices env; no emulators are started):",
    ...PROFILES.map((profile) => {
      const label = LABELS[profile].padEnd(13);
      if (!set.includes(profile)) return `  ${label} not set (${envName(profile, "url")} is unset): not used`;
      const user = value(profile, "username");
      return `  ${label} ${value(profile, "url")}  user ${user ?? `(unset: ${envName(profile, "username")})`}`;
    }),
  ];
}

/** Flags only emulators the lab starts can honour: with --devices env each is refused, by name. */
export function emulatorOnlyFlags(args: LabArgs): string[] {
  const flags: string[] = [];
  if (args.ports.cms) flags.push("--cms-port");
  if (args.ports.expC) flags.push("--expc-port");
  if (args.ports.expE) flags.push("--expe-port");
  if (args.versions.cms) flags.push("--cms-version");
  if (args.versions.expressway) flags.push("--expressway-version");
  if (args.unconfirmed.length > 0) flags.push("--unconfirmed");
  if (args.verify) flags.push("verify");
  if (args.failures.length > 0) flags.push("--fail");
  return flags;
}
