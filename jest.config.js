/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json" }] },
  maxWorkers: 2,
  testTimeout: 60000,
  globalSetup: "<rootDir>/test/node-version.setup.ts",
  setupFiles: ["<rootDir>/test/support/quiet-node-test.ts"],
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
};
