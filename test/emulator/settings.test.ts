import { startCmsEmulator } from "../../emulator/cms";
import { startExpresswayEmulator } from "../../emulator/expressway";
import { allDescriptions } from "../../provider/schema";
import { cmsSettingsDescriptions } from "../../provider/schema/cms-settings";
import { expresswaySettingsDescriptions } from "../../provider/schema/expressway-settings";
import { basicAuth, cmsCall, cmsCreate, dnsServerEntry, expresswayCall } from "./client";
import { useEmulators } from "./emulators";

/** The settings objects of the guide: CMS web bridges and XMPP, Expressway DNS, MRA and TURN. */

const XML = '<?xml version="1.0"?>';
const { cms, c, e } = useEmulators();

test("the new descriptions are exported apart and registered; singletons say so, examples fit", () => {
  expect(cmsSettingsDescriptions.map((d) => d.resource)).toEqual(["CmsWebBridge", "CmsXmppSettings"]);
  expect(expresswaySettingsDescriptions.map((d) => d.resource)).toEqual([
    "ExpresswayDns",
    "ExpresswayMra",
    "ExpresswayTurn",
  ]);
  const registered = allDescriptions.map((d) => d.resource);
  for (const d of [...cmsSettingsDescriptions, ...expresswaySettingsDescriptions]) {
    expect(registered).toContain(d.resource);
    expect(d.lifecycle ?? "collection").toBe(d.resource === "CmsWebBridge" ? "collection" : "singleton");
  }
});

describe("CMS web bridges", () => {
  test("create, list by url filter, update one field, status, delete", async () => {
    const id = await cmsCreate(cms(), "webBridges", { url: "https://cms.octavio.local" });
    await cmsCreate(cms(), "webBridges", { url: "https://cms2.octavio.local" });
    expect((await cmsCall(cms(), "GET", "/api/v1/webBridges?filter=cms.octavio")).body).toBe(
      `${XML}<webBridges total="1"><webBridge id="${id}"><url>https://cms.octavio.local</url></webBridge></webBridges>`,
    );
    expect((await cmsCall(cms(), "PUT", `/api/v1/webBridges/${id}`, { idEntryMode: "disabled" })).status).toBe(200);
    expect(cms().get("webBridges", id)?.fields).toEqual({ url: "https://cms.octavio.local", idEntryMode: "disabled" });
    expect((await cmsCall(cms(), "GET", `/api/v1/webBridges/${id}/status`)).body).toBe(
      `${XML}<webBridge><status>success</status></webBridge>`,
    );
    expect((await cmsCall(cms(), "DELETE", `/api/v1/webBridges/${id}`)).status).toBe(200);
    expect(await cmsCall(cms(), "GET", `/api/v1/webBridges/${id}`)).toMatchObject({
      status: 404,
      body: `${XML}<failureDetails><webBridgeDoesNotExist /></failureDetails>`,
    });
    expect((await cmsCall(cms(), "GET", `/api/v1/webBridges/${id}/status`)).status).toBe(404);
  });

  test("the status a web bridge reports is configurable", async () => {
    const failing = await startCmsEmulator({ statusAnswers: { webBridge: "connectionFailure" } });
    try {
      const id = await cmsCreate(failing, "webBridges", { url: "https://cms.octavio.local" });
      expect((await cmsCall(failing, "GET", `/api/v1/webBridges/${id}/status`)).body).toContain(
        "<status>connectionFailure</status>",
      );
    } finally {
      await failing.close();
    }
  });
});

describe("CMS XMPP settings (2.x)", () => {
  const PATH = "/api/v1/system/configuration/xmpp";

  test("always there, empty at first; PUT changes only what is sent; the shared secret is not returned", async () => {
    expect((await cmsCall(cms(), "GET", PATH)).body).toBe(
      `${XML}<xmpp><uniqueName/><domain/><serverAddressOverride/></xmpp>`,
    );
    expect(
      (await cmsCall(cms(), "PUT", PATH, { uniqueName: "cb1", domain: "cms.octavio.local", sharedSecret: "s3" }))
        .status,
    ).toBe(200);
    expect((await cmsCall(cms(), "PUT", PATH, { serverAddressOverride: "localhost:5223" })).status).toBe(200);
    expect((await cmsCall(cms(), "GET", PATH)).body).toBe(
      `${XML}<xmpp><uniqueName>cb1</uniqueName><domain>cms.octavio.local</domain>` +
        "<serverAddressOverride>localhost:5223</serverAddressOverride></xmpp>",
    );
    expect(cms().list("system/configuration/xmpp")[0].fields.sharedSecret).toBe("s3");
    expect((await cmsCall(cms(), "PUT", PATH, { domain: "" })).status).toBe(200);
    expect((await cmsCall(cms(), "GET", PATH)).body).toContain("<domain/>");
  });

  test("POST is taken as PUT (the API reference lists it); DELETE is refused with 405", async () => {
    expect((await cmsCall(cms(), "POST", PATH, { uniqueName: "cb2" })).status).toBe(200);
    expect((await cmsCall(cms(), "GET", PATH)).body).toContain("<uniqueName>cb2</uniqueName>");
    expect(await cmsCall(cms(), "DELETE", PATH)).toMatchObject({ status: 405, body: "" });
    cms().reset();
    expect((await cmsCall(cms(), "GET", PATH)).body).toContain("<uniqueName/>");
  });
});

