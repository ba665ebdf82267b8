import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { type RunResult, runCommand, type StackConfig } from "../../lab/fake-engine";
import { runCli } from "../../provider/cli";
import { envName } from "../../provider/connection";
import { PROFILES } from "../../emulator/devices";
import { cmsCreate } from "../emulator/client";
import { SEED_SECRETS, seedEdge } from "../support/seed-edge";
import { ENGINE_TEST_TIMEOUT_MS, useEngineDevices } from "./engine-devices";
import { ROOT, clearRequests, writes } from "./example-stack";

/**
 * Issue 21's end-to-end proof: devices configured by hand (through their REST APIs, not the
 * provider) are exported; the exported program, run through the engine against them, adopts
 * every object with no write, a preview afterwards shows no change, and audit finds nothing
 * until an object is added by hand. Two exports of the same devices are the same bytes.
 */

type Lab = ReturnType<ReturnType<typeof useEngineDevices>>;

function envOf(lab: Lab): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "" };
  for (const profile of PROFILES) {
    const server = lab.devices.byProfile[profile];
    env[envName(profile, "url")] = server.url;
    env[envName(profile, "username")] = server.username;
    env[envName(profile, "password")] = server.password;
  }
  return env;
}

async function cli(lab: Lab, argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: envOf(lab) });
  return { code, out, err };
}

/** The exported index.ts as the engine runs it: compiled, its packages taken from this checkout. */
function compiled(dir: string): string {
  const source = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
  const file = path.join(dir, "index.js");
  fs.writeFileSync(
    file,
    js
      .replace('require("cisco-edge-pulumi")', `require(${JSON.stringify(path.join(ROOT, "dist", "provider"))})`)
      .replace('require("@pulumi/pulumi")', `require(${JSON.stringify(require.resolve("@pulumi/pulumi"))})`),
  );
  return file;
}

const changed = (result: RunResult) => result.steps.filter((s) => s.action !== "same");

/** The seed's secrets by the config keys the exported program reads them from (index.ts `config.requireSecret`). */
function secretConfig(index: string): StackConfig {
  const keys = [...index.matchAll(/config\.requireSecret\("(\w+)"\)/g)].map((m) => m[1]);
  const seeded = (key: string): string => {
    const space = /^cmsSpaceSeedSpace(\d{3})Passcode$/.exec(key);
    if (space) return `${SEED_SECRETS.spacePasscode}${space[1]}`;
    if (/SharedSecret$/.test(key)) return SEED_SECRETS.xmppSharedSecret;
    if (/Tuser|AuthenticationPassword$/.test(key)) return SEED_SECRETS.traversalPassword;
    if (/Turnuser|^cmsTurnServer/.test(key)) return SEED_SECRETS.turnPassword;
    throw new Error(`the exported program reads a secret the seed did not set: ${key}`);
  };
  return Object.fromEntries(keys.map((key) => [key, { value: seeded(key), secret: true }]));
}

describe.each(["2.2", "3.8"])("export and audit of a hand-configured edge, CMS %s", (cmsVersion) => {
  const lab = useEngineDevices(`export-audit-${cmsVersion}-`, { cmsVersion });

  test(
    "the exported program adopts everything with no write, previews no change, and audit finds nothing",
    async () => {
      await seedEdge(lab().devices.byProfile, { cmsVersion });
      const dir = path.join(lab().dir, "exported");
      const first = await cli(lab(), ["export", "--out", dir, "--project", "edge"]);
      expect(first.err.join("\n")).not.toContain("cisco-edge export:");
      expect(first.code).toBe(0);
      const bytes = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
      expect(bytes).toContain("authenticationUsername: expresswayCredentialTuser.name");
      // Release-specific shapes as the device has them: a 2.x web bridge and XMPP, a 3.x C2W bridge and no XMPP.
      expect(bytes).toContain(cmsVersion === "2.2" ? 'url: "https://' : 'url: "c2w://');
      if (cmsVersion === "2.2") expect(bytes).toContain('new CmsXmppSettings("cms-xmpp-settings", {');
      else expect(first.out.join("\n")).toContain('Note: CMS "cms": CmsXmppSettings not read: CMS 3.8.0 has none');

      // The same devices give the same program, byte for byte.
      const again = path.join(lab().dir, "again");
      expect((await cli(lab(), ["export", "--out", again, "--project", "edge"])).code).toBe(0);
      for (const file of fs.readdirSync(dir))
        expect(fs.readFileSync(path.join(again, file), "utf8")).toBe(fs.readFileSync(path.join(dir, file), "utf8"));

      const options = lab().options("exported", compiled(dir), secretConfig(bytes));
      clearRequests(lab().devices);
      const up = await runCommand("up", options);
      expect(up.errors).toEqual([]);
      expect(up.ok).toBe(true);
      expect(writes(lab().devices).map((r) => `${r.method} ${r.path}`)).toEqual([]);

      const preview = await runCommand("preview", options);
      expect(preview.ok).toBe(true);
      expect(changed(preview)).toEqual([]);

      const clean = await cli(lab(), ["audit", "--state", options.statePath]);
      expect(clean.out.join("\n")).toContain("OK:");
      expect(clean.code).toBe(0);

      // One object added by hand: audit names it and exits 1.
      await cmsCreate(lab().devices.cms, "coSpaces", { name: "Stray", uri: "strayroom", callId: "999001" });
      const found = await cli(lab(), ["audit", "--state", options.statePath]);
      expect(found.code).toBe(1);
      expect(found.out.join("\n")).toMatch(/CmsSpace "strayroom" \(id [0-9a-f-]+\) on "cms"/);
    },
    ENGINE_TEST_TIMEOUT_MS,
  );
});
