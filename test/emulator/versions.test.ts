import { startCmsEmulator } from "../../emulator/cms";
import { startDevices } from "../../emulator/devices";
import { startExpresswayEmulator } from "../../emulator/expressway";
import { compareVersions, inVersionRange } from "../../provider/schema/versions";
import { cmsCall, cmsCreate, expresswayCall } from "./client";

/** What each emulated release has: CMS 2.2 (the guide's) vs 2.9 vs 3.8, Expressway X8.9.2 vs X8.11.4. */

async function withCms<T>(
  cmsVersion: string | undefined,
  run: (cms: Awaited<ReturnType<typeof startCmsEmulator>>) => Promise<T>,
) {
  const cms = await startCmsEmulator(cmsVersion === undefined ? {} : { cmsVersion });
  try {
    return await run(cms);
  } finally {
    await cms.close();
  }
}

test("versions compare by dotted parts, with or without the X; since is inclusive, until exclusive", () => {
  expect(compareVersions("2.9", "2.10")).toBe(-1);
  expect(compareVersions("X8.11.4", "8.11")).toBe(1);
  expect(compareVersions("3.0", "3.0.0")).toBe(0);
  expect(inVersionRange("2.9", { since: "2.9" })).toBe(true);
  expect(inVersionRange("3.0", { until: "3.0" })).toBe(false);
  expect(inVersionRange("2.2", undefined)).toBe(true);
  expect(() => compareVersions("latest", "2.2")).toThrow(/not a software version/);
});

test.each([
  [undefined, "2.2.1"],
  ["2.2", "2.2.1"],
  ["2.9", "2.9.0"],
  ["3.8", "3.8.0"],
  ["3.8.2", "3.8.2"],
])("cmsVersion %s reports softwareVersion %s", async (cmsVersion, reported) => {
  await withCms(cmsVersion, async (cms) => {
    expect(cms.softwareVersion).toBe(reported);
    expect((await cmsCall(cms, "GET", "/api/v1/system/status")).body).toContain(
      `<softwareVersion>${reported}</softwareVersion>`,
    );
  });
});

test("resolveToUsers: kept on 2.x; on 3.x refused like an unknown parameter and absent from GET", async () => {
  await withCms("2.2", async (cms) => {
    const id = await cmsCreate(cms, "inboundDialPlanRules", { domain: "octavio.com", resolveToUsers: "false" });
    expect((await cmsCall(cms, "GET", `/api/v1/inboundDialPlanRules/${id}`)).body).toContain(
      "<resolveToUsers>false</resolveToUsers>",
    );
  });
  await withCms("3.8", async (cms) => {
    expect(
      await cmsCall(cms, "POST", "/api/v1/inboundDialPlanRules", { domain: "octavio.com", resolveToUsers: "true" }),
    ).toMatchObject({
      status: 400,
      body:
        '<?xml version="1.0"?><failureDetails>' +
        '<parameterError parameter="resolveToUsers" error="unknownParameter" /></failureDetails>',
    });
    expect(cms.list("inboundDialPlanRules")).toHaveLength(0);
    const id = await cmsCreate(cms, "inboundDialPlanRules", { domain: "octavio.com" });
    expect((await cmsCall(cms, "GET", `/api/v1/inboundDialPlanRules/${id}`)).body).not.toContain("resolveToUsers");
  });
  const lenient = await startCmsEmulator({ cmsVersion: "3.8", absentParameters: "ignore" });
  try {
    const id = await cmsCreate(lenient, "inboundDialPlanRules", { domain: "octavio.com", resolveToUsers: "true" });
    expect(lenient.get("inboundDialPlanRules", id)?.fields).toEqual({ domain: "octavio.com" });
  } finally {
    await lenient.close();
  }
});

test.each([
  ["2.2", "expressway", 400],
  ["2.2", "cms", 400],
  ["2.2", "acano", 200],
  ["2.2", "standard", 200],
  ["2.7", "expressway", 400],
  ["2.8", "expressway", 200],
  ["2.9", "expressway", 200],
  ["3.8", "cms", 200],
])("CMS %s: turnServers type=%s answers %i", async (cmsVersion, type, status) => {
  await withCms(cmsVersion, async (cms) => {
    const answer = await cmsCall(cms, "POST", "/api/v1/turnServers", { serverAddress: "172.16.85.168", type });
    expect(answer.status).toBe(status);
    if (status === 400) expect(answer.body).toContain('<parameterError parameter="type" error="invalidValue" />');
  });
});

test("system/configuration/xmpp exists on 2.x only; 3.x answers it like an unknown object", async () => {
  await withCms("2.2", async (cms) => {
    expect((await cmsCall(cms, "GET", "/api/v1/system/configuration/xmpp")).status).toBe(200);
  });
  await withCms("3.8", async (cms) => {
    expect(await cmsCall(cms, "GET", "/api/v1/system/configuration/xmpp")).toMatchObject({
      status: 400,
      body: '<?xml version="1.0"?><failureDetails><unrecognizedObject /></failureDetails>',
    });
  });
});

