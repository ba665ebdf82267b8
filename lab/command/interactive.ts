import * as readline from "node:readline";
import type { LabArgs } from "./args";
import { parsePromptLine } from "./args";

/**
 * Keeps the lab running after its first command: reads commands from stdin, with the same
 * arguments as the command line (`preview --config key=value --verbose`), one at a time,
 * and stops on quit or Ctrl-C.
 */
export function readCommands(run: (args: LabArgs) => Promise<unknown>, stop: () => Promise<void>): void {
  console.log(
    "\nEmulators running. Type up, preview, refresh or destroy (with --config key=value or --verbose, " +
      "as on the command line), or quit (or press Ctrl-C).",
  );
  let busy = false;
  const input = readline.createInterface({ input: process.stdin, terminal: false });
  input.on("line", async (line) => {
    const text = line.trim();
    if (!text) return;
    if (text === "quit" || text === "exit") {
      await stop();
      process.exit(0);
    }
    let args: LabArgs;
    try {
      args = parsePromptLine(text);
    } catch (error) {
      return console.log((error as Error).message);
    }
    if (busy) return console.log("busy: wait for the running command to finish");
    busy = true;
    try {
      await run(args);
    } catch (error) {
      console.log(`error: ${(error as Error).message}`);
    } finally {
      busy = false;
    }
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.log("\nStopping the emulators.");
      void stop().then(() => process.exit(0));
    });
  }
}
