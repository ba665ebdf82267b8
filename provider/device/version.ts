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
 * API does not tell.
 */

const known = new Map<string, Promise<string | undefined>>();

/** Forgets what was learnt (tests restart devices at other releases). */
export function forgetDeviceVersions(): void {
  known.clear();
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

async function cmsVersion(settings: ConnectionSettings): Promise<string | undefined> {
  return releaseReported("cms", await cmsSystemStatus(settings));
}

async function expresswayVersion(settings: ConnectionSettings): Promise<string | undefined> {
  return releaseReported("expressway", await expresswaySysinfo(settings)) ?? (await statusXmlRelease(settings));
}

/** The release the profile's device runs, or undefined when neither the setting nor the device tells. */
export function deviceVersion(settings: ConnectionSettings, family: DeviceFamily): Promise<string | undefined> {
  if (settings.version !== undefined) return Promise.resolve(asVersion(settings.version));
  const key = `${family}\u0000${settings.profile}\u0000${settings.url}`;
  let version = known.get(key);
  if (!version) {
    version = (family === "cms" ? cmsVersion(settings) : expresswayVersion(settings)).then(
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
