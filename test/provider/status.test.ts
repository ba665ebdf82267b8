import { applyStatusFailures, type StatusFailure } from "../../emulator/status-failures";
import { type ConnectionSettings, deviceProfilesFrom } from "../../provider/connection";
import {
  gatherHealth,
  getCmsLicence,
  getCmsTurnServerStatus,
  getCmsWebBridgeStatus,
  getExpresswayStatus,
  getExpresswayTunnels,
  getExpresswayTurnStatus,
  healthy,
  listCmsIds,
  StatusReadError,
} from "../../provider/status";
import { startCmsEmulator } from "../../emulator/cms";
import { startExpresswayEmulator } from "../../emulator/expressway";
import type { EmulatorServer } from "../../emulator/server";
import { cmsCall, cmsCreate, expresswayCall } from "../emulator/client";
import { useTestDevices } from "../support/test-devices";
import { seedVerifiedTopology } from "../support/verified-topology";

/** The status readers and the health gathering, against the emulators in healthy and failed states. */

const devices = useTestDevices();
let cms: ConnectionSettings;
let expC: ConnectionSettings;
let expE: ConnectionSettings;
let turnId: string;
let bridgeId: string;

function settingsOf(device: EmulatorServer, profile = "device"): ConnectionSettings {
  const config: Record<string, string> = {
    [`${profile}:url`]: device.url,
    [`${profile}:username`]: device.username,
    [`${profile}:password`]: device.password,
    [`${profile}:retryBaseMs`]: "5",
  };
  return deviceProfilesFrom({ get: (key) => config[key] }).resolve(profile);
}

/** The guide's topology as far as verification reads it. */
async function declareTopology(): Promise<void> {
  const seeded = await seedVerifiedTopology(devices(), { domains: ["octavio.local", "octavio.com"], webBridge: true });
  turnId = seeded.turnId;
  bridgeId = seeded.bridgeId as string;
}

const fail = (failures: StatusFailure[]) =>
  applyStatusFailures({ cms: devices().cms, expC: devices().expC, expE: devices().expE }, failures);

beforeAll(async () => {
  const profiles = deviceProfilesFrom({ get: (key) => devices().config.get(key) });
  [cms, expC, expE] = [profiles.resolve("cms"), profiles.resolve("expresswayC"), profiles.resolve("expresswayE")];
  await declareTopology();
});
beforeEach(() => {
  fail([]);
  devices().clearRequests();
});

describe("CMS readers", () => {
  test("TURN server status: healthy is the guide's capture; unreachable has no round trip", async () => {
    expect(await getCmsTurnServerStatus(cms, turnId)).toMatchObject({
      id: turnId,
      status: "success",
      hosts: [
        {
          address: "172.16.85.168",
          portNumber: 3478,
          reachable: true,
          roundTripTimeMs: 52,
          mappedAddress: "172.16.85.180",
          mappedPortNumber: 41574,
        },
      ],
    });
    fail(["turn-unreachable"]);
    const down = await getCmsTurnServerStatus(cms, turnId);
    expect(down.hosts).toEqual([{ address: "172.16.85.168", portNumber: 3478, reachable: false }]);
  });

  test("TURN server status of an unknown id: a StatusReadError quoting the device", async () => {
    const read = getCmsTurnServerStatus(cms, "00000000-0000-0000-0000-000000000000");
    await expect(read).rejects.toThrow(StatusReadError);
    await expect(read).rejects.toThrow(
      /answered HTTP 404 to GET \/api\/v1\/turnServers\/0{8}-.*\/status; the device answered: .*turnServerDoesNotExist/,
    );
  });

  test("web bridge status: success, then connectionFailure", async () => {
    expect(await getCmsWebBridgeStatus(cms, bridgeId)).toMatchObject({ id: bridgeId, status: "success" });
    fail(["web-bridge-failure"]);
    expect(await getCmsWebBridgeStatus(cms, bridgeId)).toMatchObject({ status: "connectionFailure" });
  });

  test("licence: activated, then expired (2.x /system/licensing)", async () => {
    expect(await getCmsLicence(cms)).toMatchObject({
      path: "/api/v1/system/licensing",
      callBridge: { status: "activated", expiry: expect.stringMatching(/^\d{4}-[A-Z][a-z]{2}-\d{2}$/) },
    });
    fail(["licence-expired"]);
    expect((await getCmsLicence(cms)).callBridge?.status).toBe("expired");
  });

  test.each([false, true])(
    "licence on 3.x comes from /clusterLicensing (the licence file names its features: %s)",
    async (fileNamesFeatures) => {
      const licence = { callBridge: "grace" as const, fileNamesFeatures };
      const v3 = await startCmsEmulator({ cmsVersion: "3.8", statusAnswers: { licence } });
      try {
        expect(await getCmsLicence(settingsOf(v3))).toMatchObject({
          path: "/api/v1/clusterLicensing",
          callBridge: { status: "grace" },
        });
      } finally {
        await v3.close();
      }
    },
  );

  test.each([
    [true, "pass", /: no status element, judged by its hosts; 172\.16\.85\.168:3478 reachable true/],
    [false, "fail", /: status \(none\); 172\.16\.85\.168:3478 reachable false$/],
  ] as const)(
    "a TURN status without the capture's <status> (as the API reference has it), reachable %s: %s",
    async (reachable, result, words) => {
      const bare = await startCmsEmulator({ statusAnswers: { turnServer: { status: null, reachable } } });
      try {
        const id = await cmsCreate(bare, "turnServers", { serverAddress: "172.16.85.168" });
        const checks = await gatherHealth(
          { cms: settingsOf(bare), expresswayC: expC, expresswayE: expE },
          { turnServerIds: [id], webBridgeIds: [] },
        );
        const turn = checks.find((c) => c.check === "cms-turn-status");
        expect(turn?.result).toBe(result);
        expect(turn?.detail).toMatch(words);
      } finally {
        await bare.close();
      }
    },
  );

  test("listCmsIds pages through a collection", async () => {
    expect(await listCmsIds(cms, "turnServers")).toEqual([turnId]);
    expect(await listCmsIds(cms, "webBridges")).toEqual([bridgeId]);
    const capped = await startCmsEmulator({ pageCaps: { turnServers: 2 } });
    try {
      const ids: string[] = [];
      for (let n = 1; n <= 5; n++) ids.push(await cmsCreate(capped, "turnServers", { serverAddress: `10.0.0.${n}` }));
      expect(await listCmsIds(settingsOf(capped), "turnServers")).toEqual(ids);
    } finally {
      await capped.close();
    }
  });
});

