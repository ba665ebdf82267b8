/**
 * Two tiers. `fast` (unit, emulator, provider) is the edit-test loop: `npm run test:fast`. `slow`
 * (every other folder under test/: the example stack through the fake engine, `npm run lab`, the
 * soak, the packed package, live devices) starts processes and emulators per test, so its
 * duration follows the machine's load: at load average 8 on 2 cores a lifecycle test takes
 * several times what it takes alone. A per-test timeout is jest's hang detector only, never a
 * speed requirement: both are set far above what a loaded machine needs (docs/testing.md).
 * No test carries a clock of its own (no per-test timeouts, no time limits on child processes).
 */

const FAST_TIERS = ["unit", "emulator", "provider"];

/** @type {import('jest').Config} */
const shared = {
  rootDir: __dirname,
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json" }] },
  setupFiles: ["<rootDir>/test/support/quiet-node-test.ts"],
};

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  globalSetup: "<rootDir>/test/node-version.setup.ts",
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
  projects: [
    {
      ...shared,
      displayName: "fast",
      testMatch: FAST_TIERS.map((tier) => `<rootDir>/test/${tier}/**/*.test.ts`),
    },
    {
      // Every other folder, so that a new tier is never left out of `npm test`.
      ...shared,
      displayName: "slow",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
      testPathIgnorePatterns: FAST_TIERS.map((tier) => `<rootDir>/test/${tier}/`),
      // jest reads testTimeout from the top level only: the slow tier sets its own here.
      setupFilesAfterEnv: ["<rootDir>/test/support/slow-tier.setup.ts"],
    },
  ],
  // The fast tier's, and jest's hang detector for any test: its tests take seconds even loaded.
  testTimeout: 5 * 60_000,
};
