import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { type Devices, type Profile, startDevices } from "../../emulator/devices";
import type { SecretsManager } from "../fake-engine/secrets";
import type { RequestedPorts } from "./args";
import { type DeviceLogin, readRunningLab, removeLabFile, writeLabFile } from "./lab-file";

/** The emulators a lab works against: started by this process, or those of a lab still running elsewhere. */
export interface LabDevices {
  readonly byProfile: Readonly<Record<Profile, DeviceLogin>>;
  /** The emulators this process started; undefined when attached to another lab's. */
  readonly started?: Devices;
  /** Process id of the lab whose emulators these are, when attached. */
  readonly attachedTo?: number;
}

export async function attachToRunningLab(labFile: string, secrets: SecretsManager): Promise<LabDevices | undefined> {
  const running = await readRunningLab(labFile, secrets);
  return running && { byProfile: running.byProfile, attachedTo: running.pid };
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** A port given on the command line is used as given; a remembered one only while it is free. */
async function choosePort(requested: number, remembered: number | undefined): Promise<number> {
  if (requested || !remembered) return requested;
  return (await portFree(remembered)) ? remembered : 0;
}

export async function startLabDevices(
  requested: RequestedPorts,
  stateDir: string,
  secrets: SecretsManager,
): Promise<LabDevices> {
  // The ports of the previous lab, so device URLs recorded in state stay the same across restarts.
  const portsFile = path.join(stateDir, "ports.json");
  const last = fs.existsSync(portsFile)
    ? (JSON.parse(fs.readFileSync(portsFile, "utf8")) as Partial<RequestedPorts>)
    : {};
  const started = await startDevices({
    // The example still uses TURN type "expressway" (CMS 2.9+): the guide's 2.2 comes with its new topology.
    cmsVersion: "2.9",
    ports: {
      cms: await choosePort(requested.cms, last.cms),
      expresswayC: await choosePort(requested.expC, last.expC),
      expresswayE: await choosePort(requested.expE, last.expE),
    },
  });
  const ports: RequestedPorts = { cms: started.cms.port, expC: started.expC.port, expE: started.expE.port };
  fs.writeFileSync(portsFile, `${JSON.stringify(ports)}\n`);
  writeLabFile(path.join(stateDir, "lab.json"), started.byProfile, secrets);
  return { byProfile: started.byProfile, started };
}

export async function stopLabDevices(devices: LabDevices, labFile: string): Promise<void> {
  if (!devices.started) return;
  await devices.started.close();
  removeLabFile(labFile);
}