describe("Expressway readers", () => {
  test("TURN status: Active with relays and port, then Inactive", async () => {
    expect(await getExpresswayTurnStatus(expE)).toMatchObject({
      status: "Active",
      relays: { current: 0, peak: 0, total: 0 },
      licensedRelays: 1800,
      requestsPort: 3478,
    });
    fail(["turn-inactive"]);
    expect((await getExpresswayTurnStatus(expE)).status).toBe("Inactive");
  });

  test("SSH tunnels: Active per domain, then Failed", async () => {
    const row = (domain: string, status: string) => ({ target: "vcse.octavio.com", domain, status });
    expect((await getExpresswayTunnels(expC)).tunnels).toEqual([
      row("octavio.local", "Active"),
      row("octavio.com", "Active"),
    ]);
    fail(["tunnel-failed"]);
    expect((await getExpresswayTunnels(expC)).tunnels).toEqual([
      row("octavio.local", "Failed"),
      row("octavio.com", "Failed"),
    ]);
  });

  test("tunnels read under other plausible element names (the real ones are unpublished)", async () => {
    const other = await startExpresswayEmulator({
      personality: "C",
      statusAnswers: {
        extraTunnelDomains: ["cmsweb.octavio.com"],
        tunnelFieldNames: { target: "PeerHost", domain: "DomainName", status: "State" },
      },
    });
    try {
      await expresswayCall(other, "PUT", "common/mra", { Enabled: "On" });
      await expresswayCall(other, "POST", "controller/zone/unifiedcommunicationstraversal", {
        Name: "UT Zone",
        PeerAddress: ["vcse.octavio.com"],
        AuthenticationUserName: "Tuser",
        AuthenticationPassword: "x",
      });
      expect((await getExpresswayTunnels(settingsOf(other))).tunnels).toEqual([
        { target: "vcse.octavio.com", domain: "cmsweb.octavio.com", status: "Active" },
      ]);
    } finally {
      await other.close();
    }
  });

  test("a node getxml does not know (XPathError) is looked for in the whole /status.xml", async () => {
    const doc = await getExpresswayStatus(expE, "/Status/Nothing");
    expect(doc.path).toBe("/status.xml");
    expect(doc.body).toContain("<ResourceUsage");
  });

  test("the E side has no CollaborationEdge tunnels; a CMS is no Expressway: the answer is quoted", async () => {
    expect((await getExpresswayTunnels(expE)).tunnels).toEqual([]);
    await expect(getExpresswayTurnStatus(cms)).rejects.toThrow(/answered HTTP 400 to GET \/status.xml/);
  });
});

