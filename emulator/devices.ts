import { type CmsEmulator, startCmsEmulator } from "./cms";
import { type ExpresswayEmulator, startExpresswayEmulator } from "./expressway";
import type { FaultPlanOptions } from "./faults";
import type { EmulatorServer } from "./server";

/** The three emulated devices of the dual-domain topology, and the stack config that points at them. */

export const PROFILES = ["cms", "expresswayC", "expresswayE"] as const;
export type Profile = (typeof PROFILES)[number];

export interface Devices {
  readonly cms: CmsEmulator;
  readonly expC: ExpresswayEmulator;
  readonly expE: ExpresswayEmulator;
  readonly byProfile: Readonly<Record<Profile, EmulatorServer>>;
  close(): Promise<void>;
}

export interface DevicesOptions {
  readonly ports?: Partial<Record<Profile, number>>;
  readonly tls?: { key: string; cert: string };
  readonly faults?: FaultPlanOptions;
  readonly duplicateAnswers200?: boolean;
  /** Expressway DNS server entries wrapped in `DefaultDNSServers`, as Cisco's guide prints them. */
  readonly wrappedListEntries?: boolean;
  /** Expressway "not found" and "already exists" in other words than the emulator's own [GAP]. */
  readonly otherWording?: { readonly missing: string; readonly duplicate: string };
  readonly unknownIdStatus?: 400 | 404;
  /** CMS release to emulate (default CMS_DEFAULT_VERSION, the guide's 2.2). */
  readonly cmsVersion?: string;
  /** Release both Expressways emulate (default EXPRESSWAY_DEFAULT_VERSION). */
  readonly expresswayVersion?: string;
}

export async function startDevices(options: DevicesOptions = {}): Promise<Devices> {
  const { tls, faults } = options;
  const cms = await startCmsEmulator({
    port: options.ports?.cms,
    tls,
    faults,
    unknownIdStatus: options.unknownIdStatus,
    cmsVersion: options.cmsVersion,
  });
  const startExpressway = (personality: "C" | "E", port: number | undefined) =>
    startExpresswayEmulator({
      personality,
      port,
      tls,
      faults,
      duplicateAnswers200: options.duplicateAnswers200,
      wrappedListEntries: options.wrappedListEntries,
      otherWording: options.otherWording,
      version: options.expresswayVersion,
    });
  const expC = await startExpressway("C", options.ports?.expresswayC);
  const expE = await startExpressway("E", options.ports?.expresswayE);
  const byProfile = { cms, expresswayC: expC, expresswayE: expE };
  return {
    cms,
    expC,
    expE,
    byProfile,
    close: async () => void (await Promise.all([cms, expC, expE].map((d) => d.close()))),
  };
}

export interface ProfileSetting {
  /** Namespaced stack-config key, e.g. `cms:url`. */
  readonly key: string;
  readonly value: string;
  readonly secret: boolean;
}

/** The url/username/password settings of each device profile, as `pulumi config set` would hold them. */
export function profileSettings(
  byProfile: Readonly<Record<Profile, Pick<EmulatorServer, "url" | "username" | "password">>>,
): ProfileSetting[] {
  return PROFILES.flatMap((profile) => [
    { key: `${profile}:url`, value: byProfile[profile].url, secret: false },
    { key: `${profile}:username`, value: byProfile[profile].username, secret: false },
    { key: `${profile}:password`, value: byProfile[profile].password, secret: true },
  ]);
}
