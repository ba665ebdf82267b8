import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../support/markdown-files";

/** The README's two set-up commands are exactly what CI runs on a clean clone (.ci/run). */
test("the README's set-up commands are the npm commands .ci/run runs, in order", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Set up and test\n"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  const readmeCommands = block.split("\n").filter((line) => line.trim() !== "");
  const ci = fs.readFileSync(path.join(REPO_ROOT, ".ci", "run"), "utf8");
  const ciCommands = ci.split("\n").filter((line) => /^npm /.test(line));
  expect(readmeCommands).toEqual(["npm install", "npm test"]);
  expect(ciCommands).toEqual(readmeCommands);
});
