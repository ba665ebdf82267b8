/**
 * The slow tier's per-test timeout (jest.config.js): a hang detector, never a speed bound. Its
 * tests start processes and emulators, so their duration follows the machine's load; 30 minutes
 * is far above what a loaded 2-core machine needs (docs/testing.md has the figures).
 */
jest.setTimeout(30 * 60_000);