describe("Expressway DNS", () => {
  test("common/dns/dns: a singleton with defaults on both sides; PUT changes only what is sent", async () => {
    for (const device of [c(), e()]) {
      expect(await expresswayCall(device, "GET", "common/dns/dns")).toMatchObject({
        status: 200,
        body: {
          DNSRequestsPortRange: "UseEphemeralPortRange",
          DNSRequestsPortRangeStart: 1024,
          DNSRequestsPortRangeEnd: 65535,
        },
      });
    }
    const put = await expresswayCall(e(), "PUT", "common/dns/dns", {
      DomainName: "octavio.com",
      SystemHostName: "vcse",
    });
    expect(put).toMatchObject({ status: 200, body: { Message: "The operation was successful" } });
    expect((await expresswayCall(e(), "PUT", "common/dns/dns", { DomainName: "octavio.com" })).status).toBe(200);
    expect((await expresswayCall(e(), "GET", "common/dns/dns")).body).toMatchObject({
      SystemHostName: "vcse",
      DomainName: "octavio.com",
    });
    expect((await expresswayCall(c(), "GET", "common/dns/dns")).body).not.toHaveProperty("DomainName");
    expect(await expresswayCall(e(), "PUT", "common/dns/dns", { Domain: "x" })).toMatchObject({
      status: 400,
      body: { Message: "Additional properties are not allowed ('Domain' was unexpected)" },
    });
  });

  test("singletons refuse POST and DELETE with 405 (GET, PUT)", async () => {
    for (const path of ["common/dns/dns", "common/mra", "edge/traversal/turn"]) {
      for (const method of ["POST", "DELETE"]) {
        const answer = await expresswayCall(e(), method, path, {});
        expect([path, method, answer.status, answer.headers.get("allow")]).toEqual([path, method, 405, "GET, PUT"]);
      }
    }
  });

  test("common/dns/dnsserver: up to five servers keyed by index 1..5, listed by index", async () => {
    const servers = "common/dns/dnsserver";
    expect((await expresswayCall(c(), "POST", servers, dnsServerEntry(2, "172.16.85.163"))).status).toBe(201);
    expect((await expresswayCall(c(), "POST", servers, dnsServerEntry(1, "172.16.85.162"))).status).toBe(201);
    expect((await expresswayCall(c(), "GET", servers)).body).toEqual({
      DefaultDNSServers: [
        { index: 1, address: "172.16.85.162" },
        { index: 2, address: "172.16.85.163" },
      ],
    });
    expect(await expresswayCall(c(), "POST", servers, dnsServerEntry(6, "10.0.0.6"))).toMatchObject({
      status: 400,
      body: { Message: "index: 6 is greater than the maximum of 5" },
    });
    expect((await expresswayCall(c(), "POST", servers, dnsServerEntry(1, "10.0.0.1"))).status).toBe(400);
    expect((await expresswayCall(c(), "PUT", servers, dnsServerEntry(2, "10.0.0.2"))).status).toBe(200);
    expect((await expresswayCall(c(), "DELETE", servers, { index: 1 })).status).toBe(200);
    expect((await expresswayCall(c(), "GET", servers)).body).toEqual(dnsServerEntry(2, "10.0.0.2"));
    expect((await expresswayCall(c(), "DELETE", servers, { index: 1 })).status).toBe(400);
    expect((await expresswayCall(e(), "GET", servers)).body).toEqual([]);
  });
});

test("common/mra: {Enabled, SSO} Off by default on both sides; PUT of one key keeps the other", async () => {
  for (const device of [c(), e()]) {
    expect((await expresswayCall(device, "GET", "common/mra")).body).toEqual({ Enabled: "Off", SSO: "Off" });
  }
  expect((await expresswayCall(c(), "PUT", "common/mra", { Enabled: "On" })).status).toBe(200);
  expect((await expresswayCall(c(), "GET", "common/mra")).body).toEqual({ Enabled: "On", SSO: "Off" });
  expect((await expresswayCall(e(), "GET", "common/mra")).body).toEqual({ Enabled: "Off", SSO: "Off" });
  expect((await expresswayCall(c(), "PUT", "common/mra", { Enabled: "Yes" })).body).toEqual({
    Message: "Enabled: 'Yes' is not one of ['On', 'Off']",
  });
});

