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

async function cmsVersion(settings: ConnectionSettings): Promise<string | undefined> {
  return asVersion(textOf(childrenNamed(await cmsSystemStatus(settings), "softwareVersion")[0]));
}

async function sysinfoVersion(settings: ConnectionSettings): Promise<string | undefined> {
  const record = await expresswaySysinfo(settings);
  if (!record) return undefined;
  const keys = Object.keys(record);
  // A hardware, API or BIOS version is not the release.
  const key =
    keys.find((k) => /software.?version/i.test(k)) ??
    keys.find((k) => /version/i.test(k) && !/hardware|api|bios|raml|schema|serial/i.test(k));
  return key ? asVersion(record[key]) : undefined;
}

async function expresswayVersion(settings: ConnectionSettings): Promise<string | undefined> {
  return (await sysinfoVersion(settings)) ?? asVersion(await expresswayStatusXmlVersion(settings));
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
