import type { ConnectionSettings } from "../connection";
import { childrenNamed, findElement, parseXml, textOf } from "../xml";
import { send } from "./http";

/**
 * What a device says about itself, read by the release check (device/version.ts) and the
 * identity check (device/identity.ts). Undefined when it does not answer 200 with a body of
 * the expected kind; a transport failure is thrown.
 */

/** The HTTP status of the answer, and what it said about the device (undefined unless a 200 of the expected kind). */
export interface AboutAnswer<T> {
  readonly status: number;
  readonly about: T | undefined;
}

/** CMS `GET /api/v1/system/status`, with its status code. */
export async function readCmsSystemStatus(settings: ConnectionSettings): Promise<AboutAnswer<unknown>> {
  const answer = await send(settings, { method: "GET", path: "/api/v1/system/status" });
  return {
    status: answer.status,
    about: answer.status === 200 ? findElement(parseXml(answer.body), "status") : undefined,
  };
}

/** CMS `GET /api/v1/system/status`: its `<status>` element. */
export async function cmsSystemStatus(settings: ConnectionSettings): Promise<unknown> {
  return (await readCmsSystemStatus(settings)).about;
}

/** Expressway `GET /api/provisioning/sysinfo`, with its status code. */
export async function readExpresswaySysinfo(
  settings: ConnectionSettings,
): Promise<AboutAnswer<Record<string, unknown>>> {
  const answer = await send(settings, { method: "GET", path: "/api/provisioning/sysinfo" });
  if (answer.status !== 200) return { status: answer.status, about: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return { status: answer.status, about: undefined };
  }
  const record = Array.isArray(parsed) ? parsed[0] : parsed;
  return {
    status: answer.status,
    about: record && typeof record === "object" ? (record as Record<string, unknown>) : undefined,
  };
}

/** Expressway `GET /api/provisioning/sysinfo`: its record (some releases answer a one-element list). */
export async function expresswaySysinfo(settings: ConnectionSettings): Promise<Record<string, unknown> | undefined> {
  return (await readExpresswaySysinfo(settings)).about;
}

/** The Expressway status document's `<Status>` root, as a public X8.11.3 capture shows it. */
async function expresswayStatusRoot(settings: ConnectionSettings): Promise<Record<string, unknown> | undefined> {
  const answer = await send(settings, { method: "GET", path: "/status.xml" });
  if (answer.status !== 200) return undefined;
  return findElement(parseXml(answer.body), "Status") as Record<string, unknown> | undefined;
}

/** The Expressway status document's root attribute `version` ("X8.11.3"), as a public capture shows it. */
export async function expresswayStatusXmlVersion(settings: ConnectionSettings): Promise<string | undefined> {
  const version = (await expresswayStatusRoot(settings))?.["@_version"];
  return typeof version === "string" ? version : undefined;
}

/** The serial number the status document reports (`SystemUnit/Hardware/SerialNumber`, as in the capture). */
export async function expresswayStatusSerialNumber(settings: ConnectionSettings): Promise<string | undefined> {
  const unit = childrenNamed(await expresswayStatusRoot(settings), "SystemUnit")[0];
  const serial = textOf(childrenNamed(childrenNamed(unit, "Hardware")[0], "SerialNumber")[0])?.trim();
  return serial ? serial : undefined;
}
