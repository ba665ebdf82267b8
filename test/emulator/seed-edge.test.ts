import { type Devices, startDevices } from "../../emulator/devices";
import type { EmulatorServer } from "../../emulator/server";
import { SEED_EXTRA_SPACES, SEED_TENANT_NAME, SEED_THIRD_DOMAIN, seedEdge } from "../support/seed-edge";
import { cmsCall, dnsServerEntries, expresswayCall } from "./client";

/**
 * The brownfield fixture (test/support/seed-edge.ts) holds what it says, counted back through
 * the devices' own GETs (CMS pages followed to the end), on the guide's CMS 2.2 and on 3.8.
 */

const ids = (xml: string, element: string) =>
  [...xml.matchAll(new RegExp(`<${element} id="([^"]+)"`, "g"))].map((m) => m[1]);
const text = (xml: string, tag: string) => xml.match(new RegExp(`<${tag}>([^<]*)</${tag}>`))?.[1];

/** Every object of a CMS collection, page after page, as the device lists it. */
async function cmsList(device: EmulatorServer, collection: string, element: string): Promise<string[]> {
  const found: string[] = [];
  for (;;) {
    const answer = await cmsCall(device, "GET", `/api/v1/${collection}?offset=${found.length}`);
    expect(answer.status).toBe(200);
    const page = ids(answer.body, element);
    found.push(...page);
    const total = Number(answer.body.match(/total="(\d+)"/)?.[1]);
    if (page.length === 0 || found.length >= total) return found;
  }
}

const cmsObject = async (device: EmulatorServer, path: string) =>
  (await cmsCall(device, "GET", `/api/v1/${path}`)).body;
const expresswayList = async (device: EmulatorServer, path: string) =>
  (await expresswayCall(device, "GET", path)).body as Record<string, unknown>[];

describe.each(["2.2", "3.8"])("the seeded edge on CMS %s", (cmsVersion) => {
  let devices: Devices;
  beforeAll(async () => {
    devices = await startDevices({ cmsVersion });
  });
  afterAll(() => devices.close());

  test("holds the dual-domain topology, the extra spaces, the tenant rule and the third domain", async () => {
    const counts = await seedEdge(devices.byProfile, { cmsVersion });
    const { cms, expC, expE } = devices;

    const spaces = await cmsList(cms, "coSpaces", "coSpace");
    expect(spaces).toHaveLength(counts.cms.coSpaces);
    expect(spaces).toHaveLength(1 + SEED_EXTRA_SPACES);
    const bodies = await Promise.all(spaces.map((id) => cmsObject(cms, `coSpaces/${id}`)));
    expect(bodies.filter((b) => text(b, "passcode") !== undefined)).toHaveLength(counts.spacesWithPasscode);
    expect(counts.spacesWithPasscode).toBe(SEED_EXTRA_SPACES / 2);
    expect(bodies.map((b) => text(b, "uri"))).toContain("proxywebrtc");

    const tenants = await cmsList(cms, "tenants", "tenant");
    expect(tenants).toHaveLength(counts.cms.tenants);
    expect(text(await cmsObject(cms, `tenants/${tenants[0]}`), "name")).toBe(SEED_TENANT_NAME);

    const rules = await cmsList(cms, "inboundDialPlanRules", "inboundDialPlanRule");
    expect(rules).toHaveLength(counts.cms.inboundDialPlanRules);
    const ruleBodies = await Promise.all(rules.map((id) => cmsObject(cms, `inboundDialPlanRules/${id}`)));
    expect(ruleBodies.map((b) => `${text(b, "domain")} tenant ${text(b, "tenant") ?? "none"}`).sort()).toEqual([
      `cms.octavio.local tenant ${tenants[0]}`,
      "cms.octavio.local tenant none",
      "octavio.com tenant none",
    ]);

    expect(await cmsList(cms, "turnServers", "turnServer")).toHaveLength(counts.cms.turnServers);
    const bridges = await cmsList(cms, "webBridges", "webBridge");
    expect(bridges).toHaveLength(counts.cms.webBridges);
    const bridge = await cmsObject(cms, `webBridges/${bridges[0]}`);
    const xmpp = await cmsCall(cms, "GET", "/api/v1/system/configuration/xmpp");
    if (cmsVersion.startsWith("2.")) {
      expect(text(bridge, "url")).toBe("https://cmsweb.octavio.local");
      expect(text(bridge, "idEntryMode")).toBe("secure");
      expect(text(xmpp.body, "uniqueName")).toBe("cb1");
    } else {
      expect(text(bridge, "url")).toMatch(/^c2w:\/\/cmsweb\.octavio\.local:9999$/);
      expect(xmpp.status).not.toBe(200);
    }

    const domains = await expresswayList(expC, "common/domain");
    expect(domains).toHaveLength(counts.expresswayC["common/domain"]);
    expect(domains.map((d) => d.Name)).toEqual(["octavio.local", "octavio.com", SEED_THIRD_DOMAIN]);
    expect(await expresswayList(expC, "controller/zone/unifiedcommunicationstraversal")).toHaveLength(1);
    expect(await expresswayList(expE, "edge/zone/unifiedcommunicationstraversal")).toHaveLength(1);
    const users = await expresswayList(expE, "common/credential");
    expect(users.map((u) => u.Name)).toEqual(["turnuser", "Tuser"]);
    expect(users).toHaveLength(counts.expresswayE["common/credential"]);
    expect(dnsServerEntries((await expresswayCall(expC, "GET", "common/dns/dnsserver")).body)).toHaveLength(1);
    // Settings objects answer one record.
    expect((await expresswayCall(expE, "GET", "common/dns/dns")).body).toEqual(
      expect.objectContaining({ SystemHostName: "vcse", DomainName: "octavio.com" }),
    );
    expect((await expresswayCall(expE, "GET", "edge/traversal/turn")).body).toEqual(
      expect.objectContaining({ TurnServices: "On", RequestsPort: 3478 }),
    );
  });
});
