import { startCmsEmulator } from "../../emulator/cms";
import { closeAllConnections } from "../../provider/device/http";
import { onDevice, provider, useTestDevices } from "../support/test-devices";

/**
 * Defect 8 of issue 11: a field the stack leaves unset but that has a documented device
 * default is managed at that default (Terraform's Default): a change made on the device
 * shows in refresh and `up` restores it. A field the device version does not read back
 * must not diff on every run.
 */

const devices = useTestDevices({}, { devices: ["expC"], requests: true });

const clientZone = {
  side: "client",
  name: "Traversal to E",
  peerAddresses: ["vcse.octavio.com"],
  authenticationUsername: "traversal",
  authenticationPassword: "zone-pw-1",
};

test("an undeclared hop count changed on the device from 15 to 30 shows as drift and is restored", async () => {
  const p = provider("ExpresswayZone");
  const inputs = (await p.check({}, clientZone)).inputs;
  const created = await p.create(inputs);
  expect(created.outs.hopCount).toBe(15);
  const zone = onDevice(devices(), "ExpresswayZone", created.id, created.outs);
  zone.patch({ HopCount: 30 });

  const refreshed = await p.read(created.id, created.outs);
  expect(refreshed.props?.hopCount).toBe(30);
  const diff = await p.diff(created.id, refreshed.props ?? {}, inputs);
  expect(diff).toMatchObject({ changes: true, replaces: [] });
  devices().expC.clearRequests();
  const updated = await p.update(created.id, refreshed.props ?? {}, inputs);
  expect(zone.get()?.HopCount).toBe(15);
  const sent = devices()
    .expC.requests.filter((r) => r.method === "PUT")
    .map((r) => JSON.parse(r.body));
  expect(sent).toEqual([{ Name: "Traversal to E", HopCount: 15 }]);
  const again = await p.read(created.id, updated.outs);
  expect((await p.diff(created.id, again.props ?? {}, inputs)).changes).toBe(false);
});

test("a defaulted field this CMS version does not read back never diffs", async () => {
  const cms38 = await startCmsEmulator({ cmsVersion: "3.8" });
  const saved = devices().config.get("cms:url") as string;
  devices().config.set("cms:url", cms38.url);
  devices().config.set("cms:username", cms38.username);
  devices().config.set("cms:password", cms38.password);
  await closeAllConnections();
  try {
    const p = provider("CmsCallMatch");
    const inputs = (await p.check({}, { domain: "v38.octavio.com" })).inputs;
    const created = await p.create(inputs);
    for (let run = 0; run < 2; run++) {
      const read = await p.read(created.id, created.outs);
      expect(read.props?.resolveToUsers).toBe(true);
      expect((await p.diff(created.id, read.props ?? {}, inputs)).changes).toBe(false);
    }
  } finally {
    devices().config.set("cms:url", saved);
    await closeAllConnections();
    await cms38.close();
  }
});
