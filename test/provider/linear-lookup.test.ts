import { closeAllConnections } from "../../provider/device/http";
import { forgetRunListings } from "../../provider/device/run-listing";
import { cmsCreate } from "../emulator/client";
import { useBlindFilter } from "../support/blind-filter";
import { provider, useTestDevices } from "../support/test-devices";

/**
 * Issue 22, linear creates: a kind the CMS takes duplicates of is looked up before each
 * create, and the whole collection is read once per run (the run's listing), not once per
 * create. The listing only proposes candidates: each is read, and the read decides.
 */

const devices = useTestDevices({}, { devices: ["cms"], requests: true });
const blindFilter = useBlindFilter(() => devices().cms.url);
afterEach(async () => {
  devices().config.set("cms:url", devices().cms.url);
  await closeAllConnections();
});

const RULES = "inboundDialPlanRules";

async function create(declared: Record<string, unknown>) {
  const p = provider("CmsCallMatch");
  return p.create((await p.check({}, declared)).inputs);
}

/** Requests the CMS received for `count` rules created one after the other (each look-up sees all before it). */
async function requestsToCreate(count: number): Promise<number> {
  devices().cms.reset();
  forgetRunListings();
  // The release read (once per device) is not part of the per-object cost.
  await create({ domain: "warm-up.octavio.com" });
  devices().cms.clearRequests();
  for (let n = 0; n < count; n++) await create({ domain: `rule${n}.octavio.com` });
  expect(devices().cms.list(RULES)).toHaveLength(count + 1);
  return devices().cms.requests.length;
}

test("creating 120 rules costs the same requests per rule as 60: one filtered look-up and one POST each", async () => {
  const sixty = await requestsToCreate(60);
  const hundredTwenty = await requestsToCreate(120);
  // Per rule: the filtered GET and the POST; the whole listing (a few pages) once per run.
  expect(hundredTwenty / 120).toBeLessThanOrEqual((sixty / 60) * 1.02);
  expect(hundredTwenty).toBeLessThanOrEqual(2 * 120 + 1);
});

test("a rule created earlier in the run refuses a later create with its key (filter matching nothing)", async () => {
  devices().config.set("cms:url", blindFilter().url);
  await create({ domain: "first.octavio.com" });
  await create({ domain: "second.octavio.com", priority: 4 });
  await expect(create({ domain: "second.octavio.com", priority: 4 })).rejects.toThrow(/already exists .*adopt: true/);
  expect(devices().cms.list(RULES)).toHaveLength(2);
});

test("a rule whose domain this run changed is found by the new domain, not by the old one", async () => {
  devices().config.set("cms:url", blindFilter().url);
  const p = provider("CmsCallMatch");
  const first = await create({ domain: "old.octavio.com" });
  const news = (await p.check(first.outs, { domain: "new.octavio.com" })).inputs;
  await p.update(first.id, first.outs, news);
  await expect(create({ domain: "new.octavio.com" })).rejects.toThrow(/already exists .*adopt: true/);
  const second = await create({ domain: "old.octavio.com" });
  expect(second.id).not.toBe(first.id);
  expect(devices().cms.list(RULES)).toHaveLength(2);
});

test("a rule deleted by someone else after the listing was read is not taken for an existing one", async () => {
  devices().config.set("cms:url", blindFilter().url);
  const first = await create({ domain: "gone.octavio.com" });
  devices().cms.remove(RULES, first.id);
  const again = await create({ domain: "gone.octavio.com" });
  expect(again.id).not.toBe(first.id);
  expect(devices().cms.list(RULES)).toHaveLength(1);
});

test("a rule someone else created after the listing was read is still found by the filtered look-up", async () => {
  await create({ domain: "ours.octavio.com" });
  await cmsCreate(devices().cms, RULES, { domain: "theirs.octavio.com" });
  await expect(create({ domain: "theirs.octavio.com" })).rejects.toThrow(/already exists .*adopt: true/);
  expect(devices().cms.list(RULES)).toHaveLength(2);
});

test("a rule this run deleted is not proposed to a later create", async () => {
  devices().config.set("cms:url", blindFilter().url);
  const p = provider("CmsCallMatch");
  const first = await create({ domain: "deleted.octavio.com" });
  await p.delete(first.id, first.outs);
  devices().cms.clearRequests();
  await create({ domain: "deleted.octavio.com" });
  // No read of the deleted rule: the listing forgot it when this run deleted it.
  expect(devices().cms.requests.filter((r) => r.path.endsWith(first.id))).toEqual([]);
});
