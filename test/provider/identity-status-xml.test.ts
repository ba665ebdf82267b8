import { startExpresswayEmulator } from "../../emulator/expressway";
import { expresswayVariantOptions } from "../../emulator/unconfirmed";
import { closeAllConnections } from "../../provider/device/http";
import { deviceIdentity } from "../../provider/device/identity";
import { deviceProfilesFrom } from "../../provider/connection";
import { provider, useTestDevices } from "../support/test-devices";

/**
 * Issue 18 item 2: sysinfo's keys are unpublished, so a device whose sysinfo names no serial
 * number is known by the one its /status.xml reports (SystemUnit/Hardware/SerialNumber, as
 * in a real X8.11.3 capture): a URL change to another name for it needs no urlChange.
 */

const devices = useTestDevices({
  unconfirmed: ["sysinfo-without-serial"],
  extraConfig: { "expresswayC:maxRetries": "0" },
});
let original: string;
beforeAll(() => {
  original = devices().config.get("expresswayC:url") as string;
});
afterEach(async () => {
  devices().config.set("expresswayC:url", original);
  devices().config.delete("expresswayC:urlChange");
  devices().expC.reset();
  await closeAllConnections();
});

const otherName = (url: string) => url.replace("127.0.0.1", "localhost");

test("the variant's sysinfo names no serial number; /status.xml's SystemUnit does, and is the identity", async () => {
  const sysinfo = await fetch(`${devices().expC.url}/api/provisioning/sysinfo`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${devices().expC.username}:${devices().expC.password}`).toString("base64")}`,
    },
  });
  expect(JSON.stringify(await sysinfo.json())).not.toMatch(/serial/i);
  const settings = deviceProfilesFrom({ get: (key) => devices().config.get(key) }).resolve("expresswayC");
  expect(await deviceIdentity(settings, "expressway")).toBe(`serial number ${devices().expC.serialNumber}`);
});

test("another name for the same device updates in place without urlChange", async () => {
  const p = provider("ExpresswayDomain");
  const inputs = (await p.check({}, { name: "moved.octavio.local" })).inputs;
  const created = await p.create(inputs);
  devices().config.set("expresswayC:url", otherName(original));
  expect(await p.diff(created.id, created.outs, inputs)).toMatchObject({ changes: true, replaces: [] });
  const updated = await p.update(created.id, created.outs, inputs);
  expect(updated.outs.deviceUrl).toBe(otherName(original));
  expect(devices().expC.list("common/domain")).toHaveLength(1);
});

test("another device whose sysinfo names no serial number is told apart by its status serial number", async () => {
  const other = await startExpresswayEmulator({
    personality: "C",
    password: devices().config.get("expresswayC:password"),
    ...expresswayVariantOptions(["sysinfo-without-serial"]),
  });
  try {
    const p = provider("ExpresswayDomain");
    const inputs = (await p.check({}, { name: "moved.octavio.local" })).inputs;
    const created = await p.create(inputs);
    devices().config.set("expresswayC:url", other.url);
    await expect(p.update(created.id, created.outs, inputs)).rejects.toThrow(
      new RegExp(
        `another device \\(serial number ${other.serialNumber}\\) than the one this object was created on, ` +
          `${original.replace(/[.]/g, "\\.")} \\(serial number ${devices().expC.serialNumber}\\)`,
      ),
    );
  } finally {
    await other.close();
  }
});
