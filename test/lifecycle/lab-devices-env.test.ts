import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Devices, startDevices } from "../../emulator/devices";
import { ENGINE_TEST_TIMEOUT_MS } from "./engine-devices";
import { clearRequests, ROOT, requireFreshBuild, writes } from "./example-stack";

/**
 * Issue 21: `npm run lab -- --program DIR --devices env` (dist/lab/cli.js in a child process)
 * runs a program directory outside the checkout, with its own Pulumi.yaml, stack config file and
 * two TypeScript modules, compiled on the fly, against the devices the profile environment
 * variables name (here emulators this test starts: the lab starts none). up, preview, refresh and
 * destroy all work; without a profile in the environment the lab refuses, naming the variables.
 */

const PROGRAM = {
  "Pulumi.yaml": "name: env-program\nruntime: nodejs\n",
  // As `pulumi config set` writes it: a plain value the program reads, an encrypted one the lab cannot, and a
  // device URL the lab leaves out (the environment names the devices; a loopback port nothing listens on).
  "Pulumi.dev.yaml":
    'config:\n  cms:url: "https://127.0.0.1:1"\n  env-program:spaceName: "Env room"\n' +
    "  env-program:passcode:\n    secure: AAABAKS2\n",
  "index.ts": [
    'import * as pulumi from "@pulumi/pulumi";',
    'import { CmsSpace, ExpresswayDomain } from "cisco-edge-pulumi";',
    'import { uriOf } from "./names";',
    "",
    "const config = new pulumi.Config();",
    'const name: string = config.require("spaceName");',
    "const room = new CmsSpace(",
    '  "room",',
    '  { name, uri: uriOf(name), callId: "300300", passcode: config.requireSecret("passcode") },',
    ");",
    'new ExpresswayDomain("domain", { name: "env.example.com" });',
    "export const roomId = room.id;",
    "",
  ].join("\n"),
  "names.ts": 'export const uriOf = (name: string): string => name.toLowerCase().replace(/\\s+/g, "");\n',
};

const PASSCODE = "73917391";

let devices: Devices;
let programDir: string;
let stateDir: string;

beforeAll(async () => {
  requireFreshBuild();
  devices = await startDevices();
  programDir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-env-program-"));
  for (const [name, text] of Object.entries(PROGRAM)) fs.writeFileSync(path.join(programDir, name), text);
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-env-state-"));
});
afterAll(async () => {
  await devices?.close();
  for (const dir of [programDir, stateDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  // What the lab compiled the program into (lab/command/compile-program.ts).
  const compiled = path.join(ROOT, ".lab", "programs");
  if (programDir && fs.existsSync(compiled))
    for (const name of fs.readdirSync(compiled).filter((n) => n.startsWith(`${path.basename(programDir)}-`)))
      fs.rmSync(path.join(compiled, name), { recursive: true, force: true });
});

/** The environment without any device profile variable of this machine, plus the given ones. */
function environment(profiles: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(CMS|EXPRESSWAYC|EXPRESSWAYE)_/.test(key)),
  );
  return { ...clean, ...profiles };
}

/** CMS and Expressway-C from the environment; the Expressway-E left unset. */
const twoDevices = () =>
  environment({
    CMS_URL: devices.cms.url,
    CMS_USERNAME: devices.cms.username,
    CMS_PASSWORD: devices.cms.password,
    EXPRESSWAYC_URL: devices.expC.url,
    EXPRESSWAYC_USERNAME: devices.expC.username,
    EXPRESSWAYC_PASSWORD: devices.expC.password,
  });

function lab(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  const argv = [path.join(ROOT, "dist", "lab", "cli.js"), "--state-dir", stateDir, "--exit", ...args];
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { cwd: ROOT, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

const run = (command: string) =>
  lab(["--program", programDir, "--devices", "env", command, "--config", `passcode=${PASSCODE}`], twoDevices());

test(
  "up, preview, refresh and destroy run a program from outside the checkout on the devices the environment names",
  async () => {
    const up = await run("up");
    expect(up).toEqual(expect.objectContaining({ code: 0 }));
    expect(up.output).toContain("Devices from the environment (--devices env; no emulators are started):");
    expect(up.output).toMatch(new RegExp(`CMS +${devices.cms.url} +user ${devices.cms.username}`));
    expect(up.output).toMatch(/Expressway-E +not set \(EXPRESSWAYE_URL is unset\): not used/);
    expect(up.output).toContain("Pulumi.dev.yaml holds encrypted values the lab cannot read: env-program:passcode");
    expect(up.output).toContain("Stack config from Pulumi.dev.yaml: 1 value(s); 1 device-profile setting(s) left out");
    expect(up.output).toMatch(/^ {4}\+ 2 created$/m);
    expect(up.output).not.toMatch(/Emulating|Requests to the emulators/);
    for (const secret of [PASSCODE, devices.cms.password, devices.expC.password])
      expect(up.output).not.toContain(secret);
    // The value from the program's own stack config file, the module it imports, the secret from --config.
    expect(devices.cms.list("coSpaces").map((s) => s.fields)).toEqual([
      expect.objectContaining({ name: "Env room", uri: "envroom", passcode: PASSCODE }),
    ]);
    expect(devices.expC.list("common/domain").map((d) => d.Name)).toEqual(["env.example.com"]);

    clearRequests(devices);
    const preview = await run("preview");
    expect(preview.code).toBe(0);
    expect(preview.output).toMatch(/^ {4}= 2 unchanged$/m);
    expect(writes(devices)).toEqual([]);

    const [space] = devices.cms.list("coSpaces");
    devices.cms.patch("coSpaces", space.id, { name: "Renamed on the device" });
    const refresh = await run("refresh");
    expect(refresh.code).toBe(0);
    expect(refresh.output).toContain('name: "Env room" → "Renamed on the device"');
    expect(writes(devices)).toEqual([]);

    const destroy = await run("destroy");
    expect(destroy.code).toBe(0);
    expect(destroy.output).toMatch(/^ {4}- 2 deleted$/m);
    expect(devices.cms.list("coSpaces")).toEqual([]);
    expect(devices.expC.list("common/domain")).toEqual([]);
  },
  ENGINE_TEST_TIMEOUT_MS,
);

test(
  "--devices env without a device profile in the environment refuses, naming the variables, and starts nothing",
  async () => {
    const refused = await lab(["--program", programDir, "--devices", "env", "up"], environment({}));
    expect(refused.code).toBe(2);
    expect(refused.output).toContain(
      "lab: --devices env: no device profile is set in the environment. Set at least one of " +
        "CMS_URL, EXPRESSWAYC_URL, EXPRESSWAYE_URL",
    );
    expect(refused.output).not.toMatch(/Emulating|Updating/);
    const flags = await lab(["--devices", "env", "--cms-version", "3.8", "up"], twoDevices());
    expect(flags.code).toBe(2);
    expect(flags.output).toContain("lab: --cms-version: only for the lab's emulators, not with --devices env");
  },
  ENGINE_TEST_TIMEOUT_MS,
);
