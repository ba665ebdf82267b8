import { startCmsEmulator } from "../../emulator/cms";
import { startExpresswayEmulator } from "../../emulator/expressway";
import type { EmulatorServer } from "../../emulator/server";
import { applyStatusFailures, parseStatusFailures } from "../../emulator/status-failures";
import { cmsVariantOptions } from "../../emulator/unconfirmed";
import { basicAuth, cmsCall, cmsCreate, expresswayCall } from "./client";
import { useEmulators } from "./emulators";

/** The status calls verification reads: CMS licensing and object status, Expressway /status.xml and /getxml. */

const XML = '<?xml version="1.0"?>';
const { cms, c, e } = useEmulators({ clearRequests: true });
beforeEach(() => {
  applyStatusFailures({ cms: cms(), expC: c(), expE: e() }, []);
});

async function get(device: EmulatorServer, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${device.url}${path}`, { headers: { authorization: basicAuth(device) } });
  return { status: response.status, body: await response.text() };
}

describe("CMS licensing", () => {
  test("2.x: callBridge activated with an expiry in the device's date form; POST is refused", async () => {
    const answer = await cmsCall(cms(), "GET", "/api/v1/system/licensing");
    expect(answer.status).toBe(200);
    const start = `${XML}<licensing><features><callBridge><status>activated</status><expiry>`;
    expect(answer.body.startsWith(start)).toBe(true);
    expect(answer.body.slice(start.length)).toMatch(/^\d{4}-[A-Z][a-z]{2}-\d{2}<\/expiry>/);
    expect((await cmsCall(cms(), "POST", "/api/v1/system/licensing", {})).status).toBe(405);
  });

  test("licence-expired switches the callBridge feature to expired", async () => {
    applyStatusFailures({ cms: cms(), expC: c(), expE: e() }, ["licence-expired"]);
    expect((await cmsCall(cms(), "GET", "/api/v1/system/licensing")).body).toContain(
      "<callBridge><status>expired</status>",
    );
  });

  test("3.x: /system/licensing holds no features; /clusterLicensing does (2.x does not know it)", async () => {
    const v3 = await startCmsEmulator({ cmsVersion: "3.8" });
    try {
      expect((await cmsCall(v3, "GET", "/api/v1/system/licensing")).body).toBe(`${XML}<licensing/>`);
      expect((await cmsCall(v3, "GET", "/api/v1/clusterLicensing")).body).toContain(
        "<clusterLicensing><features><callBridge><status>activated</status>",
      );
    } finally {
      await v3.close();
    }
    expect((await cmsCall(cms(), "GET", "/api/v1/clusterLicensing")).status).toBe(400);
  });
});

describe("CMS TURN server status", () => {
  test("healthy: the guide's capture; turn-unreachable: reachable false, no round trip or mapped address", async () => {
    const id = await cmsCreate(cms(), "turnServers", { serverAddress: "172.16.85.168", tcpPortNumberOverride: "3478" });
    const healthy = (await cmsCall(cms(), "GET", `/api/v1/turnServers/${id}/status`)).body;
    expect(healthy).toBe(
      `${XML}<turnServer><status>success</status><host><address>172.16.85.168</address>` +
        "<portNumber>3478</portNumber><reachable>true</reachable><roundTripTimeMs>52</roundTripTimeMs>" +
        "<mappedAddress>172.16.85.180</mappedAddress><mappedPortNumber>41574</mappedPortNumber></host></turnServer>",
    );
    applyStatusFailures({ cms: cms(), expC: c(), expE: e() }, parseStatusFailures("turn-unreachable"));
    expect((await cmsCall(cms(), "GET", `/api/v1/turnServers/${id}/status`)).body).toBe(
      `${XML}<turnServer><status>success</status><host><address>172.16.85.168</address>` +
        "<portNumber>3478</portNumber><reachable>false</reachable></host></turnServer>",
    );
  });

  test("turn-unreachable keeps an unconfirmed variant's shape: no <status> stays no <status>", async () => {
    const bare = await startCmsEmulator(cmsVariantOptions(["turn-status-without-status"]));
    try {
      const id = await cmsCreate(bare, "turnServers", { serverAddress: "172.16.85.168" });
      applyStatusFailures({ cms: bare, expC: c(), expE: e() }, ["turn-unreachable"]);
      expect((await cmsCall(bare, "GET", `/api/v1/turnServers/${id}/status`)).body).toBe(
        `${XML}<turnServer><host><address>172.16.85.168</address>` +
          "<portNumber>3478</portNumber><reachable>false</reachable></host></turnServer>",
      );
    } finally {
      await bare.close();
    }
  });

  test("an unknown failure name is refused, naming the known ones", () => {
    expect(() => parseStatusFailures("turn-unreachable,tunnel-broken")).toThrow(
      /unknown status failure\(s\) tunnel-broken; known: turn-unreachable, web-bridge-failure/,
    );
  });
});

describe("Expressway /status.xml and /getxml", () => {
  test("TURN is Inactive until the TURN settings turn services On; forced Inactive overrides", async () => {
    const before = await get(e(), "/status.xml");
    expect(before.status).toBe(200);
    expect(before.body).toContain(
      '<Status xmlns="http://www.tandberg.no/XML/CUIL/1.0" product="TANDBERG VCS" version="X8.11.4">',
    );
    expect(before.body).toContain('<TURN item="1"><Server item="1"><Status item="1">Inactive</Status>');
    await expresswayCall(e(), "PUT", "edge/traversal/turn", { TurnServices: "On" });
    expect((await get(e(), "/status.xml")).body).toContain('<Server item="1"><Status item="1">Active</Status>');
    e().setStatusAnswers({ turnServer: "Inactive" });
    expect((await get(e(), "/status.xml")).body).toContain('<Server item="1"><Status item="1">Inactive</Status>');
  });

  test("on X8.9.2, without a TURN REST path, TURN is Active (turned on by hand, as the guide does)", async () => {
    const old = await startExpresswayEmulator({ personality: "E", version: "X8.9.2" });
    try {
      expect((await get(old, "/status.xml")).body).toContain('<Status item="1">Active</Status>');
    } finally {
      await old.close();
    }
  });

  test("getxml answers the branch asked for, and an XPathError for a node that does not exist", async () => {
    const turn = await get(e(), "/getxml?location=/Status/TURN");
    expect(turn.body).toMatch(/<Status [^>]*><TURN item="1"><Server item="1">.*<\/Server><\/TURN><\/Status>/);
    expect(turn.body).not.toContain("ResourceUsage");
    const relays = await get(e(), "/getxml?location=/Status/ResourceUsage/TURN/Relays");
    // Usage, not the licence: current, peak since restart, total since restart (nothing relayed yet).
    expect(relays.body).toContain(
      '<ResourceUsage item="1"><TURN item="1"><Relays item="1"><Current item="1">0</Current>' +
        '<Max item="1">0</Max><Total item="1">0</Total></Relays></TURN></ResourceUsage>',
    );
    expect((await get(e(), "/getxml?location=/Configuration/TURN")).body).toContain(
      "<XPathError><Reason>No match on address expression</Reason><XPath>/Configuration/TURN</XPath></XPathError>",
    );
    expect((await get(e(), "/getxml?location=/Status/Nothing")).body).toContain(
      "<XPathError><Reason>No match on address expression</Reason><XPath>/Status/Nothing</XPath></XPathError>",
    );
    const post = await fetch(`${e().url}/status.xml`, { method: "POST", headers: { authorization: basicAuth(e()) } });
    expect(post.status).toBe(405);
  });

  test("SSH tunnels on the C side with MRA on: one per traversal peer and domain; tunnel-failed: Failed", async () => {
    await expresswayCall(c(), "POST", "common/domain", { Name: "octavio.local" });
    await expresswayCall(c(), "POST", "common/domain", { Name: "octavio.com" });
    await expresswayCall(c(), "PUT", "common/mra", { Enabled: "On" });
    await expresswayCall(c(), "POST", "controller/zone/unifiedcommunicationstraversal", {
      Name: "UT Zone",
      PeerAddress: ["vcse.octavio.com"],
      AuthenticationUserName: "Tuser",
      AuthenticationPassword: "x",
    });
    const tunnel = (n: number, domain: string, status: string) =>
      `<Tunnel item="${n}"><Target item="1">vcse.octavio.com</Target><Domain item="1">${domain}</Domain>` +
      `<Status item="1">${status}</Status></Tunnel>`;
    const healthy = (await get(c(), "/getxml?location=/Status/CollaborationEdge/Tunnels")).body;
    expect(healthy).toContain(
      `<Tunnels item="1">${tunnel(1, "octavio.local", "Active")}${tunnel(2, "octavio.com", "Active")}</Tunnels>`,
    );
    applyStatusFailures({ cms: cms(), expC: c(), expE: e() }, ["tunnel-failed"]);
    expect((await get(c(), "/status.xml")).body).toContain(
      `${tunnel(1, "octavio.local", "Failed")}${tunnel(2, "octavio.com", "Failed")}`,
    );
    // The E side runs no tunnels of its own.
    expect((await get(e(), "/status.xml")).body).toContain('<Tunnels item="1"/>');
    // MRA off: no tunnels at all.
    await expresswayCall(c(), "PUT", "common/mra", { Enabled: "Off" });
    expect((await get(c(), "/getxml?location=/Status/CollaborationEdge/Tunnels")).body).not.toContain("<Tunnel ");
  });

  test("SystemUnit as real captures have it: release, serial number, uptime, TURN relay licence; Calls", async () => {
    const body = (await get(e(), "/status.xml")).body;
    expect(body).toMatch(
      /<Status [^>]*><SystemUnit item="1"><Product item="1">TANDBERG VCS<\/Product><Uptime item="1">\d+<\/Uptime>/,
    );
    expect(body).toContain('<Software item="1"><Version item="1">X8.11.4</Version>');
    expect(body).toMatch(/<Configuration item="1">.*<TURN item="1"><Relays item="1">1800<\/Relays><\/TURN>/);
    expect(body).toContain(
      `<Hardware item="1"><Version item="1">VMware</Version><SerialNumber item="1">${e().serialNumber}</SerialNumber>`,
    );
    // Call usage has the capture's Max 0 for calls its licence allows; no call is up.
    expect(body).toContain('<Calls item="1"><Traversal item="1"><Current item="1">0</Current><Max item="1">0</Max>');
    expect(body).toMatch(/<\/ResourceUsage><Calls item="1"\/>/);
    const unit = (await get(e(), "/getxml?location=/Status/SystemUnit/Hardware/SerialNumber")).body;
    expect(unit).toContain(`<SerialNumber item="1">${e().serialNumber}</SerialNumber>`);
  });

  test("turn-relays-missing: no TURN relay licence under SystemUnit (an X8.10 without the option key)", async () => {
    applyStatusFailures({ cms: cms(), expC: c(), expE: e() }, ["turn-relays-missing"]);
    const body = (await get(e(), "/status.xml")).body;
    expect(body).toContain('<Configuration item="1">');
    expect(body).not.toMatch(/<Configuration item="1">.*<TURN item="1">.*<\/Configuration>/);
    expect(body).toContain('<Relays item="1"><Current item="1">0</Current><Max item="1">0</Max>');
  });

  test("status reads are GETs that change nothing", async () => {
    await expresswayCall(e(), "PUT", "edge/traversal/turn", { TurnServices: "On" });
    const before = e().list("edge/traversal/turn");
    for (const path of ["/status.xml", "/getxml?location=/Status/TURN"]) await get(e(), path);
    expect(e().list("edge/traversal/turn")).toEqual(before);
  });
});
