import { nodeVersionProblem } from "./node-version";

// The first import of every command-line entry point (lab, emulator, bench): on too old
// a Node, stop here with one line instead of failing later inside undici or the SDK.
const problem = nodeVersionProblem();
if (problem) {
  console.error(problem);
  process.exit(1);
}
