import { spawn } from "node:child_process";
import * as path from "node:path";

/** Runs the built `cisco-edge` (dist/provider/cli/cisco-edge.js, the package's bin) and collects what it said. */

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const CISCO_EDGE_BIN = path.join(__dirname, "..", "..", "dist", "provider", "cli", "cisco-edge.js");

export function runCiscoEdge(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const inherited = { ...process.env };
    delete inherited.CISCO_EDGE_TURN_PASSWORD;
    const child = spawn(process.execPath, [CISCO_EDGE_BIN, ...args], {
      env: { ...inherited, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}
