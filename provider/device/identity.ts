import { XMLParser } from "fast-xml-parser";
import type { ConnectionSettings } from "../connection";
import { send } from "./http";

/**
 * What makes a device itself, whatever name it is reached by: Expressway's sysinfo
 * SerialNumber (the call is documented, its key names are not [I]), CMS's system/status
 * hostId (present in Cisco's sample answer; that it is unique per server is inferred [I]).
 * Undefined when the device cannot be asked or does not say: the caller must then not guess.
 */
export async function deviceIdentity(
  settings: ConnectionSettings,
  family: "cms" | "expressway",
): Promise<string | undefined> {
  try {
    if (family === "expressway") {
      const answer = await send(settings, { method: "GET", path: "/api/provisioning/sysinfo" });
      if (answer.status !== 200) return undefined;
      const serial = (JSON.parse(answer.body) as { SerialNumber?: unknown }).SerialNumber;
      return typeof serial === "string" && serial !== "" ? `serial number ${serial}` : undefined;
    }
    const answer = await send(settings, { method: "GET", path: "/api/v1/system/status" });
    if (answer.status !== 200) return undefined;
    const status = new XMLParser({ parseTagValue: false }).parse(answer.body) as { status?: { hostId?: unknown } };
    const hostId = status.status?.hostId;
    return typeof hostId === "string" && hostId !== "" ? `hostId ${hostId}` : undefined;
  } catch {
    return undefined;
  }
}
