import {
  type ExpresswayEmulator,
  type ExpresswayEmulatorOptions,
  startExpresswayEmulator,
} from "../../emulator/expressway";
import type { PropertyMap } from "../../provider/described-provider";
import { startEmulatorServer } from "../../emulator/server";
import { deviceProfilesFrom } from "../../provider/connection";
import { forgetDeviceFacts } from "../../provider/device/preflight";
import { deviceVersion, forgetDeviceVersions } from "../../provider/device/version";
import { UNKNOWN } from "../../provider/unknown";
import { expresswayCall } from "../emulator/client";
import { provider, startTestDevices, type TestDevices, useTestDevices } from "../support/test-devices";

/**
 * Which release the device runs decides what may be sent: refusals name the field and the
 * release, in check when `<profile>:version` states it (no request), otherwise before any
 * write (the release read once from the device). Against both CMS emulator releases.
 */

const bridge2 = { url: "https://cms.octavio.local", idEntryMode: "secure", allowWeblinkAccess: true };
const bridge3 = { url: "c2w://cms.octavio.local:9999", webBridgeProfile: "0d9e8f7a-6b5c-4d3e-9f1a-2b3c4d5e6f70" };
const xmpp = { domain: "cms.octavio.local", uniqueName: "cb1" };
const turnServer = {
  serverAddress: "172.16.85.168",
  clientAddress: "10.88.246.156",
  username: "turnuser",
  password: "pw-1",
};

function writes(lab: TestDevices): number {
  return [lab.cms, lab.expC, lab.expE].reduce((n, d) => n + d.requests.filter((r) => r.method !== "GET").length, 0);
}

/**
 * Refused by check already (so by preview: the release read from the device) unless `inCheck` is
 * false (only the write's own 404 can tell), and by create itself, with no write.
 */
async function refusedBeforeWrite(
  lab: TestDevices,
  resource: string,
  inputs: PropertyMap,
  message: RegExp,
  inCheck = true,
) {
  const p = provider(resource);
  lab.clearRequests();
  const checked = await p.check({}, inputs);
  if (inCheck) expect(checked.failures.map((f) => f.reason).join("; ")).toMatch(message);
  else expect(checked.failures).toEqual([]);
  await expect(p.create(checked.inputs)).rejects.toThrow(message);
  expect(writes(lab)).toBe(0);
}

/** A second Expressway-E with its own emulator options, reached through profile "turnE". */
async function onOtherExpresswayE(
  options: Omit<ExpresswayEmulatorOptions, "personality">,
  body: (other: ExpresswayEmulator) => Promise<void>,
): Promise<void> {
  const other = await startExpresswayEmulator({ personality: "E", ...options });
  const lab = await startTestDevices({
    extraConfig: { "turnE:url": other.url, "turnE:username": other.username, "turnE:password": other.password },
  });
  try {
    await body(other);
  } finally {
    await lab.close();
    await other.close();
  }
}

