import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Devices, profileSettings, startDevices } from "../../emulator/devices";
import { type RunResult, type StackConfig, readState, runCommand } from "../../lab/fake-engine";

/**
 * The consumer's path: `npm pack` the checkout, install the tarball into a fresh project
 * outside it, compile a small TypeScript program there against the installed types, and
 * run create, refresh and destroy through the lab's fake engine (the program under the
 * SDK's mocks, every provider call through the SDK's dynamic-provider host) against the
 * emulators. Every child process carries a guard that refuses to load the provider's
 * implementation from the checkout, and the project is moved after create, so refresh and
 * destroy must find the implementation through the installed package's exports.
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

function run(command: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
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
const savedNodeOptions = process.env.NODE_OPTIONS;

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

test("the packed package installs into a fresh project and runs create, refresh and destroy from there", async () => {
  // npm test has just built dist/; packing must not rebuild it under the other suites' feet.
  const packed = await npm(["pack", "--ignore-scripts", "--json", "--pack-destination", work], ROOT);
  const [manifest] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
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

  const first = path.join(work, "project");
  fs.mkdirSync(first);
  const consumerManifest = { name: "consumer-program", private: true, allowScripts: { protobufjs: true } };
  fs.writeFileSync(path.join(first, "package.json"), `${JSON.stringify(consumerManifest, null, 2)}\n`);
  await npm(["install", "--prefer-offline", path.join(work, manifest.filename)], first);
  // The checkout's Node 24 devDependency stays in the checkout.
  expect(fs.existsSync(path.join(first, "node_modules", "node"))).toBe(false);
  expect(fs.existsSync(path.join(first, "node_modules", PACKAGE, "dist", "provider", "runtime.js"))).toBe(true);
  // The package's bin: npm links cisco-edge into the project, and it runs from the installed package.
  const help = await run(path.join(first, "node_modules", ".bin", "cisco-edge"), ["turn-check", "--help"], first);
  expect(help.stdout).toContain("usage: cisco-edge turn-check --server HOST[:PORT] --username NAME");

  // The program compiles against the installed types (a wrong argument would not).
  fs.writeFileSync(path.join(first, "index.ts"), PROGRAM);
  fs.writeFileSync(path.join(first, "tsconfig.json"), JSON.stringify(TSCONFIG));
  await run(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."], first);
  fs.writeFileSync(path.join(first, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\nmain: index.js\n`);

  const harness = path.join(work, "harness");
  fs.mkdirSync(harness);
  const loads = path.join(harness, "loads.log");
  const moved = path.join(work, "moved");
  const installedRoots = [first, moved].map((dir) => path.join(dir, "node_modules", PACKAGE) + path.sep);
  writeGuard(path.join(harness, "guard.js"), loads, installedRoots);
  // The host and the program child inherit the guard (they get process.env).
  process.env.NODE_OPTIONS = `${savedNodeOptions ?? ""} --require ${path.join(harness, "guard.js")}`.trim();
  const statePath = path.join(harness, "state.json");
  const options = (projectDir: string) => ({
    projectDir,
    stack: STACK,
    statePath,
    config: stackConfig(),
    print: () => {},
  });

  expectOk(await runCommand("up", options(first)));
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
  const refreshed = await runCommand("refresh", options(moved));
  expectOk(refreshed);
  expect(refreshed.steps.filter((s) => s.action !== "same")).toEqual([]);
  expect(deviceObjects()).toEqual({ spaces: 1, rules: 1, domains: 1, credentials: 1 });
  expectOk(await runCommand("destroy", options(moved)));
  expect(deviceObjects()).toEqual({ spaces: 0, rules: 0, domains: 0, credentials: 0 });
  expect(fs.readFileSync(loads, "utf8")).toContain(
    path.join(moved, "node_modules", PACKAGE, "dist", "provider", "runtime.js"),
  );
});