describe("Expressway-E TURN", () => {
  test("device defaults; PUT changes only what is sent", async () => {
    expect((await expresswayCall(e(), "GET", "edge/traversal/turn")).body).toEqual({
      TurnServices: "Off",
      RequestsPort: 3478,
      AuthenticationRealm: "TANDBERG",
      MediaPortRangeStart: 24000,
      MediaPortRangeEnd: 29999,
      DelegatedCredentialChecking: "Off",
    });
    const put = { TurnServices: "On", AuthenticationRealm: "turnuser" };
    expect((await expresswayCall(e(), "PUT", "edge/traversal/turn", put)).status).toBe(200);
    expect((await expresswayCall(e(), "GET", "edge/traversal/turn")).body).toMatchObject({
      ...put,
      RequestsPort: 3478,
    });
    expect((await expresswayCall(e(), "PUT", "edge/traversal/turn", { RequestsPort: 80 })).body).toEqual({
      Message: "RequestsPort: 80 is less than the minimum of 1024",
    });
  });

  test("a change while services are On is held: GET answers it, TURN keeps its port until Off then On", async () => {
    const turn = "edge/traversal/turn";
    const port = async () => {
      const answer = await fetch(`${e().url}/getxml?location=/Status/ResourceUsage/TURN/Port`, {
        headers: { authorization: basicAuth(e()) },
      });
      return /<Port item="1"><Port item="1">(\d+)<\/Port>/.exec(await answer.text())?.[1];
    };
    // Off to On with a new port in the same PUT: the service starts with it.
    await expresswayCall(e(), "PUT", turn, { TurnServices: "On", RequestsPort: 3479 });
    expect(await port()).toBe("3479");
    await expresswayCall(e(), "PUT", turn, { RequestsPort: 3480 });
    await expresswayCall(e(), "PUT", turn, { RequestsPort: 3481 });
    expect((await expresswayCall(e(), "GET", turn)).body).toMatchObject({ TurnServices: "On", RequestsPort: 3481 });
    expect(await port()).toBe("3479");
    // Services On again while On restarts nothing.
    await expresswayCall(e(), "PUT", turn, { TurnServices: "On" });
    expect(await port()).toBe("3479");
    await expresswayCall(e(), "PUT", turn, { TurnServices: "Off" });
    await expresswayCall(e(), "PUT", turn, { TurnServices: "On" });
    expect(await port()).toBe("3481");
    // Changed while Off: taken at the next start.
    await expresswayCall(e(), "PUT", turn, { TurnServices: "Off" });
    await expresswayCall(e(), "PUT", turn, { RequestsPort: 3482 });
    await expresswayCall(e(), "PUT", turn, { TurnServices: "On" });
    expect(await port()).toBe("3482");
  });

  test("the unconfirmed wire names can be replaced, e.g. Mode for the services switch", async () => {
    const other = await startExpresswayEmulator({
      personality: "E",
      wireNames: { ExpresswayTurn: { services: "Mode" } },
    });
    try {
      const body = (await expresswayCall(other, "GET", "edge/traversal/turn")).body as Record<string, unknown>;
      expect(body).toMatchObject({ Mode: "Off" });
      expect(body).not.toHaveProperty("TurnServices");
      expect((await expresswayCall(other, "PUT", "edge/traversal/turn", { TurnServices: "On" })).status).toBe(400);
      expect((await expresswayCall(other, "PUT", "edge/traversal/turn", { Mode: "On" })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

test("the E-side UC zone carries the probe settings and accepts a PUT of its own GET minus Status", async () => {
  const zone = "edge/zone/unifiedcommunicationstraversal";
  const created = await expresswayCall(e(), "POST", zone, {
    Name: "UT to C",
    AuthenticationUserName: "traversal",
    SIPTLSVerifySubjectName: "vcsc.octavio.local",
  });
  expect(created.status).toBe(201);
  const [record] = (await expresswayCall(e(), "GET", zone)).body as Record<string, unknown>[];
  expect(record).toMatchObject({
    Status: "Active",
    UDPProbeRetryInterval: 2,
    UDPProbeRetryCount: 5,
    UDPProbeKeepAliveInterval: 20,
    TCPProbeRetryInterval: 2,
    TCPProbeRetryCount: 5,
    TCPProbeKeepAliveInterval: 20,
  });
  const { Status: _status, ...writable } = record;
  expect(await expresswayCall(e(), "PUT", zone, { ...writable, TCPProbeRetryCount: 7 })).toMatchObject({ status: 200 });
  expect(((await expresswayCall(e(), "GET", zone)).body as Record<string, unknown>[])[0].TCPProbeRetryCount).toBe(7);
  const [clientSide] = await Promise.all([
    expresswayCall(c(), "POST", "controller/zone/unifiedcommunicationstraversal", {
      Name: "UT to E",
      PeerAddress: ["vcse.octavio.com"],
      AuthenticationUserName: "traversal",
      AuthenticationPassword: "pw",
      UDPProbeRetryCount: 5,
    }),
  ]);
  expect(clientSide.body).toEqual({
    Message: "Additional properties are not allowed ('UDPProbeRetryCount' was unexpected)",
  });
});