describe("CMS 2.2 (the guide's)", () => {
  const lab = useTestDevices({ cmsVersion: "2.2" });

  test("a 3.x-only field is refused before any write, naming field and release", async () => {
    await refusedBeforeWrite(
      lab(),
      "CmsWebBridge",
      { url: "https://cms.octavio.local", webBridgeProfile: bridge3.webBridgeProfile },
      /CmsWebBridge\.webBridgeProfile does not exist on CMS 2\.2\.1 \(it exists from CMS 3\.0 on\)/,
    );
  });

  test("a 3.x web bridge url (c2w://) is refused on 2.x, saying what is required", async () => {
    await refusedBeforeWrite(
      lab(),
      "CmsWebBridge",
      { url: bridge3.url },
      /CmsWebBridge\.url "c2w:\/\/cms\.octavio\.local:9999" does not fit CMS 2\.2\.1: https:\/\/host\[:port\]/,
    );
  });

  test("TURN type expressway (2.8+) is refused, with the device default named", async () => {
    await refusedBeforeWrite(
      lab(),
      "CmsTurnServer",
      { ...turnServer, type: "expressway" },
      /CmsTurnServer\.type value "expressway" does not exist on CMS 2\.2\.1 .*from CMS 2\.8 on.*default is "standard"/,
    );
  });

  test("the 2.x shapes are created: web bridge with guest settings, XMPP settings", async () => {
    const p = provider("CmsWebBridge");
    const { id } = await p.create((await p.check({}, bridge2)).inputs);
    expect(lab().cms.get("webBridges", id)?.fields).toMatchObject({ idEntryMode: "secure" });
    const x = provider("CmsXmppSettings");
    await x.create((await x.check({}, xmpp)).inputs);
    expect(lab().cms.list("system/configuration/xmpp")[0].fields).toMatchObject({ domain: "cms.octavio.local" });
  });

  test("the release is asked once per profile", async () => {
    forgetDeviceVersions();
    lab().clearRequests();
    const p = provider("CmsWebBridge");
    await p.create((await p.check({}, { url: "https://cms2.octavio.local", showSignIn: false })).inputs);
    await p.create((await p.check({}, { url: "https://cms3.octavio.local", showSignIn: false })).inputs);
    expect(lab().cms.requests.filter((r) => r.path === "/api/v1/system/status")).toHaveLength(1);
  });

  test("check's read of the device before any write serves create's release check: one GET, not two", async () => {
    forgetDeviceFacts();
    forgetDeviceVersions();
    lab().clearRequests();
    const p = provider("CmsWebBridge");
    await p.create((await p.check({}, { url: "https://cms4.octavio.local", showSignIn: false })).inputs);
    expect(lab().cms.requests.filter((r) => r.path === "/api/v1/system/status")).toHaveLength(1);
    expect(
      lab()
        .cms.list("webBridges")
        .map((b) => b.fields.url),
    ).toContain("https://cms4.octavio.local");
  });
});

describe("what the release is asked for", () => {
  const lab = useTestDevices({ cmsVersion: "2.2" });

  test("an update changing only fields every release has asks no release", async () => {
    const p = provider("CmsCallMatch");
    const inputs = { domain: "cms.octavio.local", resolveToUsers: false, priority: 1 };
    const created = await p.create((await p.check({}, inputs)).inputs);
    forgetDeviceVersions();
    lab().clearRequests();
    await p.update(created.id, created.outs, (await p.check({}, { ...inputs, priority: 2 })).inputs);
    expect(lab().cms.requests.map((r) => r.path)).not.toContain("/api/v1/system/status");
  });
});

describe("a CMS 2.2 <profile>:version setting", () => {
  const lab = useTestDevices({ cmsVersion: "2.2", extraConfig: { "cms:version": "2.2.1" } });

  test("an enum value only later releases have (TURN type expressway) is refused in check, no request", async () => {
    lab().clearRequests();
    const { failures } = await provider("CmsTurnServer").check({}, { ...turnServer, type: "expressway" });
    expect(failures).toEqual([
      { property: "type", reason: expect.stringMatching(/type value "expressway" does not exist on CMS 2\.2\.1/) },
    ]);
    expect(lab().requestCount()).toBe(0);
  });

  test("a 3.x-only field whose value is unknown in preview passes: it may resolve to nothing", async () => {
    const { failures } = await provider("CmsWebBridge").check({}, { url: bridge2.url, webBridgeProfile: UNKNOWN });
    expect(failures).toEqual([]);
  });
});

