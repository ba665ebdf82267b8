import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { type Devices, profileSettings } from "../../emulator/devices";
import { type FakeEngineOptions, type RunResult, readState, type StackConfig, runCommand } from "../../lab/fake-engine";
import { configFromSettings } from "../../lab/stack/config";
import { allRequests, clearRequests, PROGRAM, PROJECT, ROOT, writes } from "./example-stack";
import { useEngineDevices } from "./engine-devices";

/**
 * Issue 20, in programs run by the engine (the fake engine: the SDK runs the program, the
 * SDK's dynamic-provider host runs the provider): what preview and up say before anything is
 * written, and how short a run's output is.
 */

// Whole stacks through the engine, several per test: on a loaded 2-core machine one up alone can take 30 s.
jest.setTimeout(300_000);

const secrets = {
  turnPassword: { value: `Turn-${randomBytes(9).toString("hex")}`, secret: true },
  traversalPassword: { value: `Trav-${randomBytes(9).toString("hex")}`, secret: true },
};

const text = (result: RunResult) => result.printed.join("\n");

const lab = useEngineDevices("first-hour-");
let devices: Devices;
let dir: string;
beforeAll(() => {
  ({ devices, dir } = lab());
});

function options(stack: string, extra: StackConfig = {}, program = PROGRAM): FakeEngineOptions {
  return {
    projectDir: ROOT,
    program,
    stack,
    statePath: path.join(dir, `${stack}.json`),
    config: { ...configFromSettings(profileSettings(devices.byProfile)), ...secrets, ...extra },
    print: () => undefined,
  };
}

/** A program of one resource of the package (as a user's project declares it). */
function oneResource(name: string, declaration: string): string {
  const program = path.join(dir, `${name}.js`);
  fs.writeFileSync(
    program,
    `const p = require(${JSON.stringify(path.join(ROOT, "dist", "provider"))});\n` +
      `const r = ${declaration};\nexports.id = r.id;\n`,
  );
  return program;
}

describe("7, 8. check failures, worded as the Pulumi CLI words them", () => {
  test("a TURN media range whose start is above its end stops preview and up before any request", async () => {
    const program = oneResource(
      "inverted-range",
      `new p.ExpresswayTurn("turn", { services: true, mediaPortRangeStart: 30000, mediaPortRangeEnd: 29999 })`,
    );
    clearRequests(devices);
    for (const command of ["preview", "up"] as const) {
      const result = await runCommand(command, options(`inverted-${command}`, {}, program));
      expect(result.ok).toBe(false);
      const printed = text(result);
      expect(printed).toContain(
        "error: pulumi-nodejs:dynamic/cisco:ExpresswayTurn resource 'turn': property mediaPortRangeStart " +
          "value {30000} has a problem: ExpresswayTurn.mediaPortRangeStart 30000 is above " +
          "ExpresswayTurn.mediaPortRangeEnd 29999",
      );
      // Said once, as the engine says it: no "invalid inputs", no "creating failed", no second copy.
      expect(printed).not.toMatch(/invalid inputs|creating failed|create failed/);
      expect(printed.match(/has a problem/g)).toHaveLength(1);
      expect(printed).toMatch(/^ {2}\+ ExpresswayTurn turn create: 1 error$/m);
    }
    expect(allRequests(devices)).toBe(0);
  });

  test("a config value out of range names the config key the user typed and the field it becomes", async () => {
    clearRequests(devices);
    const result = await runCommand("preview", options("turn-port", { turnPort: "70000" }));
    expect(result.ok).toBe(false);
    expect(text(result)).toContain(
      "config turnPort is 70000, which becomes ExpresswayTurn.requestsPort: a whole number from 1024 to 65535",
    );
    const inverted = await runCommand(
      "preview",
      options("media-range", { turnMediaPortStart: "30000", turnMediaPortEnd: "29999" }),
    );
    expect(text(inverted)).toContain("config turnMediaPortStart (30000) is above turnMediaPortEnd (29999)");
    expect(allRequests(devices)).toBe(0);
  });
});

describe("6. preview reads each device that up will write to, once, before any write", () => {
  const reads = (d: Devices) =>
    [d.cms, d.expC, d.expE].map((device) => device.requests.filter((r) => r.method === "GET").length);

  test("a wrong password stops preview and up with one read per device and no write", async () => {
    clearRequests(devices);
    const previewed = await runCommand("preview", options("wrong-password", { "cms:password": "not-the-password" }));
    expect(previewed.ok).toBe(false);
    expect(text(previewed)).toContain(
      'rejected the credentials of profile "cms" (HTTP 401) while trying to read what it runs, before any write: ' +
        "check cms:username and cms:password",
    );
    expect(writes(devices)).toEqual([]);
    expect(reads(devices)).toEqual([1, 1, 1]);

    clearRequests(devices);
    const up = await runCommand("up", options("wrong-password", { "cms:password": "not-the-password" }));
    expect(up.ok).toBe(false);
    expect(writes(devices)).toEqual([]);
    expect(reads(devices)).toEqual([1, 1, 1]);
    expect(devices.expC.list("common/domain")).toEqual([]);
    // The summary says how many planned changes were never tried.
    expect(text(up)).toMatch(/^ {4}\*\* 6 failed\n {4}! \d+ not attempted$/m);
  });

  test("a <profile>:version other than the device's stops preview, naming both and the fixing command", async () => {
    clearRequests(devices);
    const result = await runCommand("preview", options("wrong-version", { "cms:version": "3.8" }));
    expect(result.ok).toBe(false);
    expect(text(result)).toMatch(
      /cms:version says 3\.8, but the device at http:\/\/127\.0\.0\.1:\d+ reports 2\.2\.1\./,
    );
    expect(text(result)).toContain("Set `pulumi config set cms:version 2.2.1`");
    expect(writes(devices)).toEqual([]);
  });

  test("a no-op sends no request, even with a password that would be refused", async () => {
    const up = await runCommand("up", options("no-op"));
    expect(up.ok).toBe(true);
    clearRequests(devices);
    for (const config of [{}, { "cms:password": "not-the-password" }] as StackConfig[]) {
      const again = await runCommand("preview", options("no-op", config));
      expect(again.ok).toBe(true);
    }
    expect(allRequests(devices)).toBe(0);
    expect((await runCommand("destroy", options("no-op"))).ok).toBe(true);
  });
});

describe("9. a mistyped cms:url, fixed afterwards", () => {
  test("stops in preview before anything is recorded: the fixed URL needs no urlChange, destroy works", async () => {
    // Port 1 on loopback: nothing listens (a typo), and the lab never sends traffic to another address.
    const mistyped = { "cms:url": "http://127.0.0.1:1", "cms:maxRetries": "0" };
    clearRequests(devices);
    const failed = await runCommand("up", options("mistyped-url", mistyped));
    expect(failed.ok).toBe(false);
    expect(text(failed)).toContain("The preview failed: nothing was changed on any device.");
    expect(text(failed)).toContain("http://127.0.0.1:1");
    expect(readState(path.join(dir, "mistyped-url.json"), PROJECT, "mistyped-url").resources).toEqual([]);

    const fixed = await runCommand("up", options("mistyped-url"));
    expect(fixed.errors).toEqual([]);
    expect(text(fixed)).not.toContain("urlChange");
    const destroyed = await runCommand("destroy", options("mistyped-url"));
    expect(destroyed.errors).toEqual([]);
    expect(devices.cms.list("coSpaces")).toEqual([]);
  });
});
