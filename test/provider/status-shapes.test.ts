import { deviceProfilesFrom } from "../../provider/connection";
import { closeAllConnections } from "../../provider/device/http";
import { type EmulatorServer, startEmulatorServer } from "../../emulator/server";
import {
  gatherHealth,
  getExpresswayTunnels,
  getExpresswayTurnStatus,
  healthy,
  StatusReadError,
} from "../../provider/status";

/**
 * Answers whose shapes are not published ([I]/[GAP]) may differ on a real device: the
 * readers must not guess, and the checks must show what the device returned.
 */

let answers: Record<string, { status: number; body: string }>;
let device: EmulatorServer;
beforeAll(async () => {
  device = await startEmulatorServer({
    name: "odd-device",
    username: "admin",
    password: "pw",
    handler: (request) => {
      const key = `${request.path}${request.query.size ? `?${request.query.toString()}` : ""}`;
      const answer = answers[key] ?? answers[request.path] ?? { status: 404, body: "<html>not here</html>" };
      return { status: answer.status, headers: { "Content-Type": "text/xml" }, body: answer.body };
    },
  });
});
afterAll(async () => {
  await closeAllConnections();
  await device.close();
});

const settings = () =>
  deviceProfilesFrom({
    get: (key) =>
      ({ "odd:url": device.url, "odd:username": "admin", "odd:password": "pw", "odd:maxRetries": "0" })[key],
  }).resolve("odd");

const checksOf = async () => {
  const s = settings();
  return gatherHealth({ cms: s, expresswayC: s, expresswayE: s }, { turnServerIds: ["t1"], webBridgeIds: ["w1"] });
};

test("a CMS answering other element names: each check fails quoting the device, none passes by accident", async () => {
  answers = {
    "/api/v1/system/licensing": { status: 200, body: "<licensing><file>cms.lic</file></licensing>" },
    "/api/v1/turnServers/t1/status": { status: 200, body: "<turnServer><state>ok</state></turnServer>" },
    "/api/v1/webBridges/w1/status": { status: 200, body: "<webBridge><health>fine</health></webBridge>" },
  };
  const checks = await checksOf();
  const detail = (name: string) => checks.find((c) => c.check === name);
  expect(detail("cms-licence")).toMatchObject({
    result: "fail",
    detail:
      "no callBridge feature in /api/v1/system/licensing; " +
      "the device answered: <licensing><file>cms.lic</file></licensing>",
  });
  expect(detail("cms-turn-status")).toMatchObject({
    result: "fail",
    detail:
      "turnServer t1: no status or host in the answer; the device answered: <turnServer><state>ok</state></turnServer>",
  });
  expect(detail("cms-web-bridge-status")).toMatchObject({
    result: "fail",
    detail: "webBridge w1: no status in the answer; the device answered: <webBridge><health>fine</health></webBridge>",
  });
});

test("an Expressway answering HTML or no TURN node: a StatusReadError with the body", async () => {
  answers = { "/status.xml": { status: 200, body: "<html><body>Login</body></html>" } };
  await expect(getExpresswayTunnels(settings())).rejects.toThrow(StatusReadError);
  await expect(getExpresswayTunnels(settings())).rejects.toThrow(
    /reports no CollaborationEdge status .*; the device answered: <html><body>Login<\/body><\/html>/,
  );
  answers = { "/status.xml": { status: 200, body: "<Status><SystemUnit/></Status>" } };
  await expect(getExpresswayTurnStatus(settings())).rejects.toThrow(
    /reports no TURN\/Server status; the device answered: <Status><SystemUnit\/><\/Status>/,
  );
});

test("a body that is not XML at all is quoted, cut short", async () => {
  answers = { "/status.xml": { status: 200, body: `not xml ${"x".repeat(400)}` } };
  const error = (await getExpresswayTurnStatus(settings()).then(
    () => undefined,
    (e: unknown) => e,
  )) as StatusReadError;
  expect(error).toBeInstanceOf(StatusReadError);
  expect(error.message).toMatch(/sent no XML for GET \/status.xml; the device answered: not xml x+\.\.\.$/);
  expect(error.deviceSaid?.length).toBe(303);
});

test("a TURN server passes only when it reports success with every host reachable", async () => {
  const host = (address: string, reachable: boolean) =>
    `<host><address>${address}</address><portNumber>3478</portNumber><reachable>${reachable}</reachable></host>`;
  answers = {
    "/api/v1/turnServers/t1/status": {
      status: 200,
      body: `<turnServer><status>success</status>${host("10.0.0.1", true)}${host("10.0.0.2", false)}</turnServer>`,
    },
    "/api/v1/turnServers/t2/status": { status: 200, body: "<turnServer><status>success</status></turnServer>" },
    "/api/v1/turnServers/t3/status": {
      status: 200,
      body: `<turnServer><status>success</status>${host("10.0.0.3", true)}</turnServer>`,
    },
  };
  const s = settings();
  const checks = await gatherHealth(
    { cms: s, expresswayC: s, expresswayE: s },
    { turnServerIds: ["t1", "t2", "t3"], webBridgeIds: [] },
  );
  expect(checks.filter((c) => c.check === "cms-turn-status").map((c) => [c.result, c.detail])).toEqual([
    ["fail", expect.stringMatching(/^turnServer t1: status success; .*10\.0\.0\.2:3478 reachable false$/)],
    ["fail", "turnServer t2: status success; no host reported"],
    ["pass", expect.stringMatching(/^turnServer t3: status success; 10\.0\.0\.3:3478 reachable true/)],
  ]);
});

