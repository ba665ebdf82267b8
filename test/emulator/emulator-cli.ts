import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";

/**
 * Runs `npm run emulator` (dist/emulator/cli.js) for a test: the returned function starts it
 * with the given arguments and answers the banner's lines once it says "Ctrl-C" (it rejects
 * when the process exits first or no banner comes in 15 s); the process is stopped after
 * each test.
 */
export function useEmulatorCli(): (args: string[]) => Promise<string[]> {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill("SIGTERM");
  });
  return (args) => {
    const started = spawn(process.execPath, [path.join(__dirname, "..", "..", "dist", "emulator", "cli.js"), ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = started;
    const lines: string[] = [];
    // No clock of its own: how long the start takes follows the machine's load (jest's timeout catches a hang).
    return new Promise((resolve, reject) => {
      readline.createInterface({ input: started.stdout as NodeJS.ReadableStream }).on("line", (line) => {
        lines.push(line);
        if (line.includes("Ctrl-C")) resolve(lines);
      });
      started.once("exit", (code) => reject(new Error(`exited ${code}: ${lines.join("\n")}`)));
    });
  };
}
