import { deviceProfilesFrom } from "../../provider/connection";
import { closeAllConnections } from "../../provider/device/http";
import { type EmulatorServer, startEmulatorServer } from "../../emulator/server";
import { gatherHealth, getExpresswayTunnels, getExpresswayTurnStatus, StatusReadError } from "../../provider/status";

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
