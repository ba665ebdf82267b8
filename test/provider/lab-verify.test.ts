import { type Devices, startDevices } from "../../emulator/devices";
import { applyStatusFailures } from "../../emulator/status-failures";
import { parseArgs } from "../../lab/command/args";
import { readSettings } from "../../examples/dual-domain/settings";
import { labExpectations, verifyLab } from "../../lab/command/verify";
import { closeAllConnections } from "../../provider/device/http";
import { seedVerifiedTopology } from "../support/verified-topology";

/** `npm run lab -- verify [--fail NAME]`: its arguments, and one line per check with the device's words. */

let started: Devices;
let printed: string[];
beforeAll(async () => {
  started = await startDevices();
  await seedVerifiedTopology(started, { domains: ["octavio.local", "octavio.com"], webBridge: true });
});
afterAll(async () => {
  await closeAllConnections();
  await started.close();
});
beforeEach(() => {
  applyStatusFailures(started, []);
  printed = [];
  jest.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
});
afterEach(() => jest.restoreAllMocks());

test("arguments: verify, and --fail with a list; a wrong name is refused", () => {
  expect(parseArgs(["verify", "--fail", "tunnel-failed,licence-expired"])).toMatchObject({
    command: "up",
    verify: true,
    failures: ["tunnel-failed", "licence-expired"],
  });
  expect(parseArgs([])).toMatchObject({ verify: false, failures: [] });
  expect(() => parseArgs(["verify", "--fail", "tunnel-broken"])).toThrow(/unknown status failure/);
});

test("healthy lab: a PASS line per check and the total", async () => {
  expect(await verifyLab({ byProfile: started.byProfile, started }, [])).toBe(true);
  const checks = printed.filter((l) => /^(PASS|FAIL|SKIP) /.test(l)).map((l) => l.split(/\s+/).slice(0, 2).join(" "));
  expect(checks).toEqual([
    "PASS cms-licence",
    "PASS cms-turn-status",
    "PASS cms-web-bridge-status",
    "PASS expressway-e-turn",
    "PASS expressway-e-turn-protocol",
    "SKIP cms-turn-tcp-relay",
    "PASS expressway-c-ssh-tunnels",
  ]);
  expect(printed).toContain("All 7 checks pass.");
});

test("--fail tunnel-failed on emulators this lab started: FAIL, the device's words, the guide's step", async () => {
  expect(await verifyLab({ byProfile: started.byProfile, started }, ["tunnel-failed"])).toBe(false);
  const output = printed.join("\n");
  expect(output).toContain("Emulated failures switched on: tunnel-failed.");
  const tunnels = "vcse.octavio.com x octavio.local: Failed; vcse.octavio.com x octavio.com: Failed";
  expect(output).toContain(`FAIL  expressway-c-ssh-tunnels   ${tunnels}\n      guide: Verify: Expressway-C`);
  expect(output).toContain("1 of 7 checks failed.");
});

test("attached to another lab's emulators, --fail changes nothing there", async () => {
  expect(await verifyLab({ byProfile: started.byProfile }, ["licence-expired"])).toBe(true);
  expect(printed.join("\n")).toContain("--fail only applies to emulators this lab starts");
});

test("the guide's three tunnels; the web bridge name's needs the CMS page (web-proxy-off: FAIL)", async () => {
  const expected = labExpectations(readSettings(() => undefined));
  expect(expected.tunnelDomains).toEqual(["octavio.local", "octavio.com", "cmsweb.octavio.com"]);
  const devices = { byProfile: started.byProfile, started };
  // Without the manual step played as done, the web bridge name has no tunnel.
  expect(await verifyLab(devices, [], { tunnelDomains: expected.tunnelDomains })).toBe(false);
  applyStatusFailures(started, [], expected.done);
  printed.length = 0;
  expect(await verifyLab(devices, [], expected)).toBe(true);
  expect(printed.join("\n")).toMatch(
    /PASS {2}expressway-c-ssh-tunnels .*vcse\.octavio\.com x cmsweb\.octavio\.com: Active/,
  );
  printed.length = 0;
  expect(await verifyLab(devices, ["web-proxy-off"], expected)).toBe(false);
  expect(printed.join("\n")).toMatch(
    /FAIL {2}expressway-c-ssh-tunnels +no tunnel for cmsweb\.octavio\.com; .*guest account client URI\n/,
  );
});

test("TCP relay check at the emulated TURN port: pass; --fail turn-tcp-off: fail naming ProtocolMode", async () => {
  const expected = labExpectations(
    readSettings(() => undefined),
    {
      address: `127.0.0.1:${started.expE.turn?.port}`,
      password: "x",
    },
  );
  const devices = { byProfile: started.byProfile, started };
  expect(await verifyLab(devices, [], { ...expected, tunnelDomains: undefined })).toBe(true);
  expect(printed.join("\n")).toMatch(
    /PASS {2}cms-turn-tcp-relay +turnServer .* a TCP relay was allocated at 127\.0\.0\.1:/,
  );
  printed.length = 0;
  expect(await verifyLab(devices, ["turn-tcp-off"], { ...expected, tunnelDomains: undefined })).toBe(false);
  const output = printed.join("\n");
  expect(output).toMatch(/FAIL {2}expressway-e-turn-protocol ProtocolMode UDP: TCP relays are off/);
  expect(output).toMatch(/FAIL {2}cms-turn-tcp-relay +turnServer .*TCP relays are off \(442 .*ProtocolMode/);
  expect(output).toContain("2 of 7 checks failed.");
});

test("a licence-less X8.10 Expressway-E: FAIL expressway-e-turn, asking for the TURN Relays option key", async () => {
  const old = await startDevices({ expresswayVersion: "X8.10" });
  try {
    await seedVerifiedTopology(old, { domains: ["octavio.local", "octavio.com"], webBridge: true });
    expect(await verifyLab({ byProfile: old.byProfile, started: old }, ["turn-relays-missing"])).toBe(false);
    const output = printed.join("\n");
    expect(output).toContain(
      "FAIL  expressway-e-turn          TURN Active but no relay licence (relays 0 in use (peak 0, 0 since restart), " +
        "no licence reported, port 3478): X8.10 needs the TURN Relays option key (Maintenance > Option keys)",
    );
    expect(output).toContain("1 of 7 checks failed.");
    printed.length = 0;
    // The same release with its key: every check passes.
    applyStatusFailures(old, []);
    expect(await verifyLab({ byProfile: old.byProfile, started: old }, [])).toBe(true);
  } finally {
    await old.close();
  }
});
