import { auditCommand } from "./audit";
import { type CliCommand, type CliIo, EXIT, UsageError } from "./command";
import { exportCommand } from "./export";
import { turnCheckCommand } from "./turn-check";

/** `cisco-edge <command> [flags]`: finds the command and runs it; wrong usage exits 2 with the usage. */

export const COMMANDS: readonly CliCommand[] = [turnCheckCommand, exportCommand, auditCommand];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "usage: cisco-edge <command> [flags]   (cisco-edge <command> --help for its flags)",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "exit codes: 0 success, 1 the check failed or the device refused, 2 wrong usage",
  ].join("\n");
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`cisco-edge: unknown command ${JSON.stringify(name)}\n${usage()}`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`cisco-edge ${command.name}: ${error.message}\n${command.usage}`);
      return EXIT.usage;
    }
    throw error;
  }
}
