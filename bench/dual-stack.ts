import { CMS_DEFAULT_VERSION } from "../emulator/cms";
import { EXPRESSWAY_DEFAULT_VERSION } from "../emulator/expressway";
import type { StackConfig } from "../lab/fake-engine";

/**
 * The dual-domain example as the bench applies it (bench/run.ts), shared with the test that
 * counts that apply's requests (test/lifecycle/example-requests.test.ts), so the figure the
 * bench prints and the one the test holds come from the same stack.
 */

/** The releases the guide (Cisco TAC 211301) and the example target: CMS 2.2, Expressway X8.11.4 (TURN by REST). */
export const GUIDE_RELEASES = {
  cmsVersion: CMS_DEFAULT_VERSION,
  expresswayVersion: EXPRESSWAY_DEFAULT_VERSION,
} as const;

/** The compiled example, relative to the package root. */
export const DUAL_DOMAIN_PROGRAM = "dist/examples/dual-domain/index.js";

/** The stack's config besides the device profiles: the example's releases are the emulators' (the guide's stack). */
export const DUAL_DOMAIN_CONFIG: StackConfig = {
  ...GUIDE_RELEASES,
  turnPassword: { value: "bench-turn-pw", secret: true },
  traversalPassword: { value: "bench-traversal-pw", secret: true },
  spacePasscode: { value: "2468", secret: true },
};
