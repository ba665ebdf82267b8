import { packageNodeProblem } from "./node-version";

// The first import of the package's entry points (the program's `import "cisco-edge-pulumi"`,
// the provider process's runtime): on too old a Node, one error saying what is needed and
// what runs, instead of undici failing each resource with a message that names no cause.
const problem = packageNodeProblem();
if (problem) throw new Error(problem);
