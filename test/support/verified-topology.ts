import type { Devices } from "../../emulator/devices";
import { cmsCreate, expresswayCall } from "../emulator/client";

/**
 * The guide's topology as far as verification reads it, written straight to the emulators:
 * a CMS TURN server with TCP media (and web bridge), Expressway-E TURN on with the same TURN
 * user, Expressway-C domains with MRA on
 * and a UC traversal zone to vcse.octavio.com, so the status calls have something to report.
 */
export async function seedVerifiedTopology(
  devices: Pick<Devices, "cms" | "expC" | "expE">,
  options: { readonly domains: readonly string[]; readonly webBridge: boolean },
): Promise<{ turnId: string; bridgeId?: string }> {
  const turnId = await cmsCreate(devices.cms, "turnServers", {
    serverAddress: "172.16.85.168",
    clientAddress: "10.88.246.156",
    username: "turnuser",
    password: "x",
    tcpPortNumberOverride: "3478",
  });
  const bridgeId = options.webBridge
    ? await cmsCreate(devices.cms, "webBridges", { url: "https://cmsweb.octavio.local" })
    : undefined;
  await expresswayCall(devices.expE, "PUT", "edge/traversal/turn", { TurnServices: "On" });
  // The CMS TURN user as an Expressway-E local user, same password: the TCP relay check can allocate.
  await expresswayCall(devices.expE, "POST", "common/credential", { Name: "turnuser", Password: "x" });
  for (const name of options.domains) await expresswayCall(devices.expC, "POST", "common/domain", { Name: name });
  await expresswayCall(devices.expC, "PUT", "common/mra", { Enabled: "On" });
  await expresswayCall(devices.expC, "POST", "controller/zone/unifiedcommunicationstraversal", {
    Name: "UT Zone",
    PeerAddress: ["vcse.octavio.com"],
    AuthenticationUserName: "Tuser",
    AuthenticationPassword: "x",
  });
  return { turnId, ...(bridgeId ? { bridgeId } : {}) };
}