describe("CMS 3.8", () => {
  const lab = useTestDevices({ cmsVersion: "3.8" });

  test.each([
    ["idEntryMode", "secure"],
    ["allowWeblinkAccess", true],
    ["showSignIn", true],
    ["resolveCoSpaceCallIds", true],
    ["resolveLyncConferenceIds", false],
    ["resourceArchive", "https://cms.octavio.local/a.zip"],
  ] as const)("2.x-only web bridge field %s is refused before any write", async (field, value) => {
    await refusedBeforeWrite(
      lab(),
      "CmsWebBridge",
      { url: bridge3.url, [field]: value },
      new RegExp(`CmsWebBridge\\.${field} does not exist on CMS 3\\.8\\.0 \\(it exists before CMS 3\\.0 only`),
    );
  });

  test("a 2.x web bridge url (https://) is refused on 3.x", async () => {
    await refusedBeforeWrite(
      lab(),
      "CmsWebBridge",
      bridge2,
      /url "https:\/\/cms\.octavio\.local" does not fit CMS 3\.8\.0/,
    );
  });

  test("XMPP settings (2.x only) are refused as an object, saying what to do", async () => {
    await refusedBeforeWrite(
      lab(),
      "CmsXmppSettings",
      xmpp,
      /the device runs CMS 3\.8\.0, which has no API for XMPP settings .*leave this resource out/,
    );
  });

  test("resolveToUsers (removed in 3.0) is refused on a call match rule", async () => {
    await refusedBeforeWrite(
      lab(),
      "CmsCallMatch",
      { domain: "cms.octavio.local", resolveToUsers: false },
      /CmsCallMatch\.resolveToUsers does not exist on CMS 3\.8\.0/,
    );
  });

  test("a release request the device refuses (HTTP 401) is not remembered", async () => {
    forgetDeviceVersions();
    const saved = lab().config.get("cms:password") as string;
    const inputs = { url: bridge3.url, showSignIn: true };
    const p = provider("CmsWebBridge");
    lab().config.set("cms:password", "wrong-password");
    try {
      await expect(p.create((await p.check({}, inputs)).inputs)).rejects.toThrow(/HTTP 401/);
    } finally {
      lab().config.set("cms:password", saved);
    }
    await refusedBeforeWrite(lab(), "CmsWebBridge", inputs, /showSignIn does not exist on CMS 3\.8\.0/);
  });

  test("the 3.x web bridge shape is created", async () => {
    const p = provider("CmsWebBridge");
    const { id } = await p.create((await p.check({}, bridge3)).inputs);
    expect(lab().cms.get("webBridges", id)?.fields).toMatchObject(bridge3);
  });
});

describe("a <profile>:version setting refuses in check, with zero requests", () => {
  const lab = useTestDevices({
    cmsVersion: "3.8",
    expresswayVersion: "X8.9.2",
    extraConfig: { "cms:version": "3.8.0", "expresswayE:version": "X8.9.2" },
  });

  test.each([
    ["CmsWebBridge", { url: bridge3.url, showSignIn: true }, "showSignIn", /showSignIn does not exist on CMS 3\.8\.0/],
    ["CmsXmppSettings", xmpp, "profile", /no API for XMPP settings/],
    [
      "ExpresswayTurn",
      { services: true },
      "profile",
      new RegExp(
        "Expressway X8\\.9\\.2, which has no API for TURN settings \\(it exists from Expressway X8\\.11 on\\)\\. " +
          "Configure it by hand instead on the Expressway-E web UI, Configuration > Traversal > TURN",
      ),
    ],
  ] as const)("%s", async (resource, inputs, property, reason) => {
    lab().clearRequests();
    const { failures } = await provider(resource).check({}, inputs);
    expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
    expect(lab().requestCount()).toBe(0);
  });

  test("with the setting, the release is read once, by check, to compare; create asks no more", async () => {
    lab().clearRequests();
    const p = provider("CmsWebBridge");
    await p.create((await p.check({}, bridge3)).inputs);
    const asked = lab().cms.requests.filter((r) => r.path === "/api/v1/system/status");
    expect(asked).toHaveLength(1);
    expect(lab().cms.list("webBridges")).toHaveLength(1);
  });

  test("a version setting that is not a release is refused naming the key", async () => {
    const bad = await startTestDevices({ extraConfig: { "cms:version": "latest" } });
    try {
      const p = provider("CmsWebBridge");
      await expect(p.create((await p.check({}, bridge2)).inputs)).rejects.toThrow(
        /cms:version is "latest"; a software release such as 2\.2\.1/,
      );
    } finally {
      await bad.close();
    }
  });
});