test("webBridges: 2.x shape (https url, guest-access settings) vs 3.x (c2w url, webBridgeProfile)", async () => {
  await withCms("2.2", async (cms) => {
    const id = await cmsCreate(cms, "webBridges", { url: "https://cms.octavio.local", showSignIn: "false" });
    expect((await cmsCall(cms, "GET", `/api/v1/webBridges/${id}`)).body).toBe(
      `<?xml version="1.0"?><webBridge id="${id}"><url>https://cms.octavio.local</url>` +
        "<idEntryMode>secure</idEntryMode><allowWeblinkAccess>true</allowWeblinkAccess>" +
        "<showSignIn>false</showSignIn><resolveCoSpaceCallIds>true</resolveCoSpaceCallIds>" +
        "<resolveLyncConferenceIds>false</resolveLyncConferenceIds></webBridge>",
    );
    expect((await cmsCall(cms, "POST", "/api/v1/webBridges", { url: "c2w://10.0.0.60:9999" })).body).toContain(
      '<parameterError parameter="url" error="invalidValue" />',
    );
    expect(
      (await cmsCall(cms, "POST", "/api/v1/webBridges", { url: "https://x", webBridgeProfile: "x" })).body,
    ).toContain('<parameterError parameter="webBridgeProfile" error="unknownParameter" />');
  });
  await withCms("3.8", async (cms) => {
    const profile = "0f0e0d0c-0b0a-4908-8706-050403020100";
    const id = await cmsCreate(cms, "webBridges", { url: "c2w://10.0.0.60:9999", webBridgeProfile: profile });
    expect((await cmsCall(cms, "GET", `/api/v1/webBridges/${id}`)).body).toBe(
      `<?xml version="1.0"?><webBridge id="${id}"><url>c2w://10.0.0.60:9999</url>` +
        `<webBridgeProfile>${profile}</webBridgeProfile></webBridge>`,
    );
    expect((await cmsCall(cms, "POST", "/api/v1/webBridges", { url: "https://cms.octavio.local" })).status).toBe(400);
    expect((await cmsCall(cms, "PUT", `/api/v1/webBridges/${id}`, { showSignIn: "true" })).body).toContain(
      '<parameterError parameter="showSignIn" error="unknownParameter" />',
    );
  });
  const unchecked = await startCmsEmulator({ cmsVersion: "3.8", checkWebBridgeUrlScheme: false });
  try {
    expect((await cmsCall(unchecked, "POST", "/api/v1/webBridges", { url: "https://wb" })).status).toBe(200);
  } finally {
    await unchecked.close();
  }
});

describe("Expressway releases", () => {
  test("sysinfo answers the emulated release and a serial number per instance (or the configured one)", async () => {
    const [a, b, fixed] = await Promise.all([
      startExpresswayEmulator({ personality: "E" }),
      startExpresswayEmulator({ personality: "E", version: "X8.9.2" }),
      startExpresswayEmulator({ personality: "C", version: "8.11.4", serialNumber: "0A1B2C3D4E5F" }),
    ]);
    try {
      const info = async (d: typeof a) => (await expresswayCall(d, "GET", "sysinfo")).body as Record<string, string>;
      expect(await info(a)).toMatchObject({ ProductName: "Cisco Expressway-E", SoftwareVersion: "X8.11.4" });
      expect((await info(a)).SerialNumber).toMatch(/^[0-9A-F]{12}$/);
      expect((await info(b)).SoftwareVersion).toBe("X8.9.2");
      expect((await info(b)).SerialNumber).not.toBe((await info(a)).SerialNumber);
      expect(await info(fixed)).toMatchObject({ SoftwareVersion: "X8.11.4", SerialNumber: "0A1B2C3D4E5F" });
      expect(fixed.serialNumber).toBe("0A1B2C3D4E5F");
    } finally {
      await Promise.all([a.close(), b.close(), fixed.close()]);
    }
  });

  test("edge/traversal/turn: 404 like an unknown path on X8.9.2, present from X8.11, never on a C", async () => {
    const [old, current, c] = await Promise.all([
      startExpresswayEmulator({ personality: "E", version: "X8.9.2" }),
      startExpresswayEmulator({ personality: "E" }),
      startExpresswayEmulator({ personality: "C" }),
    ]);
    try {
      const unknown = await expresswayCall(old, "GET", "common/nosuchthing");
      expect(await expresswayCall(old, "GET", "edge/traversal/turn")).toMatchObject({
        status: 404,
        body: unknown.body,
      });
      expect((await expresswayCall(old, "PUT", "edge/traversal/turn", { TurnServices: "On" })).status).toBe(404);
      expect((await expresswayCall(old, "GET", "common/mra")).status).toBe(200);
      expect((await expresswayCall(current, "GET", "edge/traversal/turn")).status).toBe(200);
      expect((await expresswayCall(c, "GET", "edge/traversal/turn")).status).toBe(404);
    } finally {
      await Promise.all([old.close(), current.close(), c.close()]);
    }
  });
});

test("startDevices passes cmsVersion and expresswayVersion through", async () => {
  const devices = await startDevices({ cmsVersion: "3.8", expresswayVersion: "X8.10.2" });
  try {
    expect(devices.cms.softwareVersion).toBe("3.8.0");
    expect([devices.expC.softwareVersion, devices.expE.softwareVersion]).toEqual(["X8.10.2", "X8.10.2"]);
    expect((await expresswayCall(devices.expE, "GET", "edge/traversal/turn")).status).toBe(404);
  } finally {
    await devices.close();
  }
});
