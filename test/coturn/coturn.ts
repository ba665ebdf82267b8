import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/**
 * coturn (Debian package `coturn`), a real RFC 5766/6062 TURN server, started on free
 * loopback ports as skype_turn_tcp.md §4 shows, with a private pid and log file, stopped by
 * its PID. `turnserverPath()` is undefined where it is not installed: the tier is then skipped.
 */

export function turnserverPath(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, "turnserver");
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface Coturn {
  readonly port: number;
  readonly logFile: string;
  stop(): Promise<void>;
}

export interface CoturnOptions {
  readonly user: string;
  readonly password: string;
  readonly realm: string;
  readonly minPort: number;
  readonly maxPort: number;
  /** `--no-tcp-relay`: TCP relays refused with 442, as a UDP-only ProtocolMode. */
  readonly noTcpRelay?: boolean;
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function startCoturn(binary: string, options: CoturnOptions): Promise<Coturn> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "coturn-"));
  const port = await freePort();
  const logFile = path.join(scratch, "turn.log");
  const args = [
    "-n",
    "--listening-ip=127.0.0.1",
    "--relay-ip=127.0.0.1",
    `--listening-port=${port}`,
    `--min-port=${options.minPort}`,
    `--max-port=${options.maxPort}`,
    "--lt-cred-mech",
    `--user=${options.user}:${options.password}`,
    `--realm=${options.realm}`,
    "--fingerprint",
    "--allow-loopback-peers",
    "--no-tls",
    "--no-dtls",
    "--no-cli",
    `--pidfile=${path.join(scratch, "turn.pid")}`,
    `--log-file=${logFile}`,
    ...(options.noTcpRelay ? ["--no-tcp-relay"] : []),
  ];
  const child: ChildProcess = spawn(binary, args, { stdio: "ignore" });
  let exited: number | null | undefined;
  child.once("exit", (code) => {
    exited = code;
  });
  // Ready once it accepts on its port; a start that fails (say, the port taken meanwhile) ends the wait.
  for (let tries = 0; !(await accepting(port)); tries++) {
    if (exited !== undefined || tries > 300)
      throw new Error(`turnserver did not start on 127.0.0.1:${port} (exit ${exited}); log ${logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    logFile,
    stop: async () => {
      if (exited === undefined && child.pid !== undefined) {
        const gone = new Promise((resolve) => child.once("exit", resolve));
        process.kill(child.pid, "SIGTERM");
        await gone;
      }
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}