describe("gatherHealth", () => {
  test("healthy topology: every check passes, with GETs only", async () => {
    const checks = await gatherHealth({ cms, expresswayC: expC, expresswayE: expE });
    expect(checks.map((c) => [c.check, c.result])).toEqual([
      ["cms-licence", "pass"],
      ["cms-turn-status", "pass"],
      ["cms-web-bridge-status", "pass"],
      ["expressway-e-turn", "pass"],
      ["expressway-e-turn-protocol", "pass"],
      // No address this machine reaches the TURN port at was given: never aimed at the CMS's inside address.
      ["cms-turn-tcp-relay", "skip"],
      ["expressway-c-ssh-tunnels", "pass"],
    ]);
    expect(checks.find((c) => c.check === "cms-turn-tcp-relay")?.detail).toBe(
      `turnServer ${turnId}: not checked: no address to reach its TURN port from here (CMS uses 172.16.85.168:3478, ` +
        "not contacted from this machine); name one in config turnCheckAddress (HOST or HOST:PORT)",
    );
    expect(healthy(checks)).toBe(true);
    for (const device of [devices().cms, devices().expC, devices().expE])
      expect(Object.keys(device.countByMethod())).toEqual(["GET"]);
  });

  test.each([
    ["licence-expired", "cms-licence", /^callBridge status expired, expiry /],
    ["turn-unreachable", "cms-turn-status", /: status success; 172.16.85.168:3478 reachable false$/],
    ["web-bridge-failure", "cms-web-bridge-status", /: status connectionFailure$/],
    [
      "turn-inactive",
      "expressway-e-turn",
      /^TURN server status Inactive; relays 0 in use \(peak 0, 0 since restart\), 1800 licensed, port 3478$/,
    ],
    [
      "turn-tcp-off",
      "expressway-e-turn-protocol",
      /^ProtocolMode UDP: TCP relays are off, and CMS TURN servers with TCP/,
    ],
    [
      "tunnel-failed",
      "expressway-c-ssh-tunnels",
      /^vcse.octavio.com x octavio.local: Failed; vcse.octavio.com x octavio.com: Failed$/,
    ],
  ] as const)("%s fails %s alone, in the device's words", async (failure, check, words) => {
    fail([failure]);
    const checks = await gatherHealth({ cms, expresswayC: expC, expresswayE: expE });
    expect(checks.filter((c) => c.result === "fail").map((c) => c.check)).toEqual([check]);
    expect(checks.find((c) => c.check === check)?.detail).toMatch(words);
    expect(healthy(checks)).toBe(false);
  });

  test("nothing relayed yet (usage 0, peak 0) is healthy: the licence is read under SystemUnit", async () => {
    const turn = (await gatherHealth({ cms, expresswayC: expC, expresswayE: expE })).find(
      (c) => c.check === "expressway-e-turn",
    );
    expect(turn).toMatchObject({
      result: "pass",
      detail: "Active; relays 0 in use (peak 0, 0 since restart), 1800 licensed, port 3478",
    });
  });

  test("from X8.11 no relay key is needed: a device without a relay licence passes, no key asked for", async () => {
    fail(["turn-relays-missing"]);
    const turn = (await gatherHealth({ cms, expresswayC: expC, expresswayE: expE })).find(
      (c) => c.check === "expressway-e-turn",
    );
    expect(turn?.result).toBe("pass");
    expect(turn?.detail).toMatch(/no relay licence reported.*X8\.11\.4 needs no TURN Relays option key/);
    expect(turn?.detail).not.toMatch(/add the/i);
  });

  test("before X8.11 (X8.10) without a relay licence: fails, asking for the TURN Relays option key", async () => {
    const old = await startExpresswayEmulator({
      personality: "E",
      version: "X8.10",
      statusAnswers: { turnRelaysLicensed: null },
    });
    try {
      const turn = (await gatherHealth({ cms, expresswayC: expC, expresswayE: settingsOf(old, "oldE") })).find(
        (c) => c.check === "expressway-e-turn",
      );
      expect(turn).toMatchObject({
        result: "fail",
        detail:
          "TURN Active but no relay licence (relays 0 in use (peak 0, 0 since restart), no licence reported, " +
          "port 3478): X8.10 needs the TURN Relays option key (Maintenance > Option keys); from X8.11 none is needed",
      });
    } finally {
      await old.close();
    }
  });

  test("expected tunnel domains compare without regard to case", async () => {
    const checks = await gatherHealth(
      { cms, expresswayC: expC, expresswayE: expE },
      { tunnelDomains: ["OCTAVIO.local", "Octavio.com"] },
    );
    expect(checks.find((c) => c.check === "expressway-c-ssh-tunnels")?.result).toBe("pass");
  });

  test("a tunnel domain that is expected but missing fails; no web bridge is a skip, not a failure", async () => {
    const checks = await gatherHealth(
      { cms, expresswayC: expC, expresswayE: expE },
      { tunnelDomains: ["octavio.local", "cmsweb.octavio.com"], webBridgeIds: [] },
    );
    expect(checks.find((c) => c.check === "expressway-c-ssh-tunnels")).toMatchObject({
      result: "fail",
      detail: expect.stringMatching(
        /^no tunnel for cmsweb\.octavio\.com; .*Cisco Meeting Server .*guest account client URI$/,
      ),
    });
    expect(checks.find((c) => c.check === "cms-web-bridge-status")?.result).toBe("skip");
  });
});

