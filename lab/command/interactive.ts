import * as readline from "node:readline";
import type { Command } from "../stack/command";
import { isCommand } from "./args";

/**
 * Keeps the lab running after its first command: reads commands from stdin (up,
 * preview, refresh, destroy, quit), one at a time, and stops on quit or Ctrl-C.
 */
export function readCommands(run: (command: Command) => Promise<unknown>, stop: () => Promise<void>): void {
  console.log("\nEmulators running. Type up, preview, refresh, destroy or quit (or press Ctrl-C).");
  let busy = false;
  const input = readline.createInterface({ input: process.stdin, terminal: false });
  input.on("line", async (line) => {
    const word = line.trim();
    if (!word) return;
    if (word === "quit" || word === "exit") {
      await stop();
      process.exit(0);
    }
    if (!isCommand(word))
      return console.log(`unknown command ${JSON.stringify(word)}: up, preview, refresh, destroy, quit`);
    if (busy) return console.log("busy: wait for the running command to finish");
    busy = true;
    try {
      await run(word);
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
