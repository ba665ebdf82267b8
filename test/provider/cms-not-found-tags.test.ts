import { type CmsEmulator, startCmsEmulator } from "../../emulator/cms";
import { closeAllConnections } from "../../provider/device/http";
import { cmsCreate } from "../emulator/client";
import { provider, startTestDevices, type TestDevices } from "../support/test-devices";

/**
 * Cisco's failure table has no "does not exist" tag for TURN servers or web bridges, so a
 * real CMS may answer an unknown id with a tag the provider does not know. Gone is then
 * what the collection's listing says: every page of it, no longer holding the id.
 */

let other: CmsEmulator;
let devices: TestDevices;
beforeAll(async () => {
  other = await startCmsEmulator({
    cmsVersion: "2.9",
    notFoundTags: { turnServers: "unrecognizedObject" },
    pageCaps: { turnServers: 2 },
  });
  devices = await startTestDevices({
    extraConfig: { "cms2:url": other.url, "cms2:username": other.username, "cms2:password": other.password },
  });
});
afterAll(async () => {
  await closeAllConnections();
  await devices.close();
  await other.close();
});

const declared = { profile: "cms2", serverAddress: "172.16.85.168", clientAddress: "10.88.246.156" };

test("deleted out of band: refresh finds it gone and destroy succeeds, after paging the whole listing", async () => {
  for (let n = 1; n <= 5; n++) await cmsCreate(other, "turnServers", { serverAddress: `10.0.0.${n}` });
  const p = provider("CmsTurnServer");
  const { id, outs } = await p.create((await p.check({}, declared)).inputs);
  other.remove("turnServers", id);
  other.clearRequests();
  expect(await p.read(id, outs)).toEqual({});
  const listed = other.requests.filter((r) => r.method === "GET" && r.path === "/api/v1/turnServers");
  expect(listed.map((r) => r.query)).toEqual(["offset=0", "offset=2", "offset=4"]);
  await p.delete(id, outs);
});

test("still listed: the unknown tag is an error, not 'gone'", async () => {
  const p = provider("CmsTurnServer");
  const { id, outs } = await p.create((await p.check({}, declared)).inputs);
  // The listing holds the id (GUIDs compare without case) while the path, taking it as written, answers the tag.
  const listedId = await cmsCreate(other, "turnServers", { serverAddress: "10.9.9.9" });
  await expect(p.read(listedId.toUpperCase(), outs)).rejects.toThrow(/refused to read TURN server: unrecognizedObject/);
  expect(id).toBeTruthy();
});
