import * as fs from "node:fs";
import * as net from "node:net";
import { PROFILES, type Profile } from "../../emulator/devices";
import type { EmulatorServer } from "../../emulator/server";
import type { SecretsManager } from "../fake-engine/secrets";
import { processAlive } from "../fake-engine/state";

/**
 * `.lab/lab.json`: written while an `npm run lab` keeps its emulators running, so that a
 * second `npm run lab` (another terminal) can attach to them instead of starting its own.
 * Passwords are encrypted with the state's key.
 */

export type DeviceLogin = Pick<EmulatorServer, "url" | "username" | "password">;

/** The releases a lab's emulators play, as the devices report them. */
export interface EmulatedVersions {
  readonly cms: string;
  readonly expressway: string;
}

interface LabFileContent {
  pid: number;
  started: string;
  /** Absent in files of labs from before versions were emulated: such a lab is not attached to. */
  versions?: EmulatedVersions;
  devices: Record<Profile, { url: string; username: string; password: { secure: string } }>;
  /** The Expressway-E emulator's TURN over TCP port on 127.0.0.1. */
  turnPort?: number;
}

export function writeLabFile(
  file: string,
  byProfile: Readonly<Record<Profile, DeviceLogin>>,
  versions: EmulatedVersions,
  secrets: SecretsManager,
  turnPort?: number,
): void {
  const content: LabFileContent = {
    pid: process.pid,
    started: new Date().toISOString(),
    versions,
    ...(turnPort ? { turnPort } : {}),
    devices: Object.fromEntries(
      PROFILES.map((profile) => {
        const device = byProfile[profile];
        const password = { secure: secrets.encrypt(device.password) };
        return [profile, { url: device.url, username: device.username, password }];
      }),
    ) as LabFileContent["devices"],
  };
  fs.writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
}

function loopbackPort(url: string): number | undefined {
  const parsed = new URL(url);
  return parsed.hostname === "127.0.0.1" ? Number(parsed.port) : undefined;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The devices of another lab process that is still running and listening, or undefined. */
export async function readRunningLab(
  file: string,
  secrets: SecretsManager,
): Promise<
  { pid: number; byProfile: Record<Profile, DeviceLogin>; versions: EmulatedVersions; turnPort?: number } | undefined
> {
  if (!fs.existsSync(file)) return undefined;
  const stored = JSON.parse(fs.readFileSync(file, "utf8")) as LabFileContent;
  if (stored.pid === process.pid || !processAlive(stored.pid) || !stored.versions) return undefined;
  const byProfile = {} as Record<Profile, DeviceLogin>;
  for (const profile of PROFILES) {
    const entry = stored.devices[profile];
    const port = entry ? loopbackPort(entry.url) : undefined;
    if (!entry || port === undefined || !(await portOpen(port))) return undefined;
    byProfile[profile] = {
      url: entry.url,
      username: entry.username,
      password: secrets.decrypt(entry.password.secure),
    };
  }
  return {
    pid: stored.pid,
    byProfile,
    versions: stored.versions,
    ...(stored.turnPort ? { turnPort: stored.turnPort } : {}),
  };
}

/** Removes the file if this process wrote it. */
export function removeLabFile(file: string): void {
  try {
    const stored = JSON.parse(fs.readFileSync(file, "utf8")) as LabFileContent;
    if (stored.pid === process.pid) fs.rmSync(file, { force: true });
  } catch {
    // already gone
  }
}
