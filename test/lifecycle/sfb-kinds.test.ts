import { cmsCall, cmsCreate } from "../emulator/client";
import { declare, type KindCase, type KindStack, kindStack, ok, refusedUp, roundTrip } from "./kind-stack";

/**
 * The Skype for Business content kinds (CmsOutboundRule, CmsCallLegProfile, CmsCallProfile,
 * CmsSystemProfiles) where a user meets them: generated classes in a program run by the
 * fake engine, every provider call through the SDK's dynamic-provider host over gRPC,
 * against the CMS emulator (./kind-stack). Each test has its own emulators and state.
 */

const PROJECT = "cisco-edge-sfb-kinds";
const stack = (cmsVersion: string) => kindStack(cmsVersion, PROJECT);

const CASES: readonly KindCase[] = [
  {
    kind: "CmsOutboundRule",
    collection: "outboundDialPlanRules",
    args: {
      domain: "sfb.example.com",
      priority: 10,
      sipProxy: "pool.sfb.example.com",
      trunkType: "lync",
      sipControlEncryption: "encrypted",
      localContactDomain: "cms.example.com",
    },
    change: ["sipProxy", "pool2.sfb.example.com"],
    drift: ["sipControlEncryption", "auto"],
  },
  {
    kind: "CmsCallLegProfile",
    collection: "callLegProfiles",
    args: {
      name: "Skype content",
      presentationContributionAllowed: true,
      presentationViewingAllowed: true,
      sipPresentationChannelEnabled: true,
      bfcpMode: "serverOnly",
    },
    change: ["bfcpMode", "serverAndClient"],
    drift: ["presentationContributionAllowed", "false"],
  },
  {
    kind: "CmsCallProfile",
    collection: "callProfiles",
    args: { participantLimit: 50, lyncConferenceMode: "gateway" },
    change: ["participantLimit", 60],
    drift: ["lyncConferenceMode", "dualHomeCluster"],
  },
];

describe("CmsOutboundRule, CmsCallLegProfile and CmsCallProfile through the engine (CMS 2.9)", () => {
  let s: KindStack;
  beforeAll(async () => {
    s = await stack("2.9");
  });
  afterAll(() => s?.close());

  const title =
    "create, a no-op up with 0 requests, one-field updates with one PUT each, drift shown and repaired, destroy";
  test(title, async () => {
    await roundTrip(s, CASES);
  }, 300_000);
});

describe("CmsSystemProfiles through the engine", () => {
  let s: KindStack;
  beforeAll(async () => {
    s = await stack("2.9");
  });
  afterAll(() => s?.close());

  test("makes the stack's profiles the system default; destroy puts back exactly what it found", async () => {
    const { cms } = s.devices;
    // What the device held before: some other call leg profile as the system's, no call profile.
    const previous = await cmsCreate(cms, "callLegProfiles", { name: "Previous default" });
    expect((await cmsCall(cms, "PUT", "/api/v1/system/profiles", { callLegProfile: previous })).status).toBe(200);
    const found = { ...cms.list("system/profiles")[0].fields };

    const program =
      'const leg = new p.CmsCallLegProfile("leg", ' +
      '{ name: "Skype content", presentationContributionAllowed: true });\n' +
      'const call = new p.CmsCallProfile("call", { lyncConferenceMode: "dualHomeCluster" });\n' +
      'new p.CmsSystemProfiles("system", { callLegProfile: leg.id, callProfile: call.id });';
    ok(await s.run("up", program));
    const leg = cms.list("callLegProfiles").find((x) => x.fields.name === "Skype content");
    const call = cms.list("callProfiles")[0];
    expect(cms.list("system/profiles")[0].fields).toEqual({ callLegProfile: leg?.id, callProfile: call.id });

    const again = ok(await s.run("up", program));
    expect(again.steps.map((step) => step.action)).toEqual(["same", "same", "same"]);
    expect(s.requests()).toEqual([]);

    ok(await s.run("destroy", ""));
    expect(cms.list("system/profiles")[0].fields).toEqual(found);
    expect(cms.list("callLegProfiles").map((x) => x.id)).toEqual([previous]);
    expect(cms.list("callProfiles")).toEqual([]);
  }, 120_000);

  test("a profile id the device does not have is refused by the device, naming it", async () => {
    const before = { ...s.devices.cms.list("system/profiles")[0].fields };
    const result = await s.run(
      "up",
      'new p.CmsSystemProfiles("system", { callLegProfile: "00000000-0000-4000-8000-000000000000" });',
    );
    expect(result.ok).toBe(false);
    expect(result.errors.join("\n")).toMatch(/callLegProfileDoesNotExist/);
    expect(s.devices.cms.list("system/profiles")[0].fields).toEqual(before);
    ok(await s.run("destroy", ""));
  }, 120_000);
});