describe("Expressway-E TURN by release", () => {
  test("X8.9.2 (the guide's) has no TURN path: refused before any write, naming the manual step", async () => {
    const lab = await startTestDevices({ expresswayVersion: "X8.9.2" });
    try {
      await refusedBeforeWrite(
        lab,
        "ExpresswayTurn",
        { services: true },
        /Expressway X8\.9\.2, which has no API for TURN settings.*Configuration > Traversal > TURN/,
      );
    } finally {
      await lab.close();
    }
  });

  test("X8.10 (the sources stop short of it): the device is asked, and its 404 names the manual step", async () => {
    const lab = await startTestDevices({ expresswayVersion: "X8.10.4" });
    try {
      await refusedBeforeWrite(
        lab,
        "ExpresswayTurn",
        { services: true },
        /has no API path \/api\/provisioning\/edge\/traversal\/turn \(HTTP 404\).*Configuration > Traversal > TURN/,
        false,
      );
      expect(lab.expE.requests.map((r) => `${r.method} ${r.path}`)).toContain(
        "GET /api/provisioning/edge/traversal/turn",
      );
    } finally {
      await lab.close();
    }
  });

  test("when the device does not tell its release, the missing path's 404 still names the manual step", async () => {
    const lab = await startTestDevices({
      expresswayVersion: "X8.9.2",
      faults: {
        rules: [
          { kind: "foreign404", methods: ["GET"], path: "/api/provisioning/sysinfo" },
          { kind: "foreign404", methods: ["GET"], path: "/status.xml" },
        ],
      },
    });
    try {
      await refusedBeforeWrite(
        lab,
        "ExpresswayTurn",
        { services: true },
        /has no API path \/api\/provisioning\/edge\/traversal\/turn \(HTTP 404\).*Configuration > Traversal > TURN/,
        false,
      );
    } finally {
      await lab.close();
    }
  });

  test.each([
    ["a decoy version key first", (release: string) => ({ HardwareVersion: "1.0", SoftwareVersion: release })],
    ["no version in sysinfo: /status.xml's", () => ({ ProductName: "Cisco Expressway-E" })],
  ])("the release is found with %s", async (_case, sysinfo) => {
    await onOtherExpresswayE({ version: "X8.9.2", sysinfo }, async (other) => {
      const p = provider("ExpresswayTurn");
      await expect(p.create((await p.check({}, { profile: "turnE", services: true })).inputs)).rejects.toThrow(
        /Expressway X8\.9\.2, which has no API for TURN settings/,
      );
      const asked = other.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`);
      expect(asked).not.toContain("GET /api/provisioning/edge/traversal/turn");
      // Check's sysinfo read serves create's release check too; /status.xml only where it does not say.
      expect(asked.filter((line) => line === "GET /api/provisioning/sysinfo")).toHaveLength(1);
      expect(asked.filter((line) => line === "GET /status.xml")).toHaveLength("SoftwareVersion" in sysinfo("") ? 0 : 1);
    });
  });

  test("unknown names: the fields are mapped by the names the device returns", async () => {
    await onOtherExpresswayE(
      {
        wireNames: { ExpresswayTurn: { services: "TURNServices", requestsPort: "Port", authenticationRealm: "Realm" } },
      },
      async (other) => {
        const p = provider("ExpresswayTurn");
        const inputs = { profile: "turnE", services: true, requestsPort: 3478, authenticationRealm: "turnuser" };
        const { id, outs } = await p.create((await p.check({}, inputs)).inputs);
        expect((await expresswayCall(other, "GET", "edge/traversal/turn")).body).toMatchObject({
          TURNServices: "On",
          Port: 3478,
          Realm: "turnuser",
        });
        other.clearRequests();
        const news = (await p.check({}, { ...inputs, authenticationRealm: "octavio" })).inputs;
        await p.update(id, outs, news);
        expect(other.requests.filter((r) => r.method === "PUT").map((r) => r.body)).toEqual(['{"Realm":"octavio"}']);
        await p.delete(id, outs);
        expect((await expresswayCall(other, "GET", "edge/traversal/turn")).body).toMatchObject({
          TURNServices: "Off",
          Realm: "TANDBERG",
        });
      },
    );
  });

  test("names differing only in letter case are the device's names", async () => {
    await onOtherExpresswayE(
      { wireNames: { ExpresswayTurn: { services: "turnservices", requestsPort: "TURNREQUESTSPORT" } } },
      async (other) => {
        const p = provider("ExpresswayTurn");
        await p.create((await p.check({}, { profile: "turnE", services: true, requestsPort: 3479 })).inputs);
        expect((await expresswayCall(other, "GET", "edge/traversal/turn")).body).toMatchObject({
          turnservices: "On",
          TURNREQUESTSPORT: 3479,
        });
      },
    );
  });

  test("a declared field the device has no name for fails, listing the keys the device returned", async () => {
    await onOtherExpresswayE({ wireNames: { ExpresswayTurn: { services: "TurnOnOffSwitch" } } }, async (other) => {
      const p = provider("ExpresswayTurn");
      other.clearRequests();
      await expect(p.create((await p.check({}, { profile: "turnE", services: true })).inputs)).rejects.toThrow(
        /returned no field for services .*device returned the keys: TurnOnOffSwitch, RequestsPort, AuthenticationRealm/,
      );
      expect(other.requests.filter((r) => r.method !== "GET")).toEqual([]);
    });
  });
});

test("an Expressway sysinfo answered as a one-element list still tells the release", async () => {
  const device = await startEmulatorServer({
    name: "list-answering-expressway",
    username: "admin",
    password: "pw",
    handler: () => ({
      status: 200,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify([{ SerialNumber: "52A0B1C2", SoftwareVersion: "X8.9.2" }]),
    }),
  });
  try {
    const config: Record<string, string> = { "e:url": device.url, "e:username": "admin", "e:password": "pw" };
    forgetDeviceVersions();
    const version = await deviceVersion(deviceProfilesFrom({ get: (key) => config[key] }).resolve("e"), "expressway");
    expect(version).toMatch(/^X?8\.9\.2$/i);
  } finally {
    await device.close();
  }
});

describe("a one-part <profile>:version (3, X8) is the release at create and update too (issue 24 item 4)", () => {
  const lab = useTestDevices({
    cmsVersion: "3.8",
    expresswayVersion: "X8.9.2",
    extraConfig: { "cms:version": "3", "expresswayE:version": "X8" },
  });

  test("check and create refuse what release 3 lacks, asking the device nothing", async () => {
    const p = provider("CmsCallMatch");
    const declared = { domain: "onepart.octavio.local", resolveToUsers: false };
    expect((await p.check({}, declared)).failures).toEqual([
      { property: "resolveToUsers", reason: expect.stringMatching(/does not exist on CMS 3\b/) },
    ]);
    // A value unknown in preview passes check; create gets it once it is known.
    lab().clearRequests();
    await expect(p.create(declared)).rejects.toThrow(/CmsCallMatch\.resolveToUsers does not exist on CMS 3\b/);
    expect(lab().requestCount()).toBe(0);
  });

  test("create refuses an object release X8 lacks (TURN settings), asking the device nothing", async () => {
    lab().clearRequests();
    await expect(provider("ExpresswayTurn").create({ services: true })).rejects.toThrow(
      /Expressway X8, which has no API for TURN settings/,
    );
    expect(lab().requestCount()).toBe(0);
  });

  test("update refuses a field release 3 lacks before any write", async () => {
    const p = provider("CmsCallMatch");
    const declared = { domain: "onepart2.octavio.local" };
    const created = await p.create((await p.check({}, declared)).inputs);
    lab().clearRequests();
    await expect(p.update(created.id, created.outs, { ...declared, resolveToUsers: false })).rejects.toThrow(
      /CmsCallMatch\.resolveToUsers does not exist on CMS 3\b/,
    );
    expect(writes(lab())).toBe(0);
  });
});
