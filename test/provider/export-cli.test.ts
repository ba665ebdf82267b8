import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { type Devices, PROFILES, startDevices } from "../../emulator/devices";
import { runCli } from "../../provider/cli";
import { envName } from "../../provider/connection";
import { declaredResources } from "../../provider/export/audit";
import { cmsCreate } from "../emulator/client";
import { runCiscoEdge } from "../support/cisco-edge-cli";

/**
 * `cisco-edge export` and `audit` as a user meets them: progress and paging, --only, and each
 * wrong input or unusable device with its exit code (0 written, 1 device, 2 usage) and words.
 */

let devices: Devices;
let tmp: string;

beforeAll(async () => {
  devices = await startDevices({ cmsVersion: "3.8" });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "export-cli-"));
  for (let i = 1; i <= 45; i++) await cmsCreate(devices.cms, "coSpaces", { name: `Room ${i}`, uri: `room${i}` });
});

afterAll(async () => {
  await devices.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function envFor(profiles: readonly string[] = PROFILES, change: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const profile of profiles) {
    const server = devices.byProfile[profile as (typeof PROFILES)[number]];
    env[envName(profile, "url")] = server.url;
    env[envName(profile, "username")] = server.username;
    env[envName(profile, "password")] = server.password;
  }
  return { ...env, ...change };
}

async function cli(argv: string[], env = envFor()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const outDir = (name: string) => path.join(tmp, name);

test("export pages CMS to the end, says so on stderr, and --only keeps to the kinds named", async () => {
  devices.cms.clearRequests();
  const run = await cli(["export", "--out", outDir("only"), "--only", "CmsSpace"], envFor(["cms"]));
  expect(run.code).toBe(0);
  expect(run.err).toContain('CMS "cms": 20 of 45 spaces');
  expect(run.err).toContain('CMS "cms": 45 of 45 spaces');
  expect(run.out).toContain("CmsSpace: 45");
  const index = fs.readFileSync(path.join(outDir("only"), "index.ts"), "utf8");
  expect(index.match(/new CmsSpace\(/g)).toHaveLength(45);
  expect(index).not.toMatch(/new (?!CmsSpace)[A-Za-z]+\(/);
  // Three listing pages (20 a page) and one read per space; nothing else but the device's status.
  const gets = devices.cms.requests.filter((r) => r.method === "GET");
  expect(gets.filter((r) => r.path === "/api/v1/coSpaces").map((r) => r.query)).toEqual([
    "offset=0",
    "offset=20",
    "offset=40",
  ]);
  expect(gets.filter((r) => r.path.startsWith("/api/v1/coSpaces/"))).toHaveLength(45);
  expect(devices.cms.requests.filter((r) => r.method !== "GET")).toEqual([]);
});

test("a space's access methods are listed under it and refer to it; --only them still finds the spaces", async () => {
  const space = devices.cms.list("coSpaces").find((s) => s.fields.uri === "room7")?.id as string;
  await cmsCreate(devices.cms, `coSpaces/${space}/accessMethods`, { uri: "room7.guest", callId: "700107" });
  const both = await cli(
    ["export", "--out", outDir("children"), "--only", "CmsSpace,CmsAccessMethod"],
    envFor(["cms"]),
  );
  expect(both.code).toBe(0);
  expect(both.err).toContain('CMS "cms": access methods of 45 of 45 spaces');
  const index = fs.readFileSync(path.join(outDir("children"), "index.ts"), "utf8");
  expect(index).toContain('const cmsSpaceRoom7 = new CmsSpace("cms-space-room7", {');
  expect(index).toContain(
    'new CmsAccessMethod("cms-access-method-room7-guest", {\n  space: cmsSpaceRoom7.id,\n  uri: "room7.guest",',
  );
  const alone = await cli(["export", "--out", outDir("children-alone"), "--only", "CmsAccessMethod"], envFor(["cms"]));
  expect(alone.code).toBe(0);
  const only = fs.readFileSync(path.join(outDir("children-alone"), "index.ts"), "utf8");
  expect(only).toContain(`space: ${JSON.stringify(space)},`);
  expect(only).not.toContain("new CmsSpace(");
});

test("an unknown kind in --only is wrong usage, listing the known kinds", async () => {
  const run = await cli(["export", "--out", outDir("unknown"), "--only", "CmsSpace,CmsSpaces"]);
  expect(run.code).toBe(2);
  expect(run.err).toContain('--only: unknown kind "CmsSpaces"; known: CmsTurnServer, CmsSpace,');
  expect(fs.existsSync(outDir("unknown"))).toBe(false);
});

test("a directory that is not empty is refused without --force, and written with it", async () => {
  const dir = outDir("busy");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "notes.txt"), "mine");
  const refused = await cli(["export", "--out", dir, "--only", "CmsWebBridge"], envFor(["cms"]));
  expect(refused.code).toBe(2);
  expect(refused.err).toContain(`--out ${dir} is not empty (notes.txt): give an empty or new directory, or --force`);
  expect(fs.readdirSync(dir)).toEqual(["notes.txt"]);
  const forced = await cli(["export", "--out", dir, "--only", "CmsWebBridge", "--force"], envFor(["cms"]));
  expect(forced.code).toBe(0);
  expect(fs.readdirSync(dir)).toContain("index.ts");
});

test("no device profile set is wrong usage naming the variables", async () => {
  const run = await cli(["export", "--out", outDir("none")], {});
  expect(run.code).toBe(2);
  expect(run.err).toContain("no device profile is set: set CMS_URL, EXPRESSWAYC_URL, EXPRESSWAYE_URL");
});

test("a wrong password stops before anything is written, naming the profile, never the password", async () => {
  const env = envFor(["cms", "expresswayE"], { EXPRESSWAYE_PASSWORD: "not-the-password-42" });
  const run = await runCiscoEdge(["export", "--out", outDir("wrong")], env);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('rejected the credentials of profile "expresswayE" (HTTP 401)');
  expect(run.stderr).toContain("check expresswayE:username and expresswayE:password");
  expect(`${run.stdout}${run.stderr}`).not.toContain("not-the-password-42");
  expect(fs.existsSync(outDir("wrong"))).toBe(false);
});

test("an unreachable device is exit 1 with its URL", async () => {
  const closed = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const env = envFor(["cms"], { CMS_URL: `http://127.0.0.1:${closed}`, CMS_MAX_RETRIES: "0" });
  const run = await cli(["export", "--out", outDir("unreachable")], env);
  expect(run.code).toBe(1);
  expect(run.err).toContain(`cisco-edge export: `);
  expect(run.err).toContain(`127.0.0.1:${closed}`);
  expect(fs.existsSync(outDir("unreachable"))).toBe(false);
});

test("audit reads `pulumi stack export` output: an object gone and one not declared, exit 1", async () => {
  const spaces = devices.cms.list("coSpaces");
  const url = devices.byProfile.cms.url;
  const resource = (name: string, id: string) => ({
    urn: `urn:pulumi:dev::edge::pulumi-nodejs:dynamic/cisco:CmsSpace::${name}`,
    custom: true,
    type: "pulumi-nodejs:dynamic/cisco:CmsSpace",
    id,
    outputs: {
      deviceUrl: url,
      uri: "x",
      passcode: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" },
    },
  });
  const declared = spaces.slice(1).map((s, i) => resource(`space-${i}`, s.id));
  const state = {
    version: 3,
    deployment: {
      manifest: {},
      resources: [
        { urn: "urn:pulumi:dev::edge::pulumi:pulumi:Stack::edge-dev", custom: false, type: "pulumi:pulumi:Stack" },
        ...declared,
        resource("gone-space", "00000000-0000-4000-8000-000000000000"),
      ],
    },
  };
  expect(declaredResources(state)).toHaveLength(spaces.length);
  const file = path.join(tmp, "stack.json");
  fs.writeFileSync(file, JSON.stringify(state));
  const run = await cli(["audit", "--state", file], envFor(["cms"]));
  expect(run.code).toBe(1);
  expect(run.out).toContain("On the devices, not declared by the stack (1):");
  expect(run.out).toContain(`CmsSpace "room1" (id ${spaces[0].id}) on "cms"`);
  expect(run.out).toContain("Declared by the stack, gone from the devices (1):");
  expect(run.out).toContain('CmsSpace "gone-space" (id 00000000-0000-4000-8000-000000000000) on "cms"');
});

test("audit of a file that is no state is wrong usage", async () => {
  const file = path.join(tmp, "not-state.json");
  fs.writeFileSync(file, JSON.stringify({ hello: 1 }));
  const run = await cli(["audit", "--state", file]);
  expect(run.code).toBe(2);
  expect(run.err).toContain("the state has no resources list: give the output of `pulumi stack export`");
  expect((await cli(["audit"])).err).toContain("--state FILE is required");
});
