import { execFile, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Devices, profileSettings, startDevices } from "../../emulator/devices";
import { type RunResult, type StackConfig, readState, runCommand } from "../../lab/fake-engine";
import { envName, type SettingKey } from "../../provider/connection";
import { atLeast, MINIMUM_NODE } from "../../provider/node-version";
import { seedEdge } from "../support/seed-edge";

/**
 * The consumer's path: `npm pack` the checkout, install the tarball into a fresh project
 * outside it, compile a small TypeScript program there against the installed types, and
 * run create, refresh and destroy through the lab's fake engine (the program under the
 * SDK's mocks, every provider call through the SDK's dynamic-provider host) against the
 * emulators. Every child process carries a guard that refuses to load the provider's
 * implementation from the checkout, and the project is moved after create, so refresh and
 * destroy must find the implementation through the installed package's exports.
 *
 * @pulumi/pulumi is the project's (a peer dependency): the project is made once on the
 * oldest SDK the package accepts and once on the newest the registry serves, and each has
 * one SDK copy. Packages come from the npm cache when it has them (`--prefer-offline`);
 * the test prints how long each install took. On a Node older than the package needs
 * (the machine's own /usr/bin/node is 20), importing the package fails once, saying so.
 */

const ROOT = path.join(__dirname, "..", "..");
const PACKAGE = "cisco-edge-pulumi";
const PROJECT = "consumer";
const STACK = "dev";
// The runner's own modules (the harness) load these shared definitions from the checkout;
// everything else under dist/provider is the provider's implementation.
const HARNESS_SHARED = ["secrets.js", `schema${path.sep}`];

const secrets = { passcode: "73915064", turnPassword: "Consumer-turn-9f3a" };

interface Run {
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, maxBuffer: 16 << 20, env: env ?? process.env }, (error, stdout, stderr) => {
      const where = `${command} ${args.join(" ")} (in ${cwd})`;
      if (error) reject(new Error(`${where} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

const npm = (args: readonly string[], cwd: string) =>
  run("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], cwd);

/** A preload for every child process: refuses the checkout's provider code, logs what the package supplied. */
function writeGuard(file: string, log: string, installedRoots: readonly string[]): void {
  const forbidden = [
    path.join(ROOT, "dist", "provider") + path.sep,
    path.join(ROOT, "provider") + path.sep,
    path.join(ROOT, "node_modules", "undici") + path.sep,
    path.join(ROOT, "node_modules", "fast-xml-parser") + path.sep,
  ];
  const allowed = HARNESS_SHARED.map((f) => path.join(ROOT, "dist", "provider", f));
  const source = `
const Module = require("node:module");
const fs = require("node:fs");
const forbidden = ${JSON.stringify(forbidden)};
const allowed = ${JSON.stringify(allowed)};
const installed = ${JSON.stringify(installedRoots)};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolve.apply(this, args);
  if (forbidden.some((p) => file.startsWith(p)) && !allowed.some((p) => file.startsWith(p)))
    throw new Error("package test guard: " + file + " is the checkout's, not the installed package's");
  if (installed.some((p) => file.startsWith(p))) fs.appendFileSync(${JSON.stringify(log)}, file + "\\n");
  return file;
};
`;
  fs.writeFileSync(file, source);
}

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { CmsCallMatch, CmsSpace, ExpresswayCredential, ExpresswayDomain } from "${PACKAGE}";

const config = new pulumi.Config();
const space = new CmsSpace("team", {
  name: "Team space",
  uri: "team.space",
  callId: "200201",
  passcode: config.requireSecret("passcode"),
});
new CmsCallMatch("internal", { domain: "cms.example.local", priority: 5, resolveToCoSpaces: true });
new ExpresswayDomain("internal", { name: "example.local" });
new ExpresswayCredential("turn", { name: "turnuser", password: config.requireSecret("turnPassword") });
export const spaceId: pulumi.Output<string> = space.id;
`;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "node16",
    moduleResolution: "node16",
    strict: true,
    skipLibCheck: true,
    types: [],
    outDir: ".",
  },
  files: ["index.ts"],
};

