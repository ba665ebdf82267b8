import { startCmsEmulator } from "../../emulator/cms";
import { startExpresswayEmulator } from "../../emulator/expressway";
import { closeAllConnections } from "../../provider/device/http";
import { provider, useTestDevices } from "../support/test-devices";

/**
 * Defect 4 of issue 11: a profile re-pointed at the same device under another name keeps
 * its objects (the device's identity says so, or the user does); another device is never
 * guessed at; and a URL recorded in state obeys the plain-HTTP-only-to-loopback rule.
 */

const devices = useTestDevices({ extraConfig: { "cms:maxRetries": "0", "expresswayC:maxRetries": "0" } });
const original = new Map<string, string>();
beforeAll(async () => {
  for (const key of ["cms:url", "expresswayC:url"]) original.set(key, devices().config.get(key) as string);
});
afterEach(async () => {
  for (const [key, value] of original) devices().config.set(key, value);
  devices().config.delete("expresswayC:urlChange");
  devices().cms.reset();
  devices().expC.reset();
  await closeAllConnections();
});

/** The same emulator under another name: localhost instead of 127.0.0.1. */
const otherName = (url: string) => url.replace("127.0.0.1", "localhost");
const domain = { name: "moved.octavio.local" };

async function createDomain() {
  const p = provider("ExpresswayDomain");
  const inputs = (await p.check({}, domain)).inputs;
  return { p, inputs, created: await p.create(inputs) };
}

test("Expressway: another name for the same device (same serial number) updates in place, no replacement", async () => {
  const { p, inputs, created } = await createDomain();
  devices().config.set("expresswayC:url", otherName(original.get("expresswayC:url") as string));
  const diff = await p.diff(created.id, created.outs, inputs);
  expect(diff).toMatchObject({ changes: true, replaces: [] });
  devices().expC.clearRequests();
  const updated = await p.update(created.id, created.outs, inputs);
  expect(updated.outs.deviceUrl).toBe(otherName(original.get("expresswayC:url") as string));
  expect(devices().expC.requests.filter((r) => r.method !== "GET")).toEqual([]);
  expect(devices().expC.list("common/domain")).toHaveLength(1);
  expect((await p.diff(created.id, updated.outs, inputs)).changes).toBe(false);
});

test("CMS: another name for the same server (same hostId) updates in place", async () => {
  const p = provider("CmsCallMatch");
  const inputs = (await p.check({}, { domain: "moved.octavio.com" })).inputs;
  const created = await p.create(inputs);
  devices().config.set("cms:url", otherName(original.get("cms:url") as string));
  expect((await p.diff(created.id, created.outs, inputs)).replaces).toEqual([]);
  const updated = await p.update(created.id, created.outs, inputs);
  expect(updated.outs.deviceUrl).toBe(otherName(original.get("cms:url") as string));
  expect(devices().cms.list("inboundDialPlanRules")).toHaveLength(1);
});

test("another device is refused until the user says it is new; then the objects are replaced", async () => {
  const other = await startExpresswayEmulator({
    personality: "C",
    password: devices().config.get("expresswayC:password"),
  });
  try {
    const { p, inputs, created } = await createDomain();
    devices().config.set("expresswayC:url", other.url);
    await expect(p.update(created.id, created.outs, inputs)).rejects.toThrow(
      /another device \(serial number .*\) than the one this object was created on.*expresswayC:urlChange new-device/,
    );
    devices().config.set("expresswayC:urlChange", "new-device");
    expect((await p.diff(created.id, created.outs, inputs)).replaces).toEqual(["deviceUrl"]);
  } finally {
    await other.close();
  }
});

test("when identity cannot be told, the user is asked to say which; same-device then moves", async () => {
  const { p, inputs, created } = await createDomain();
  // State recorded a name that no longer answers.
  const stale = { ...created.outs, deviceUrl: "http://127.0.0.1:9" };
  await expect(p.update(created.id, stale, inputs)).rejects.toThrow(
    /cannot be told .*expresswayC:urlChange same-device.*expresswayC:urlChange new-device/,
  );
  devices().config.set("expresswayC:urlChange", "same-device");
  const updated = await p.update(created.id, stale, inputs);
  expect(updated.outs.deviceUrl).toBe(original.get("expresswayC:url"));
});

test.each([
  ["read", (id: string, outs: Record<string, unknown>) => provider("ExpresswayDomain").read(id, outs)],
  ["delete", (id: string, outs: Record<string, unknown>) => provider("ExpresswayDomain").delete(id, outs)],
] as const)("a plain-HTTP non-loopback URL recorded in state is refused by %s, before any request", async (_, call) => {
  const { created } = await createDomain();
  devices().clearRequests();
  await expect(call(created.id, { ...created.outs, deviceUrl: "http://10.88.246.1" })).rejects.toThrow(
    /plain http:\/\/ is only allowed for loopback emulators; the deviceUrl recorded in state/,
  );
  expect(devices().requestCount()).toBe(0);
});

describe("issue 23 items 4 and 5: what identifies a device", () => {
  test("neither URL says who the device is: the user is asked (urlChange), nothing is moved or written", async () => {
    // An Expressway whose sysinfo names no serial number and whose /status.xml (the other place a
    // serial number is read) is not reachable through this URL, reached under two names.
    const anonymous = await startExpresswayEmulator({
      personality: "C",
      sysinfo: (release) => ({ ProductName: "Expressway", SoftwareVersion: release }),
      faults: { rules: [{ kind: "foreign404", path: "/status.xml" }] },
    });
    const config = devices().config;
    try {
      config.set("anon:url", anonymous.url);
      config.set("anon:username", anonymous.username);
      config.set("anon:password", anonymous.password);
      const p = provider("ExpresswayDomain");
      const inputs = (await p.check({}, { ...domain, profile: "anon" })).inputs;
      const created = await p.create(inputs);
      config.set("anon:url", otherName(anonymous.url));
      anonymous.clearRequests();
      await expect(p.update(created.id, created.outs, inputs)).rejects.toThrow(
        /cannot be told .*anon:urlChange same-device.*anon:urlChange new-device/,
      );
      expect(anonymous.requests.filter((r) => r.method !== "GET")).toEqual([]);
    } finally {
      for (const key of ["anon:url", "anon:username", "anon:password"]) config.delete(key);
      await anonymous.close();
    }
  });

  test("CMS: another server at the same release (another hostId) is another device", async () => {
    const other = await startCmsEmulator({
      cmsVersion: "2.9",
      username: devices().config.get("cms:username"),
      password: devices().config.get("cms:password"),
    });
    try {
      expect(other.softwareVersion).toBe(devices().cms.softwareVersion);
      const p = provider("CmsCallMatch");
      const inputs = (await p.check({}, { domain: "other.octavio.com" })).inputs;
      const created = await p.create(inputs);
      devices().config.set("cms:url", other.url);
      await expect(p.update(created.id, created.outs, inputs)).rejects.toThrow(
        new RegExp(
          "another device \\(hostId [-0-9a-f]+\\) than the one this object was created on, " +
            ".*\\(hostId [-0-9a-f]+\\).*cms:urlChange new-device",
        ),
      );
      expect(other.requests.filter((r) => r.method !== "GET")).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
