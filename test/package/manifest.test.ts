import * as fs from "node:fs";
import * as path from "node:path";
import { MINIMUM_NODE } from "../../provider/node-version";

/**
 * What `npm install` and `npm publish` rely on, read from package.json and the lock:
 * the lock matches the manifest (so installs are the locked ones), every dependency with
 * an install script is reviewed in allowScripts (so an npm that blocks unreviewed scripts
 * still installs Node 24 for the npm scripts), and the published manifest points at files
 * the build makes.
 */

const ROOT = path.join(__dirname, "..", "..");

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  files: string[];
  engines: { node: string };
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
}

interface LockEntry {
  version?: string;
  bin?: Record<string, string>;
  dev?: boolean;
  hasInstallScript?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: Record<string, string>;
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Manifest;
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, LockEntry>;
};

test("the lock matches package.json (npm install installs exactly the locked tree)", () => {
  const root = lock.packages[""];
  expect(root.dependencies).toEqual(manifest.dependencies);
  expect(root.peerDependencies).toEqual(manifest.peerDependencies);
  expect(root.devDependencies).toEqual(manifest.devDependencies);
  expect(root.engines).toEqual(manifest.engines);
  for (const [name, version] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies }))
    expect(`${name}@${lock.packages[`node_modules/${name}`]?.version}`).toBe(`${name}@${version}`);
});

test("every locked package with an install script is reviewed in allowScripts, and no entry is stale", () => {
  const withScripts = Object.entries(lock.packages)
    .filter(([key, entry]) => key !== "" && entry.hasInstallScript)
    .map(([key]) => key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length));
  expect(withScripts.filter((name) => !(name in manifest.allowScripts))).toEqual([]);
  expect(Object.keys(manifest.allowScripts).filter((name) => !withScripts.includes(name))).toEqual([]);
  // Node 24 for the npm scripts comes from the `node` package's install script.
  expect(manifest.allowScripts.node).toBe(true);
});

test("the published manifest: public, Node floor stated, entry points built, Node 24 only a dev tool", () => {
  expect(manifest.private).toBeUndefined();
  expect(manifest.name).toBe("cisco-edge-pulumi");
  expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(manifest.engines.node).toMatch(/^>=22\./);
  // The floor the package refuses to load below (provider/require-node.ts) is the one npm is told.
  expect(manifest.engines.node).toBe(`>=${MINIMUM_NODE}`);
  // The SDK is the project's: a range as a peer, so a project has one copy; the checkout pins it for its tests.
  expect(manifest.dependencies["@pulumi/pulumi"]).toBeUndefined();
  expect(manifest.peerDependencies["@pulumi/pulumi"]).toMatch(/^\^3\.\d+\.\d+$/);
  expect(manifest.peerDependencies["@pulumi/pulumi"]).toBe(`^${manifest.devDependencies["@pulumi/pulumi"]}`);
  expect(manifest.dependencies.node).toBeUndefined();
  expect(manifest.devDependencies.node).toBeDefined();
  const targets = [
    manifest.main,
    manifest.types,
    ...Object.values(manifest.exports).flatMap((t) => (typeof t === "string" ? [t] : Object.values(t))),
  ];
  for (const target of targets) {
    expect(fs.existsSync(path.join(ROOT, target))).toBe(true);
  }
  // The serialized provider falls back to this subpath when a project has moved.
  expect(manifest.exports["./dist/provider/runtime.js"]).toBe("./dist/provider/runtime.js");
  const changelog = fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8");
  expect(changelog).toContain(`## [${manifest.version}]`);
  expect(fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8")).toContain("Apache License");
});

test("the cisco-edge bin is a built file the package ships, started by node through its shebang", () => {
  const target = manifest.bin["cisco-edge"];
  expect(target).toBe("dist/provider/cli/cisco-edge.js");
  expect(fs.readFileSync(path.join(ROOT, target), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
  expect(manifest.files).toContain("dist/provider/**/*.js");
  expect(lock.packages[""].bin).toEqual(manifest.bin);
});
