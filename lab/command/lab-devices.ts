import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { type Devices, type Profile, startDevices } from "../../emulator/devices";
import type { UnconfirmedVariant } from "../../emulator/unconfirmed";
import type { SecretsManager } from "../fake-engine/secrets";
import type { RequestedPorts, RequestedVersions } from "./args";
import { type DeviceLogin, type EmulatedVersions, readRunningLab, removeLabFile, writeLabFile } from "./lab-file";

/** The emulators a lab works against: started by this process, or those of a lab still running elsewhere. */
export interface LabDevices {
  readonly byProfile: Readonly<Record<Profile, DeviceLogin>>;
  /** The releases the emulators play, as the devices report them (e.g. CMS "2.2.1", Expressway "X8.11.4"). */
  readonly versions: EmulatedVersions;
  /** The emulators this process started; undefined when attached to another lab's. */
  readonly started?: Devices;
  /** Process id of the lab whose emulators these are, when attached. */
  readonly attachedTo?: number;
  /** The emulated Expressway-E's TURN over TCP port on 127.0.0.1 (verify's TCP relay check aims there). */
  readonly turnPort?: number;
}

export async function attachToRunningLab(labFile: string, secrets: SecretsManager): Promise<LabDevices | undefined> {
  const running = await readRunningLab(labFile, secrets);
  return (
    running && {
      byProfile: running.byProfile,
      versions: running.versions,
      attachedTo: running.pid,
      ...(running.turnPort ? { turnPort: running.turnPort } : {}),
    }
  );
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
  versions: RequestedVersions = {},
  unconfirmed: readonly UnconfirmedVariant[] = [],
): Promise<LabDevices> {
  // The ports of the previous lab, so device URLs recorded in state stay the same across restarts.
  const portsFile = path.join(stateDir, "ports.json");
  const last = fs.existsSync(portsFile)
    ? (JSON.parse(fs.readFileSync(portsFile, "utf8")) as Partial<RequestedPorts>)
    : {};
  const started = await startDevices({
    // Undefined: the emulators' defaults, the guide's CMS 2.2 and the first Expressway with every path (X8.11.4).
    cmsVersion: versions.cms,
    expresswayVersion: versions.expressway,
    unconfirmed,
    ports: {
      cms: await choosePort(requested.cms, last.cms),
      expresswayC: await choosePort(requested.expC, last.expC),
      expresswayE: await choosePort(requested.expE, last.expE),
    },
  });
  const ports: RequestedPorts = { cms: started.cms.port, expC: started.expC.port, expE: started.expE.port };
  fs.writeFileSync(portsFile, `${JSON.stringify(ports)}\n`);
  const emulated: EmulatedVersions = { cms: started.cms.softwareVersion, expressway: started.expE.softwareVersion };
  const turnPort = started.expE.turn?.port;
  writeLabFile(path.join(stateDir, "lab.json"), started.byProfile, emulated, secrets, turnPort);
  return { byProfile: started.byProfile, versions: emulated, started, ...(turnPort ? { turnPort } : {}) };
}

export async function stopLabDevices(devices: LabDevices, labFile: string): Promise<void> {
  if (!devices.started) return;
  await devices.started.close();
  removeLabFile(labFile);
}
