import * as fs from "node:fs";
import * as readline from "node:readline";
import type { LabArgs } from "./args";
import { parsePromptLine } from "./args";
import { CONFIG_USAGE } from "./config-command";

/**
 * Keeps the lab running after its first command: reads commands from stdin, with the same
 * arguments as the command line (`preview --config key=value --verbose`), one at a time,
 * and stops on quit or Ctrl-C. On a terminal: a `lab> ` marker, line editing and history
 * (arrow keys; kept in the state directory for the next lab), and `help`.
 */

export const PROMPT_HELP = [
  "up | preview | refresh | destroy [--config key=value]... [--show outputs|manual-steps] [--verbose]",
  ...CONFIG_USAGE.split("\n"),
  "help                            this list",
  "quit                            stop the emulators and the lab (or Ctrl-C)",
].join("\n");

const HISTORY_SIZE = 200;

function readHistory(file: string): string[] {
  try {
    // readline keeps the newest entry first.
    return fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .reverse()
      .slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

export function readCommands(
  run: (args: LabArgs) => Promise<unknown>,
  stop: () => Promise<void>,
  historyFile?: string,
): void {
  console.log(
    "\nEmulators running. Type up, preview, refresh or destroy (with --config key=value or --verbose, " +
      "as on the command line), config, help, or quit (or press Ctrl-C).",
  );
  const terminal = process.stdin.isTTY === true;
  const input = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal,
    prompt: "lab> ",
    historySize: HISTORY_SIZE,
    history: terminal && historyFile ? readHistory(historyFile) : [],
  });
  // The marker only where a person types: piped input (tests, scripts) reads plain lines.
  const prompt = () => terminal && input.prompt();
  let busy = false;
  const quit = async () => {
    await stop();
    process.exit(0);
  };
  input.on("line", async (line) => {
    const text = line.trim();
    if (!text) return prompt();
    if (terminal && historyFile) fs.appendFileSync(historyFile, `${text}\n`, { mode: 0o600 });
    if (text === "quit" || text === "exit") return quit();
    if (text === "help") {
      console.log(PROMPT_HELP);
      return prompt();
    }
    let args: LabArgs;
    try {
      args = parsePromptLine(text);
    } catch (error) {
      console.log((error as Error).message);
      return prompt();
    }
    if (busy) return console.log("busy: wait for the running command to finish");
    busy = true;
    try {
      await run(args);
    } catch (error) {
      console.log(`error: ${(error as Error).message}`);
    } finally {
      busy = false;
      prompt();
    }
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.log("\nStopping the emulators.");
      void stop().then(() => process.exit(0));
    });
  }
  // On a terminal readline takes Ctrl-C itself: stop as the signal would.
  input.on("SIGINT", () => process.emit("SIGINT"));
  prompt();
}