describe("bad input and releases, refused before any write", () => {
  let s: KindStack;
  beforeAll(async () => {
    s = await stack("2.2");
  });
  afterAll(() => s?.close());

  test.each([
    [
      "CmsOutboundRule",
      { domain: "sfb.example.com", trunkType: "skype" },
      /trunkType "skype" .*one of sip, lync, avaya/,
    ],
    ["CmsCallLegProfile", { bfcpMode: "client" }, /bfcpMode "client" .*serverOnly, serverAndClient/],
    ["CmsCallProfile", { participantLimit: 0 }, /participantLimit 0 .*1 to 10000/],
    ["CmsSystemProfiles", { callProfile: "default" }, /callProfile "default" .*a call profile id/],
  ])(
    "%s with bad input: the field, the value and what is allowed; no request",
    (kind, args, expected) => refusedUp(s, kind, args, expected, "requests"),
    120_000,
  );

  test.each([
    [
      "CmsCallProfile",
      { lyncConferenceMode: "gateway" },
      /CmsCallProfile\.lyncConferenceMode does not exist on CMS 2\.2/,
    ],
    [
      "CmsOutboundRule",
      { domain: "sfb.example.com", callRouting: "traversal" },
      /CmsOutboundRule\.callRouting does not exist on CMS 2\.2/,
    ],
  ])(
    "%s with a field CMS 2.2 lacks: refused naming the field and the release; no write",
    (kind, args, expected) => refusedUp(s, kind, args, expected, "writes"),
    120_000,
  );
});

describe("CmsOutboundRule's natural key decides adoption (the CMS allows duplicates)", () => {
  let s: KindStack;
  beforeAll(async () => {
    s = await stack("2.2");
  });
  afterAll(() => s?.close());

  const title = "an unset priority matches a rule at the device default 0; another priority or tenant is another rule";
  test(title, async () => {
    const { cms } = s.devices;
    const existing = await cmsCreate(cms, "outboundDialPlanRules", { domain: "sfb.example.com", trunkType: "sip" });

    // Declared without a priority: the device's rule (priority 0 by default) is this one.
    const refused = await s.run("up", declare("CmsOutboundRule", { domain: "sfb.example.com", trunkType: "lync" }));
    expect(refused.ok).toBe(false);
    expect(refused.errors.join("\n")).toMatch(/priority 0 \(the device default\).*already exists.*adopt: true/s);
    expect(s.writes()).toEqual([]);

    const adopted = ok(
      await s.run("up", declare("CmsOutboundRule", { domain: "sfb.example.com", trunkType: "lync", adopt: true })),
    );
    expect(adopted.steps[0]).toMatchObject({ action: "adopt", id: existing });
    expect(cms.list("outboundDialPlanRules")).toHaveLength(1);
    ok(await s.run("destroy", ""));
    expect(cms.list("outboundDialPlanRules")).toEqual([]);

    // A rule of a tenant is not the stack's rule without a tenant; a second priority is a second rule.
    const tenantRule = await cmsCreate(cms, "outboundDialPlanRules", { domain: "sfb.example.com" });
    cms.patch("outboundDialPlanRules", tenantRule, { tenant: "7f3c9a2e-5b1d-4c8e-9a6f-2d4e8b1c0a35" });
    ok(
      await s.run(
        "up",
        `${declare("CmsOutboundRule", { domain: "sfb.example.com" }, "first")}\n` +
          declare("CmsOutboundRule", { domain: "sfb.example.com", priority: 5, failureAction: "continue" }, "second"),
      ),
    );
    expect(cms.list("outboundDialPlanRules")).toHaveLength(3);
    ok(await s.run("destroy", ""));
    expect(cms.list("outboundDialPlanRules").map((r) => r.id)).toEqual([tenantRule]);
  }, 120_000);
});
