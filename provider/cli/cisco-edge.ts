#!/usr/bin/env node
import { runCli } from "./index";

/** The `cisco-edge` command (package.json `bin`). */

runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`cisco-edge: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
