import type { ConnectionSettings } from "../connection";
import type { DeviceFamily } from "../schema/types";
import { requestLabel } from "./http";
import { readCmsSystemStatus, readExpresswaySysinfo } from "./about";
import { identityIn } from "./identity";
import { credentialsRejected } from "./types";
import { releaseReported, rememberWhatDeviceSaid, statusXmlRelease } from "./version";

/**
 * What preview learns of a device before anything is written to it: that it accepts the
 * profile's credentials, which release it runs and who it is, from one read-only request
 * (CMS `GET /api/v1/system/status`, Expressway `GET /api/provisioning/sysinfo`; `/status.xml`
 * as well only where sysinfo does not give the release and `<profile>:version` states one to
 * compare). Asked once per device and credentials per provider process, and only for devices
 * whose resources have changes planned, so a no-op sends no request. The release check before
 * a write (device/version.ts) reads the same answer instead of asking again.
 */

export interface DeviceFacts {
  /** The release the device reports, or undefined when it does not say. */
  readonly release?: string;
  /** `hostId …` / `serial number …`, or undefined when the device does not say. */
  readonly identity?: string;
}

const asked = new Map<string, Promise<DeviceFacts>>();

/** Forgets what was learnt (tests change devices between runs in one process). */
export function forgetDeviceFacts(): void {
  asked.clear();
}

async function ask(settings: ConnectionSettings, family: DeviceFamily): Promise<DeviceFacts> {
  const answer = family === "cms" ? await readCmsSystemStatus(settings) : await readExpresswaySysinfo(settings);
  if (answer.status === 401) {
    const call = {
      method: "GET" as const,
      path: family === "cms" ? "/api/v1/system/status" : "/api/provisioning/sysinfo",
    };
    throw credentialsRejected(requestLabel(settings, call), settings.profile, "read", "what it runs, before any write");
  }
  rememberWhatDeviceSaid(settings, family, answer.about);
  let release = releaseReported(family, answer.about);
  if (release === undefined && family === "expressway" && settings.version !== undefined)
    release = await statusXmlRelease(settings);
  return { release, identity: identityIn(family, answer.about) };
}

/** The device's facts; a refused password throws (DeviceError "unauthorized"), naming the profile's keys. */
export function deviceFacts(settings: ConnectionSettings, family: DeviceFamily): Promise<DeviceFacts> {
  const key = JSON.stringify([family, settings.profile, settings.url, settings.username, settings.password]);
  let facts = asked.get(key);
  if (!facts) {
    // A refusal is remembered too: the same credentials get the same answer within one command.
    facts = ask(settings, family);
    asked.set(key, facts);
  }
  return facts;
}

/** Does the release the device reports agree with the one `<profile>:version` states ("2.2" agrees with "2.2.1")? */
export function sameRelease(stated: string, reported: string): boolean {
  const parts = (v: string) => v.replace(/^x/i, "").split(".").map(Number);
  const [a, b] = [parts(stated), parts(reported)];
  return a.every((n, i) => i >= b.length || n === b[i]);
}
