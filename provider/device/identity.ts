import type { ConnectionSettings } from "../connection";
import { childrenNamed, textOf } from "../xml";
import { cmsSystemStatus, expresswaySysinfo } from "./about";

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
    return identityIn(
      family,
      family === "expressway" ? await expresswaySysinfo(settings) : await cmsSystemStatus(settings),
    );
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
