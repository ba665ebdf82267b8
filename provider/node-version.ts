/**
 * The Node this package needs. undici 8 (>= 22.19) and @pulumi/pulumi (>= 22) fail on older
 * Node with errors that do not name the cause (undici: "Cannot read properties of undefined
 * (reading 'bind')" on every request). package.json's `engines` states the same floor (a
 * test keeps them equal). Plain language features only, so this compiles to code any Node runs.
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

/** Undefined on a supported Node; otherwise, for a project using the package, what is needed and what runs. */
export function packageNodeProblem(version: string = process.versions.node): string | undefined {
  if (atLeast(version)) return undefined;
  return (
    `cisco-edge-pulumi needs Node ${MINIMUM_NODE} or newer, and this is Node v${version.replace(/^v/, "")}: ` +
    `its HTTP client (undici) would fail every request. Run the Pulumi program with Node ${MINIMUM_NODE}+ ` +
    "(e.g. Node 24) first on PATH: the provider runs on the same node."
  );
}
