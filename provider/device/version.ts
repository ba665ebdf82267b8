import { XMLParser } from "fast-xml-parser";
import type { ConnectionSettings } from "../connection";
import type { DeviceFamily } from "../schema/types";
import { checkVersion } from "../schema/versions";
import { send } from "./http";

/**
 * Which software release a device runs, asked once per device profile and URL: CMS
 * `GET /api/v1/system/status` (`softwareVersion`), Expressway `GET /api/provisioning/sysinfo`
 * (a key naming the version; its exact spelling is the emulator's reading [I], so it is
 * matched loosely). A `<profile>:version` setting wins and costs no request: it is how a
 * user states the release of a device whose API does not tell.
 */

const known = new Map<string, Promise<string | undefined>>();

/** Forgets what was learnt (tests restart devices at other releases). */
export function forgetDeviceVersions(): void {
  known.clear();
}

/** A version as the schema compares it, or undefined when the text is not one. */
function asVersion(text: unknown): string | undefined {
  if (typeof text !== "string" && typeof text !== "number") return undefined;
  try {
    return checkVersion(String(text).match(/x?\d+(\.\d+)+/i)?.[0] ?? "");
  } catch {
    return undefined;
  }
}

async function cmsVersion(settings: ConnectionSettings): Promise<string | undefined> {
  const answer = await send(settings, { method: "GET", path: "/api/v1/system/status" });
  if (answer.status !== 200) return undefined;
  const parsed = new XMLParser({ parseTagValue: false }).parse(answer.body) as {
    status?: { softwareVersion?: unknown };
  };
  return asVersion(parsed.status?.softwareVersion);
}

async function expresswayVersion(settings: ConnectionSettings): Promise<string | undefined> {
  const answer = await send(settings, { method: "GET", path: "/api/provisioning/sysinfo" });
  if (answer.status !== 200) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return undefined;
  }
  const record = (Array.isArray(parsed) ? parsed[0] : parsed) as Record<string, unknown> | undefined;
  if (!record || typeof record !== "object") return undefined;
  const key = Object.keys(record).find((k) => /version/i.test(k));
  return key ? asVersion(record[key]) : undefined;
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
