import type { ConnectionSettings } from "../connection";
import type { DeviceFamily } from "../schema/types";
import { releaseIn } from "../schema/versions";
import { childrenNamed, textOf } from "../xml";
import { cmsSystemStatus, expresswayStatusXmlVersion, expresswaySysinfo } from "./about";

/**
 * Which software release a device runs, asked once per device profile and URL: CMS
 * `GET /api/v1/system/status` (`softwareVersion`), Expressway `GET /api/provisioning/sysinfo`
 * (a key naming the software version; its exact spelling is not published [GAP], so it is
 * matched loosely, a software version before any other), else the `version` attribute of
 * `/status.xml`'s root, which a public X8.11.3 capture shows [C]. A `<profile>:version`
 * setting wins and costs no request: it is how a user states the release of a device whose
 * API does not tell. Where check's preflight (device/preflight.ts) has read the same document
 * already, its answer is used: no second request.
 */

const known = new Map<string, Promise<string | undefined>>();

/**
 * What each device answered to preflight's read of the same document (device/preflight.ts),
 * which check sends before any write: the release is then read from that answer, not asked
 * again (one GET per device and run, not two).
 */
const saidInPreflight = new Map<string, unknown>();

const deviceKey = (settings: ConnectionSettings, family: DeviceFamily) =>
  `${family}\u0000${settings.profile}\u0000${settings.url}`;

/** Forgets what was learnt (tests restart devices at other releases). */
export function forgetDeviceVersions(): void {
  known.clear();
  saidInPreflight.clear();
}

/** Keeps what the device said about itself (a 200 of the expected kind) for the release check to read. */
export function rememberWhatDeviceSaid(settings: ConnectionSettings, family: DeviceFamily, about: unknown): void {
  if (about !== undefined) saidInPreflight.set(deviceKey(settings, family), about);
}

/** A version as the schema compares it, or undefined when the text is not one. */
function asVersion(text: unknown): string | undefined {
  return typeof text === "string" || typeof text === "number" ? releaseIn(String(text)) : undefined;
}

/** The release in what a device said about itself (CMS system/status, Expressway sysinfo). */
export function releaseReported(family: DeviceFamily, about: unknown): string | undefined {
  if (family === "cms") return asVersion(textOf(childrenNamed(about, "softwareVersion")[0]));
  if (!about || typeof about !== "object") return undefined;
  const record = about as Record<string, unknown>;
  const keys = Object.keys(record);
  // A hardware, API or BIOS version is not the release.
  const key =
    keys.find((k) => /software.?version/i.test(k)) ??
    keys.find((k) => /version/i.test(k) && !/hardware|api|bios|raml|schema|serial/i.test(k));
  return key ? asVersion(record[key]) : undefined;
}

/** Expressway's release from /status.xml, where sysinfo does not say it. */
export async function statusXmlRelease(settings: ConnectionSettings): Promise<string | undefined> {
  return asVersion(await expresswayStatusXmlVersion(settings));
}

async function askRelease(settings: ConnectionSettings, family: DeviceFamily): Promise<string | undefined> {
  const key = deviceKey(settings, family);
  const about = saidInPreflight.has(key)
    ? saidInPreflight.get(key)
    : family === "cms"
      ? await cmsSystemStatus(settings)
      : await expresswaySysinfo(settings);
  const release = releaseReported(family, about);
  return release !== undefined || family === "cms" ? release : await statusXmlRelease(settings);
}

/** The release the profile's device runs, or undefined when neither the setting nor the device tells. */
export function deviceVersion(settings: ConnectionSettings, family: DeviceFamily): Promise<string | undefined> {
  if (settings.version !== undefined) return Promise.resolve(asVersion(settings.version));
  const key = deviceKey(settings, family);
  let version = known.get(key);
  if (!version) {
    version = askRelease(settings, family).then(
      (answer) => {
        // No answer (refused credentials, no such call) is not remembered: the next write asks again.
        if (answer === undefined) known.delete(key);
        return answer;
      },
      (error: unknown) => {
        // Not remembered either, and a real outage shows in the write's own request.
        known.delete(key);
        throw error;
      },
    );
    known.set(key, version);
  }
  return version;
}
