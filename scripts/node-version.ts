import { atLeast, MINIMUM_NODE } from "../provider/node-version";

export { atLeast, MINIMUM_NODE } from "../provider/node-version";

/**
 * The checkout's own Node check (lab, emulator, bench, jest): the floor is the package's
 * (provider/node-version.ts); the message says how a checkout gets Node 24 (npm scripts).
 */

/** Undefined on a supported Node; otherwise what is needed and how to get it, in one line. */
export function nodeVersionProblem(version: string = process.versions.node): string | undefined {
  if (atLeast(version)) return undefined;
  return (
    `Node ${MINIMUM_NODE} or newer is needed (this is v${version.replace(/^v/, "")}): ` +
    "run `npm install` in the project (it installs Node 24 from the npm registry into node_modules/.bin) " +
    `and start everything through npm scripts (npm test, npm run lab, ...), or install Node ${MINIMUM_NODE}+.`
  );
}
