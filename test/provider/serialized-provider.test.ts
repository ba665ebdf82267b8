import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { type CmsEmulator, startCmsEmulator } from "../../emulator/cms";

/**
 * The provider as Pulumi stores it: a resource is constructed under the SDK's mocks,
 * the `__provider` text the SDK serialized is taken from the registered inputs, and a
 * fresh Node process loads it exactly as the dynamic-provider host does
 * (require-from-string, then `.handler()`), configures it and drives it over HTTP.
 */

const ROOT = path.join(__dirname, "..", "..");
const captured: { type: string; inputs: Record<string, unknown> }[] = [];
let cms: CmsEmulator;
let serializedText = "";

beforeAll(async () => {
  cms = await startCmsEmulator();
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        captured.push({ type: args.type, inputs: args.inputs as Record<string, unknown> });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "cisco-edge",
    "test",
  );
});
afterAll(async () => {
  await cms.close();
});

function runNode(script: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["-e", script], { cwd: ROOT, env }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

test("the serialized CmsSpace provider is small, holds no credentials, and works in a fresh process", async () => {
  // Loaded after setMocks so the SDK registers resources with the mock monitor.
  const { CmsSpace } = await import("../../provider");
  const space = new CmsSpace("proxy", {
    name: "Proxy webRTC",
    uri: "proxywebrtc",
    callId: "100101",
    passcode: "73519024",
  });
  await new Promise<void>((resolve) => space.urn.apply(() => resolve()));
  const registered = captured.find((c) => c.type === "pulumi-nodejs:dynamic/cisco:CmsSpace");
  expect(registered).toBeDefined();
  const text = registered?.inputs.__provider as string;
  serializedText = text;
  expect(typeof text).toBe("string");
  // Only the resource kind and the runtime path are captured: no undici, parser or schema.
  expect(text.length).toBeLessThan(4000);
  // The figure the docs give (about 2.9 KB, the runtime path aside), stored twice per resource:
  // the source text of the shim's functions, so comments stay outside them.
  const { RUNTIME_PATH } = await import("../../provider/resource");
  console.log(`serialized CmsSpace provider: ${text.length} bytes (runtime path: ${RUNTIME_PATH.length})`);
  expect(text.length - RUNTIME_PATH.length).toBeLessThan(2900);
  expect(text).not.toMatch(/\/\/|\/\*/);
  expect(text).not.toMatch(/undici|fast-xml-parser|coSpaces|password|runTurnCheck|provider\/turn/i);

  const result = await runSerialized(text);
  expect(result.failures).toEqual([]);
  expect(cms.get("coSpaces", result.id)?.fields).toMatchObject({
    name: "Proxy webRTC",
    uri: "proxywebrtc",
    callId: "100101",
  });
  expect(result.diff.changes).toBe(false);
  expect(JSON.stringify(result.outs)).not.toContain("73519024");
});

const movedProject =
  "a state whose recorded implementation path no longer exists (project moved) loads the project's provider";
test(movedProject, async () => {
  const { RUNTIME_PATH } = await import("../../provider/resource");
  expect(serializedText).toContain(JSON.stringify(RUNTIME_PATH).slice(1, -1));
  const moved = serializedText
    .split(JSON.stringify(RUNTIME_PATH).slice(1, -1))
    .join("/nonexistent/old-checkout/dist/provider/runtime.js");
  cms.reset();
  const result = await runSerialized(moved);
  expect(cms.get("coSpaces", result.id)).toBeDefined();
});

async function runSerialized(
  text: string,
): Promise<{ failures: unknown[]; id: string; outs: Record<string, unknown>; diff: { changes: boolean } }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "serialized-"));
  const file = path.join(dir, "provider.js");
  fs.writeFileSync(file, text);
  const script = `
    const text = require("fs").readFileSync(${JSON.stringify(file)}, "utf8");
    const provider = require("require-from-string")(text).handler();
    const settings = {
      "cms:url": process.env.T_URL,
      "cms:username": process.env.T_USER,
      "cms:password": process.env.T_PASS,
    };
    const config = { get: (key) => settings[key] };
    (async () => {
      await provider.configure({ config });
      const inputs = { name: "Proxy webRTC", uri: "ProxyWebRTC", callId: "100101", passcode: "73519024" };
      const checked = await provider.check({}, inputs);
      const created = await provider.create(checked.inputs);
      const read = await provider.read(created.id, created.outs);
      const diff = await provider.diff(created.id, read.props, checked.inputs);
      console.log(JSON.stringify({ failures: checked.failures, id: created.id, outs: created.outs, diff }));
    })().catch((e) => { console.error(e.message); process.exit(1); });`;
  const env = { PATH: process.env.PATH, T_URL: cms.url, T_USER: cms.username, T_PASS: cms.password };
  return JSON.parse(await runNode(script, env)) as {
    failures: unknown[];
    id: string;
    outs: Record<string, unknown>;
    diff: { changes: boolean };
  };
}
