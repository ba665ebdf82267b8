import { type CmsEmulator, startCmsEmulator } from "./cms";
import {
  type ExpresswayEmulator,
  type ExpresswayEmulatorOptions,
  type ExpresswayStatusAnswers,
  startExpresswayEmulator,
} from "./expressway";
import type { FaultPlanOptions } from "./faults";
import type { EmulatorServer } from "./server";
import { cmsVariantOptions, expresswayVariantOptions, type UnconfirmedVariant } from "./unconfirmed";

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
  /** Device behaviours no source settles, played another plausible way (emulator/unconfirmed.ts). */
  readonly unconfirmed?: readonly UnconfirmedVariant[];
  readonly unknownIdStatus?: 400 | 404;
  /** Tenants the CMS holds from the start, by id (default none; more can be created through /tenants). */
  readonly cmsTenants?: readonly string[];
  /** CMS release to emulate (default CMS_DEFAULT_VERSION, the guide's 2.2). */
  readonly cmsVersion?: string;
  /** Release both Expressways emulate (default EXPRESSWAY_DEFAULT_VERSION). */
  readonly expresswayVersion?: string;
  /** The Expressway-E's TURN over TCP port on 127.0.0.1 (default a free one). */
  readonly turnPort?: number;
  /** What the Expressway-E reports and does beyond its configuration (e.g. its TURN ProtocolMode). */
  readonly expresswayEStatusAnswers?: ExpresswayStatusAnswers;
  /** Wire names both Expressways use instead of the descriptions' (ExpresswayEmulatorOptions.wireNames). */
  readonly expresswayWireNames?: ExpresswayEmulatorOptions["wireNames"];
}

export async function startDevices(options: DevicesOptions = {}): Promise<Devices> {
  const { tls, faults } = options;
  const cms = await startCmsEmulator({
    port: options.ports?.cms,
    tls,
    faults,
    unknownIdStatus: options.unknownIdStatus,
    cmsVersion: options.cmsVersion,
    tenants: options.cmsTenants,
    ...cmsVariantOptions(options.unconfirmed ?? []),
  });
  const startExpressway = (personality: "C" | "E", port: number | undefined) =>
    startExpresswayEmulator({
      personality,
      port,
      ...(personality === "E" ? { turnPort: options.turnPort, statusAnswers: options.expresswayEStatusAnswers } : {}),
      tls,
      faults,
      duplicateAnswers200: options.duplicateAnswers200,
      version: options.expresswayVersion,
      ...expresswayVariantOptions(options.unconfirmed ?? []),
      ...(options.expresswayWireNames ? { wireNames: options.expresswayWireNames } : {}),
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
