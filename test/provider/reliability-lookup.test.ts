import { closeAllConnections } from "../../provider/device/http";
import { forgetRunListings } from "../../provider/device/run-listing";
import { useBlindFilter } from "../support/blind-filter";
import { provider, useTestDevices } from "../support/test-devices";

/**
 * Defect 6 of issue 11 and the look-up mutations: a CMS look-up by natural key must not
 * depend on `?filter=` matching the key (no Cisco document promises it for TURN
 * addresses), must read every page, and CmsCallMatch's key includes the tenant.
 */

const devices = useTestDevices();
const blindFilter = useBlindFilter(() => devices().cms.url);
afterEach(async () => {
  devices().config.set("cms:url", devices().cms.url);
  devices().cms.reset();
  forgetRunListings();
  devices().cms.clearRequests();
  await closeAllConnections();
});

const turn = (i: number) => ({
  serverAddress: `172.16.85.${i}`,
  clientAddress: `10.88.246.${i}`,
  username: "turnuser",
  password: "turn-pw-9",
  type: "expressway",
});

async function create(resource: string, declared: Record<string, unknown>) {
  const p = provider(resource);
  return p.create((await p.check({}, declared)).inputs);
}

test("TURN: when the filtered list finds nothing, a full paged listing still finds the existing server", async () => {
  for (let i = 1; i <= 12; i++) await create("CmsTurnServer", turn(i));
  devices().config.set("cms:url", blindFilter().url);
  await closeAllConnections();
  await expect(create("CmsTurnServer", turn(12))).rejects.toThrow(/already exists .*adopt: true/);
  expect(devices().cms.list("turnServers")).toHaveLength(12);
});

test("a look-up reads every page of matches, not only the first", async () => {
  // Thirteen rules whose domains all contain the wanted one; it comes last, on the second page.
  for (let i = 0; i < 12; i++) await create("CmsCallMatch", { domain: `n${i}.site.octavio.com` });
  await create("CmsCallMatch", { domain: "site.octavio.com", priority: 5 });
  devices().cms.clearRequests();
  await expect(create("CmsCallMatch", { domain: "site.octavio.com", priority: 5 })).rejects.toThrow(/already exists/);
  expect(devices().cms.list("inboundDialPlanRules")).toHaveLength(13);
  expect(devices().cms.requests.filter((r) => r.query.includes("offset=10"))).not.toHaveLength(0);
});

test("CmsCallMatch: adopt does not take over another tenant's rule for the same domain", async () => {
  const other = await create("CmsCallMatch", { domain: "tenant.octavio.com", priority: 3 });
  const tenant = "0f5b6f3e-8d4c-4f4e-9d7e-1a2b3c4d5e6f";
  devices().cms.patch("inboundDialPlanRules", other.id, { tenant });
  const ours = await create("CmsCallMatch", { domain: "tenant.octavio.com", priority: 3, adopt: true });
  expect(ours.id).not.toBe(other.id);
  expect(devices().cms.get("inboundDialPlanRules", other.id)?.fields.tenant).toBe(tenant);
  expect(devices().cms.list("inboundDialPlanRules")).toHaveLength(2);
});
