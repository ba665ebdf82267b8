import { fork } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import type { WirePropertyMap } from "./property-map";
import type { ChildMessage, ParentMessage, RegisterMessage, StartMessage } from "./protocol";

/**
 * Runs the Pulumi program in a child process under the SDK's mocks (program-child)
 * and hands each resource registration to the fake engine's step logic. One process
 * per run: the program's modules and the SDK's global state start fresh each time.
 */

export interface ProgramOptions extends Omit<StartMessage, "kind"> {
  /** Working directory of the program (the project root). */
  readonly cwd: string;
  /** Performs the engine's steps for one registration; resolves with what the program should see. */
  readonly onRegister: (message: RegisterMessage) => Promise<{ id: string; state: WirePropertyMap }>;
  /** The program's own stdout/stderr lines. */
  readonly log: (line: string) => void;
}

export interface ProgramResult {
  readonly ok: boolean;
  readonly error?: string;
  /** Stack outputs (secret sentinels kept). */
  readonly outputs: WirePropertyMap;
}

/** The compiled program-child.js, whether this module runs from dist/ or from TypeScript sources (jest). */
export function childScript(): string {
  const beside = path.join(__dirname, "program-child.js");
  if (fs.existsSync(beside)) return beside;
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) {
      const compiled = path.join(dir, "dist", path.relative(dir, __dirname), "program-child.js");
      if (fs.existsSync(compiled)) return compiled;
      throw new Error(`${compiled} does not exist: build first (npx tsc -p tsconfig.json)`);
    }
  }
  throw new Error(`program-child.js not found from ${__dirname}`);
}

export function runProgram(options: ProgramOptions): Promise<ProgramResult> {
  if (!fs.existsSync(options.program))
    throw new Error(`program ${options.program} does not exist (build it first: npx tsc -p tsconfig.json)`);
  const child = fork(childScript(), [], {
    cwd: options.cwd,
    execArgv: [],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    env: {
      ...process.env,
      PULUMI_CONFIG: undefined,
      PULUMI_CONFIG_SECRET_KEYS: undefined,
      PULUMI_NODEJS_PROJECT: undefined,
    },
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) readline.createInterface({ input: stream }).on("line", (line) => options.log(line));
  }
  const post = (message: ParentMessage) => {
    // The program may have exited (after a failed registration) while other steps finished.
    if (child.connected) child.send(message, (error) => error && undefined);
  };

  return new Promise<ProgramResult>((resolve) => {
    let result: ProgramResult | undefined;
    let exitCode: number | null = null;
    const finish = (outcome: ProgramResult) => {
      result ??= outcome;
    };
    child.on("message", (message: ChildMessage) => {
      switch (message.kind) {
        case "register":
          options.onRegister(message).then(
            ({ id, state }) => post({ kind: "registered", seq: message.seq, id, state }),
            (error: unknown) =>
              post({
                kind: "failed",
                seq: message.seq,
                message: error instanceof Error ? error.message : String(error),
              }),
          );
          break;
        case "done":
          finish({ ok: true, outputs: message.outputs });
          break;
        case "error":
          finish({ ok: false, error: message.message, outputs: {} });
          break;
      }
    });
    child.on("error", (error) => finish({ ok: false, error: `program process: ${error.message}`, outputs: {} }));
    child.on("exit", (code, signal) => {
      exitCode = code;
      finish({
        ok: false,
        error: `the program process exited (${signal ?? `code ${exitCode}`}) before finishing`,
        outputs: {},
      });
      resolve(result as ProgramResult);
    });
    post({
      kind: "start",
      program: path.resolve(options.program),
      project: options.project,
      stack: options.stack,
      preview: options.preview,
      config: options.config,
      secretKeys: options.secretKeys,
    });
  });
}
