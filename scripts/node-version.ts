/**
 * The Node this project needs, and the one-line message when it is missing. undici 8
 * (>= 22.19) and @pulumi/pulumi (>= 22) fail on older Node with errors that do not
 * name the cause. Plain language features only, so this compiles to code any Node runs.
 */

export const MINIMUM_NODE = "22.19.0";

function parts(version: string): number[] {
  return version
    .replace(/^v/, "")
    .split(".")
    .map((part) => Number.parseInt(part, 10) || 0);
}

/** True when `version` (e.g. "20.20.2" or "v24.21.0") is at least `minimum`. */
export function atLeast(version: string, minimum: string = MINIMUM_NODE): boolean {
  const have = parts(version);
  const need = parts(minimum);
  for (let i = 0; i < need.length; i++) {
    const a = have[i] ?? 0;
    if (a !== need[i]) return a > need[i];
  }
  return true;
}

/** Undefined on a supported Node; otherwise what is needed and how to get it, in one line. */
export function nodeVersionProblem(version: string = process.versions.node): string | undefined {
  if (atLeast(version)) return undefined;
  return (
    `Node ${MINIMUM_NODE} or newer is needed (this is v${version.replace(/^v/, "")}): ` +
    "run `npm install` in the project (it installs Node 24 from the npm registry into node_modules/.bin) " +
    `and start everything through npm scripts (npm test, npm run lab, ...), or install Node ${MINIMUM_NODE}+.`
  );
}
