import type { ConnectionSettings } from "../connection";
import { childrenNamed, textOf } from "../xml";
import { cmsSystemStatus, expresswayStatusSerialNumber, expresswaySysinfo } from "./about";

/**
 * What makes a device itself, whatever name it is reached by: Expressway's sysinfo
 * SerialNumber (the call is documented, its key names are not [I]), else the serial number its
 * /status.xml reports (SystemUnit/Hardware/SerialNumber, a real X8.11.3 capture), CMS's system/status
 * hostId (present in Cisco's sample answer; that it is unique per server is inferred [I]).
 * Undefined when the device cannot be asked or does not say: the caller must then not guess.
 */
export async function deviceIdentity(
  settings: ConnectionSettings,
  family: "cms" | "expressway",
): Promise<string | undefined> {
  try {
    if (family === "cms") return identityIn(family, await cmsSystemStatus(settings));
    const fromSysinfo = identityIn(family, await expresswaySysinfo(settings));
    if (fromSysinfo !== undefined) return fromSysinfo;
    const serial = await expresswayStatusSerialNumber(settings);
    return serial !== undefined ? `serial number ${serial}` : undefined;
  } catch {
    return undefined;
  }
}

/** The identity in what a device said about itself (CMS system/status, Expressway sysinfo). */
export function identityIn(family: "cms" | "expressway", about: unknown): string | undefined {
  if (family === "expressway") {
    const serial = (about as Record<string, unknown> | undefined)?.SerialNumber;
    return typeof serial === "string" && serial !== "" ? `serial number ${serial}` : undefined;
  }
  const hostId = textOf(childrenNamed(about, "hostId")[0]);
  return hostId ? `hostId ${hostId}` : undefined;
}