test("what the Expressway does not report fails: no TURN status, no tunnel; a device error is a failure", async () => {
  const status =
    "<Status><TURN><Server><Address>172.16.85.168</Address></Server></TURN>" +
    "<ResourceUsage><TURN><Relays><Current>0</Current><Max>1800</Max></Relays><Port><Port>3478</Port></Port></TURN>" +
    "</ResourceUsage><CollaborationEdge><Tunnels/></CollaborationEdge></Status>";
  answers = { "/status.xml": { status: 200, body: status } };
  const s = settings();
  const checks = await gatherHealth(
    { cms: s, expresswayC: s, expresswayE: s },
    { turnServerIds: [], webBridgeIds: [] },
  );
  expect(checks.map((c) => [c.check, c.result])).toEqual([
    ["cms-licence", "fail"],
    ["cms-turn-status", "fail"],
    ["cms-web-bridge-status", "skip"],
    ["expressway-e-turn", "fail"],
    // A status without ProtocolMode cannot say whether TCP relays are allowed: skipped, saying so.
    ["expressway-e-turn-protocol", "skip"],
    ["expressway-c-ssh-tunnels", "fail"],
  ]);
  const detail = (name: string) => checks.find((c) => c.check === name)?.detail;
  expect(detail("cms-licence")).toMatch(/HTTP 404 to GET \/api\/v1\/system\/licensing/);
  expect(detail("cms-turn-status")).toBe("no TURN server on the CMS");
  expect(detail("expressway-e-turn")).toMatch(
    /^TURN server status \(none\); relays 0 in use \(peak 1800, \? since restart\), no licence reported, port 3478/,
  );
  expect(detail("expressway-c-ssh-tunnels")).toMatch(/^no SSH tunnels reported; the device answered: /);
  expect(detail("expressway-e-turn-protocol")).toMatch(
    /^no ProtocolMode in the Expressway-E's \/status\.xml TURN status \(no CMS TURN server carries TCP media\)/,
  );
});

test("healthy: skipped checks do not count, a single failure does", () => {
  const check = (result: "pass" | "fail" | "skip") => ({ check: "c", guide: "g", result, detail: "d" });
  expect(healthy([check("pass"), check("skip")])).toBe(true);
  expect(healthy([check("pass"), check("skip"), check("fail")])).toBe(false);
});

/** Shapes of real captures (issue 18): usage is not the licence. */
const realStatus = (version: string, configuration: string, relays: string) =>
  `<Status xmlns="http://www.tandberg.no/XML/CUIL/1.0" product="TANDBERG VCS" version="${version}">` +
  `<SystemUnit item="1"><Software item="1"><Version item="1">${version}</Version>` +
  `<Configuration item="1"><TraversalCalls item="1">1</TraversalCalls>${configuration}</Configuration></Software>` +
  '<Hardware item="1"><SerialNumber item="1">017DB2D0</SerialNumber></Hardware></SystemUnit>' +
  '<TURN item="1"><Server item="1"><Status item="1">Active</Status></Server></TURN>' +
  `<ResourceUsage item="1"><TURN item="1"><Relays item="1">${relays}</Relays>` +
  '<Port item="1"><Port item="1">3478</Port></Port></TURN></ResourceUsage></Status>';

test.each([
  [
    "X8.11.4: 12 in use, peak 57, 2758 since restart, 1800 licensed",
    realStatus(
      "X8.11.4",
      '<TURN item="1"><Relays item="1">1800</Relays></TURN>',
      "<Current>12</Current><Max>57</Max><Total>2758</Total>",
    ),
    "pass",
    "Active; relays 12 in use (peak 57, 2758 since restart), 1800 licensed, port 3478",
  ],
  [
    "X8.11.3 (no TURN licence element, Max 0)",
    realStatus("X8.11.3", "", "<Current>0</Current><Max>0</Max><Total>0</Total>"),
    "pass",
    "Active; relays 0 in use (peak 0, 0 since restart), port 3478, no relay licence reported: " +
      "X8.11.3 needs no TURN Relays option key (admin guide X14.2)",
  ],
  [
    "X8.10 with a peak but no licence",
    realStatus("X8.10.4", "", "<Current>0</Current><Max>57</Max><Total>90</Total>"),
    "fail",
    "TURN Active but no relay licence (relays 0 in use (peak 57, 90 since restart), no licence reported, port 3478): " +
      "X8.10.4 needs the TURN Relays option key (Maintenance > Option keys); from X8.11 none is needed",
  ],
])("Expressway-E TURN relays, %s", async (_, status, result, detail) => {
  answers = { "/status.xml": { status: 200, body: status } };
  const s = settings();
  const checks = await gatherHealth(
    { cms: s, expresswayC: s, expresswayE: s },
    { turnServerIds: [], webBridgeIds: [] },
  );
  expect(checks.find((c) => c.check === "expressway-e-turn")).toMatchObject({ result, detail });
});

test("no relay licence and a release nobody tells: fails, saying how to state the release", async () => {
  answers = {
    "/status.xml": {
      status: 200,
      body: realStatus("", "", "<Current>0</Current><Max>0</Max>").replace(
        / version=""|<Version item="1"><\/Version>/g,
        "",
      ),
    },
  };
  const s = settings();
  const checks = await gatherHealth(
    { cms: s, expresswayC: s, expresswayE: s },
    { turnServerIds: [], webBridgeIds: [] },
  );
  expect(checks.find((c) => c.check === "expressway-e-turn")).toMatchObject({
    result: "fail",
    detail: expect.stringMatching(
      /no relay licence .*the release is not reported: before X8\.11 it needs the TURN Relays option key; set odd:ver/,
    ),
  });
});
