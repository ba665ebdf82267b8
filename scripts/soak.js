#!/usr/bin/env node
// `npm run soak -- --seeds N [--from S]`: the soak of test/soak/soak.test.ts over seeds S..S+N-1
// (default 1..30), each one jest test, with a summary line per seed. `npm test` runs three seeds.
const { spawnSync } = require("node:child_process");

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} needs a whole number of at least 1 (got ${JSON.stringify(args[index + 1])})`);
    process.exit(2);
  }
  return value;
};
const count = option("seeds", 30);
const from = option("from", 1);
const seeds = Array.from({ length: count }, (_, i) => from + i).join(",");
const result = spawnSync("npx", ["jest", "--runInBand", "test/soak/soak.test.ts"], {
  stdio: "inherit",
  env: { ...process.env, SOAK_SEEDS: seeds },
});
process.exit(result.status ?? 1);
