import { execFile } from "node:child_process";
import * as path from "node:path";

/**
 * The TURN client and the cisco-edge tool ride in the package but never in what a program
 * loads to declare resources (nor in the serialized provider): importing the package loads
 * no module under provider/turn or provider/cli; the health output loads them when it runs.
 */

const ROOT = path.join(__dirname, "..", "..");

function loadedAfter(script: string): Promise<string[]> {
  const probe =
    `${script}; console.log(JSON.stringify(Object.keys(require.cache)` +
    `.filter((k) => /[\\\\/]provider[\\\\/](turn|cli)[\\\\/]/.test(k)).map((k) => k.slice(k.indexOf("provider")))))`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["-e", probe], { cwd: ROOT, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split("\n").pop() as string) as string[]);
    });
  });
}

test("importing the package loads neither the TURN client nor the command-line tool", async () => {
  expect(await loadedAfter(`require("./dist/provider/index.js")`)).toEqual([]);
});

test("the status subpath's health gathering loads the TURN client (it runs the TCP relay check)", async () => {
  expect(await loadedAfter(`require("./dist/provider/status/index.js")`)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^provider[\\/]turn[\\/]check\.js$/)]),
  );
});