describe("TAC 212580: TCP relays for Skype content (ProtocolMode and an RFC 6062 allocation)", () => {
  const turnCheck = () => ({
    address: `127.0.0.1:${devices().expE.turn?.port}`,
    password: "x",
    mediaRange: { start: 24000, end: 29999 },
  });

  test("with an address and the password: a TCP relay is allocated on the Expressway-E and freed", async () => {
    const checks = await gatherHealth({ cms, expresswayC: expC, expresswayE: expE }, { turnCheck: turnCheck() });
    const relay = checks.find((c) => c.check === "cms-turn-tcp-relay");
    expect(relay?.result).toBe("pass");
    expect(relay?.detail).toMatch(
      new RegExp(
        `^turnServer ${turnId} at 127\\.0\\.0\\.1:\\d+ as "turnuser" \\(CMS uses 172\\.16\\.85\\.168:3478\\): ` +
          "a TCP relay was allocated at 127\\.0\\.0\\.1:\\d+ \\(realm TANDBERG, lifetime 600 s\\)$",
      ),
    );
    expect(devices().expE.turn?.allocations()).toBe(0);
    expect(healthy(checks)).toBe(true);
  });

  test("--fail turn-tcp-off: ProtocolMode UDP fails, the allocation gets 442, both naming ProtocolMode", async () => {
    fail(["turn-tcp-off"]);
    const checks = await gatherHealth({ cms, expresswayC: expC, expresswayE: expE }, { turnCheck: turnCheck() });
    expect(checks.filter((c) => c.result === "fail").map((c) => c.check)).toEqual([
      "expressway-e-turn-protocol",
      "cms-turn-tcp-relay",
    ]);
    expect(checks.find((c) => c.check === "cms-turn-tcp-relay")?.detail).toContain(
      "TCP relays are off (442 Unsupported Transport Protocol): the Expressway-E's TURN ProtocolMode allows UDP only",
    );
  });

  test("--fail turn-wrong-password: the allocation fails as the CMS TURN password differing", async () => {
    fail(["turn-wrong-password"]);
    const checks = await gatherHealth({ cms, expresswayC: expC, expresswayE: expE }, { turnCheck: turnCheck() });
    expect(checks.filter((c) => c.result === "fail").map((c) => c.check)).toEqual(["cms-turn-tcp-relay"]);
    expect(checks.find((c) => c.check === "cms-turn-tcp-relay")?.detail).toContain(
      'wrong password (431 Integrity Check Failure): the CMS TURN password for user "turnuser" differs',
    );
  });

  test("TCP media: a port override or lyncEdge; with none, UDP-only is no failure", async () => {
    const udpOnly = await cmsCreate(devices().cms, "turnServers", {
      serverAddress: "172.16.85.170",
      clientAddress: "10.88.246.157",
      username: "turnuser",
      type: "standard",
    });
    const lync = await cmsCreate(devices().cms, "turnServers", {
      serverAddress: "172.16.85.171",
      clientAddress: "10.88.246.158",
      username: "turnuser",
      type: "lyncEdge",
    });
    try {
      fail(["turn-tcp-off"]);
      const withoutTcp = await gatherHealth(
        { cms, expresswayC: expC, expresswayE: expE },
        { turnServerIds: [udpOnly] },
      );
      expect(withoutTcp.find((c) => c.check === "expressway-e-turn-protocol")).toMatchObject({
        result: "pass",
        detail: "ProtocolMode UDP: TCP relays off; no CMS TURN server carries TCP media",
      });
      expect(withoutTcp.some((c) => c.check === "cms-turn-tcp-relay")).toBe(false);
      const withLync = await gatherHealth({ cms, expresswayC: expC, expresswayE: expE }, { turnServerIds: [lync] });
      expect(withLync.find((c) => c.check === "cms-turn-tcp-relay")?.detail).toContain(
        "(CMS uses 172.16.85.171:443, not contacted from this machine)",
      );
      expect(withLync.find((c) => c.check === "expressway-e-turn-protocol")?.result).toBe("fail");
    } finally {
      for (const id of [udpOnly, lync]) await cmsCall(devices().cms, "DELETE", `/api/v1/turnServers/${id}`);
    }
  });
});
