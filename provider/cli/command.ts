/**
 * The commands of the `cisco-edge` tool: each one a name, a one-line summary, its usage and
 * a run that returns the exit code. Later commands (export, audit) are one more entry in
 * COMMANDS (./index.ts). Exit codes are shared: 0 success, 1 the check or the device said
 * no, 2 wrong usage.
 */

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Where a command writes and what it reads from the environment (tests pass their own). */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** Wrong usage: the message and the command's usage are printed, exit 2. */
export class UsageError extends Error {}

/**
 * `--flag value` pairs and bare `--switch`es, each flag at most once; anything else is a
 * usage error naming it and the flags the command knows.
 */
export function parseFlags(
  argv: readonly string[],
  known: { readonly values: readonly string[]; readonly switches?: readonly string[] },
): { values: Map<string, string>; switches: Set<string> } {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    if (known.switches?.includes(flag)) {
      switches.add(flag);
      continue;
    }
    if (!known.values.includes(flag))
      throw new UsageError(
        `unknown argument ${JSON.stringify(arg)}; known: ${[...known.values, ...(known.switches ?? [])].join(" ")}`,
      );
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith("--")))
      throw new UsageError(`${flag} needs a value`);
    if (values.has(flag)) throw new UsageError(`${flag} given twice`);
    values.set(flag, value);
  }
  return { values, switches };
}