let work: string;
let devices: Devices;
let tarball: string;
const savedNodeOptions = process.env.NODE_OPTIONS;
const rootManifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  devDependencies: Record<string, string>;
};
/** The oldest SDK the peer range accepts: the one the checkout pins and tests. */
const FLOOR_SDK = rootManifest.devDependencies["@pulumi/pulumi"];

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "cisco-edge-consumer-"));
  devices = await startDevices();
});

afterAll(async () => {
  process.env.NODE_OPTIONS = savedNodeOptions;
  if (savedNodeOptions === undefined) delete process.env.NODE_OPTIONS;
  await devices?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function stackConfig(): StackConfig {
  const config: Record<string, StackConfig[string]> = {
    passcode: { value: secrets.passcode, secret: true },
    turnPassword: { value: secrets.turnPassword, secret: true },
  };
  for (const s of profileSettings(devices.byProfile))
    config[s.key] = s.secret ? { value: s.value, secret: true } : s.value;
  return config;
}

function expectOk(result: RunResult): void {
  if (!result.ok) throw new Error(`${result.command} failed:\n${result.printed.join("\n")}`);
}

const deviceObjects = () => ({
  spaces: devices.cms.list("coSpaces").length,
  rules: devices.cms.list("inboundDialPlanRules").length,
  domains: devices.expC.list("common/domain").length,
  credentials: devices.expE.list("common/credential").length,
});

/**
 * A fresh project outside the checkout on this SDK, with the packed package installed and
 * the program compiled against the installed types (a wrong argument would not compile).
 * Checks it has exactly one @pulumi/pulumi, the one asked for.
 */
async function consumerProject(dir: string, sdk: string): Promise<void> {
  fs.mkdirSync(dir);
  const manifest = {
    name: "consumer-program",
    private: true,
    dependencies: { "@pulumi/pulumi": sdk },
    allowScripts: { protobufjs: true },
  };
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const started = Date.now();
  await npm(["install", "--prefer-offline", tarball], dir);
  console.log(`consumer project on @pulumi/pulumi ${sdk}: npm install took ${(Date.now() - started) / 1000} s`);
  // The checkout's Node 24 devDependency stays in the checkout.
  expect(fs.existsSync(path.join(dir, "node_modules", "node"))).toBe(false);
  expect(fs.existsSync(path.join(dir, "node_modules", PACKAGE, "dist", "provider", "runtime.js"))).toBe(true);
  // The package's bin: npm links cisco-edge into the project, and it runs from the installed package.
  const help = await run(path.join(dir, "node_modules", ".bin", "cisco-edge"), ["turn-check", "--help"], dir);
  expect(help.stdout).toContain("usage: cisco-edge turn-check --server HOST[:PORT] --username NAME");
  // One SDK copy, the project's: a second (nested under the package) would split the SDK's state.
  const copies = (await npm(["ls", "@pulumi/pulumi", "--all", "--parseable"], dir)).stdout
    .split("\n")
    .filter((line) => line.endsWith(path.join("node_modules", "@pulumi", "pulumi")));
  expect(copies).toEqual([path.join(dir, "node_modules", "@pulumi", "pulumi")]);
  const installed = JSON.parse(fs.readFileSync(path.join(copies[0], "package.json"), "utf8")) as { version: string };
  expect(installed.version).toBe(sdk);

  fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM);
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG));
  await run(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."], dir);
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\nmain: index.js\n`);
}

/** Every child process of the fake engine gets the guard; it logs what the installed package supplied. */
function guardChildren(name: string, projectDirs: readonly string[]): string {
  const harness = path.join(work, `harness-${name}`);
  fs.mkdirSync(harness);
  const loads = path.join(harness, "loads.log");
  const installedRoots = projectDirs.map((dir) => path.join(dir, "node_modules", PACKAGE) + path.sep);
  writeGuard(path.join(harness, "guard.js"), loads, installedRoots);
  process.env.NODE_OPTIONS = `${savedNodeOptions ?? ""} --require ${path.join(harness, "guard.js")}`.trim();
  return loads;
}

const options = (projectDir: string, statePath: string) => ({
  projectDir,
  stack: STACK,
  statePath,
  config: stackConfig(),
  print: () => {},
});

test("the packed package: built provider, types and docs; a manifest without checkout-only scripts", async () => {
  // The prepack script strips the checkout-only lifecycle scripts; it also keeps npm from
  // running `prepare` (tsc), so packing does not rebuild dist/ under the other suites' feet.
  const packed = await npm(["pack", "--json", "--pack-destination", work], ROOT);
  const [manifest] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, manifest.filename);
  const shipped = manifest.files.map((f) => f.path);
  expect(shipped).toEqual(
    expect.arrayContaining(["dist/provider/index.js", "dist/provider/index.d.ts", "dist/provider/runtime.js"]),
  );
  expect(shipped).toEqual(expect.arrayContaining(["LICENSE", "CHANGELOG.md", "README.md", "package.json"]));
  expect(shipped.filter((f) => /^docs\/resources\/\w+\.md$/.test(f)).length).toBeGreaterThanOrEqual(6);
  // The resource pages link the provider-configuration page: it ships with them.
  expect(shipped).toContain("docs/provider-configuration.md");
  // Only the built provider, its types and docs: no emulator, lab, bench, tests, sources or maps.
  const docs = /docs\/(resources\/\w+|provider-configuration)\.md/.source;
  const shippable = new RegExp(`^(dist/provider/.+\\.(js|d\\.ts)|${docs}|LICENSE|CHANGELOG\\.md|README\\.md)$`);
  const outside = shipped.filter((f) => f !== "package.json" && !shippable.test(f));
  expect(outside).toEqual([]);
  expect(shipped.filter((f) => /codegen|docgen/.test(f))).toEqual([]);

  const unpacked = path.join(work, "unpacked");
  fs.mkdirSync(unpacked);
  await run("tar", ["-xzf", tarball, "-C", unpacked, "package/package.json"], work);
  const shippedManifest = JSON.parse(fs.readFileSync(path.join(unpacked, "package", "package.json"), "utf8")) as {
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
  };
  expect(["prepare", "prepack", "postpack"].filter((name) => name in shippedManifest.scripts)).toEqual([]);
  expect(shippedManifest.scripts.build).toBeDefined();
  expect(shippedManifest.dependencies["@pulumi/pulumi"]).toBeUndefined();
  expect(shippedManifest.peerDependencies["@pulumi/pulumi"]).toBe(`^${FLOOR_SDK}`);
  // The checkout's own package.json is back as it was, scripts and all.
  const checkout = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as typeof shippedManifest;
  expect(checkout.scripts.prepare).toBeDefined();
  expect(fs.existsSync(path.join(ROOT, "node_modules", ".cache", "cisco-edge-pack", "package.json"))).toBe(false);
});

test("on the oldest SDK it accepts, create, refresh and destroy run from a project, moved or not", async () => {
  const first = path.join(work, "project");
  const moved = path.join(work, "moved");
  await consumerProject(first, FLOOR_SDK);
  const loads = guardChildren("floor", [first, moved]);
  const statePath = path.join(work, "floor-state.json");

  expectOk(await runCommand("up", options(first, statePath)));
  expect(deviceObjects()).toEqual({ spaces: 1, rules: 1, domains: 1, credentials: 1 });
  const state = readState(statePath, PROJECT, STACK);
  const providers = state.resources.filter((r) => r.custom).map((r) => String(r.inputs.__provider));
  expect(providers).toHaveLength(4);
  const installedRuntime = path.join(first, "node_modules", PACKAGE, "dist", "provider", "runtime.js");
  for (const text of providers) {
    expect(text).toContain(JSON.stringify(installedRuntime).slice(1, -1));
    expect(text).not.toContain(ROOT);
  }
  expect(fs.readFileSync(loads, "utf8")).toContain(installedRuntime);

  // Move the project: the recorded path is gone, so the shim must resolve the package's
  // runtime from the project's node_modules (through the package's exports).
  fs.renameSync(first, moved);
  fs.rmSync(loads);
  const refreshed = await runCommand("refresh", options(moved, statePath));
  expectOk(refreshed);
  expect(refreshed.steps.filter((s) => s.action !== "same")).toEqual([]);
  expect(deviceObjects()).toEqual({ spaces: 1, rules: 1, domains: 1, credentials: 1 });
  expectOk(await runCommand("destroy", options(moved, statePath)));
  expect(deviceObjects()).toEqual({ spaces: 0, rules: 0, domains: 0, credentials: 0 });
  expect(fs.readFileSync(loads, "utf8")).toContain(
    path.join(moved, "node_modules", PACKAGE, "dist", "provider", "runtime.js"),
  );
});

test("on the newest SDK the registry serves, the project has one SDK copy and create and destroy work", async () => {
  const newest = (await npm(["view", "@pulumi/pulumi", "version"], work)).stdout.trim();
  expect(newest).toMatch(/^3\.\d+\.\d+$/);
  console.log(`newest @pulumi/pulumi on the registry: ${newest} (floor ${FLOOR_SDK})`);
  const project = path.join(work, "project-newest");
  await consumerProject(project, newest);
  const loads = guardChildren("newest", [project]);
  const statePath = path.join(work, "newest-state.json");
  expectOk(await runCommand("up", options(project, statePath)));
  expect(deviceObjects()).toEqual({ spaces: 1, rules: 1, domains: 1, credentials: 1 });
  expect(fs.readFileSync(loads, "utf8")).toContain(path.join(project, "node_modules", PACKAGE, "dist", "provider"));
  expectOk(await runCommand("destroy", options(project, statePath)));
  expect(deviceObjects()).toEqual({ spaces: 0, rules: 0, domains: 0, credentials: 0 });
});

test("cisco-edge export from the installed bin writes a program that type-checks against the package", async () => {
  const project = path.join(work, "project-newest");
  await seedEdge(devices.byProfile, { extraSpaces: 3 });
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const s of profileSettings(devices.byProfile)) {
    const [profile, key] = s.key.split(":");
    env[envName(profile, key as SettingKey)] = s.value;
  }
  const exported = path.join(project, "exported");
  const bin = path.join(project, "node_modules", ".bin", "cisco-edge");
  const done = await run(bin, ["export", "--out", exported], project, env);
  expect(done.stdout).toContain("ExpresswayZone: 2");
  const index = fs.readFileSync(path.join(exported, "index.ts"), "utf8");
  expect(index).toContain(`from "${PACKAGE}";`);
  expect(index).toContain("authenticationUsername: expresswayCredentialTuser.name,");
  // The project's own tsconfig, against the package installed above (a wrong argument name or type fails).
  await run(
    process.execPath,
    [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", ".", "--noEmit"],
    exported,
  );
});

/** A Node older than the package needs, if this machine has one (its own /usr/bin/node is 20). */
function olderNode(): { path: string; version: string } | undefined {
  for (const candidate of ["/usr/bin/node", "/usr/local/bin/node"]) {
    if (!fs.existsSync(candidate)) continue;
    const version = spawnSync(candidate, ["--version"], { encoding: "utf8" }).stdout.trim();
    if (version && !atLeast(version)) return { path: candidate, version };
  }
  return undefined;
}

const old = olderNode();
if (!old) console.warn(`SKIPPED: no Node older than ${MINIMUM_NODE} on this machine to load the package with.`);
(old ? test : test.skip)(
  `on a Node older than ${MINIMUM_NODE}, the program's import and the provider's runtime each fail once, saying so`,
  async () => {
    // Any project made above has the package installed.
    const project = ["project-newest", "moved"].map((d) => path.join(work, d)).find((d) => fs.existsSync(d)) ?? work;
    const node = old as { path: string; version: string };
    for (const entry of [PACKAGE, `${PACKAGE}/dist/provider/runtime.js`]) {
      const result = spawnSync(node.path, ["-e", `require(${JSON.stringify(entry)})`], {
        cwd: project,
        encoding: "utf8",
        env: { ...process.env, NODE_OPTIONS: savedNodeOptions ?? "" },
      });
      expect(result.status).not.toBe(0);
      const errors = result.stderr.split("\n").filter((line) => line.startsWith("Error: "));
      expect(errors).toEqual([
        `Error: cisco-edge-pulumi needs Node ${MINIMUM_NODE} or newer, and this is Node ${node.version}: ` +
          `its HTTP client (undici) would fail every request. Run the Pulumi program with Node ${MINIMUM_NODE}+ ` +
          "(e.g. Node 24) first on PATH: the provider runs on the same node.",
      ]);
    }
  },
);
