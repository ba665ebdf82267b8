/**
 * The SDK's closure serializer (`serializeFunction`, run whenever a dynamic resource is
 * registered) requires every Node built-in module to name the ones a closure captures.
 * Requiring `node:test` arms Node's own test runner (a TestReporterScope handle), which then
 * keeps a jest worker from exiting ("A worker process has failed to exit gracefully").
 * No provider closure captures the test runner, so inside jest it is an empty module.
 */
jest.mock("node:test", () => ({}));
jest.mock("node:test/reporters", () => ({}));
