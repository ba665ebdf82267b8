import { nodeVersionProblem } from "../scripts/node-version";

/** jest's globalSetup: on too old a Node, one line saying what is needed, before any suite starts. */
export default function requireSupportedNode(): void {
  const problem = nodeVersionProblem();
  if (!problem) return;
  // Exit rather than throw: jest would print a stack trace around the one line that matters.
  console.error(problem);
  process.exit(1);
}
