import { type CmsEmulator, startCmsEmulator } from "../../emulator/cms";
import { cmsCall, cmsCreate } from "./client";

/**
 * The CMS emulator's new collections (TAC 212580's objects) answer like /api/v1 (Cisco's API
 * Blueprint): paging with `total`, duplicates allowed, each collection's own failure tag,
 * references to tenants, call bridges and profiles checked, /system/profiles a singleton.
 */

const CALL_BRIDGE = "1a2b3c4d-0000-4000-8000-000000000001";
const MISSING = "00000000-0000-4000-8000-000000000000";

let cms: CmsEmulator;
beforeAll(async () => {
  cms = await startCmsEmulator({ otherObjects: { callBridges: [CALL_BRIDGE] } });
});
afterAll(() => cms.close());
beforeEach(() => cms.reset());

const tagOf = (body: string) => /<failureDetails><(\w+)/.exec(body)?.[1];

test("outbound rules: duplicates allowed; pages of 10 with the total; list elements domain and priority", async () => {
  for (let i = 0; i < 12; i++) await cmsCreate(cms, "outboundDialPlanRules", { domain: "sfb.example.com" });
  const first = await cmsCall(cms, "GET", "/api/v1/outboundDialPlanRules");
  expect(first.body).toMatch(/^<\?xml version="1\.0"\?><outboundDialPlanRules total="12">/);
  expect(first.body.match(/<outboundDialPlanRule id=/g)).toHaveLength(10);
  expect(first.body).toContain("<domain>sfb.example.com</domain><priority>0</priority></outboundDialPlanRule>");
  const rest = await cmsCall(cms, "GET", "/api/v1/outboundDialPlanRules?offset=10&limit=5");
  expect(rest.body.match(/<outboundDialPlanRule id=/g)).toHaveLength(2);
  const past = await cmsCall(cms, "GET", "/api/v1/outboundDialPlanRules?offset=20");
  expect(past.body).toBe('<?xml version="1.0"?><outboundDialPlanRules total="12"/>');
});

test("an outbound rule's GET: device defaults filled in, empty elements as in the Blueprint's sample", async () => {
  const current = await startCmsEmulator({ cmsVersion: "2.9" });
  try {
    const id = await cmsCreate(current, "outboundDialPlanRules", { domain: "sfb.example.com", trunkType: "lync" });
    const answer = await cmsCall(current, "GET", `/api/v1/outboundDialPlanRules/${id}`);
    expect(answer.body).toBe(
      `<?xml version="1.0"?><outboundDialPlanRule id="${id}"><domain>sfb.example.com</domain>` +
        "<priority>0</priority><trunkType>lync</trunkType><localContactDomain/><localFromDomain/>" +
        "<sipControlEncryption>auto</sipControlEncryption><failureAction>stop</failureAction>" +
        "<scope>global</scope><callRouting>default</callRouting></outboundDialPlanRule>",
    );
  } finally {
    await current.close();
  }
});

test("each collection's own failure tag for an unknown id; enum values refused as parameterError", async () => {
  for (const [collection, tag] of [
    ["outboundDialPlanRules", "outboundDialPlanRuleDoesNotExist"],
    ["callLegProfiles", "callLegProfileDoesNotExist"],
    ["callProfiles", "callProfileDoesNotExist"],
  ]) {
    const answer = await cmsCall(cms, "GET", `/api/v1/${collection}/${MISSING}`);
    expect([answer.status, tagOf(answer.body)]).toEqual([404, tag]);
  }
  const bad = await cmsCall(cms, "POST", "/api/v1/callLegProfiles", { bfcpMode: "client" });
  expect(bad.status).toBe(400);
  expect(bad.body).toContain('<parameterError parameter="bfcpMode" error="invalidValue"');
});

test("references: tenants, call bridges and profiles must exist; clearing one is allowed", async () => {
  const refused = async (collection: string, form: Record<string, string>) =>
    tagOf((await cmsCall(cms, "POST", `/api/v1/${collection}`, form)).body);
  expect(await refused("outboundDialPlanRules", { domain: "a.example.com", tenant: MISSING })).toBe(
    "tenantDoesNotExist",
  );
  expect(await refused("outboundDialPlanRules", { domain: "a.example.com", callBridge: MISSING })).toBe(
    "callBridgeDoesNotExist",
  );
  const tenant = await cmsCreate(cms, "tenants", { name: "Octavio" });
  await cmsCreate(cms, "outboundDialPlanRules", { domain: "a.example.com", tenant, callBridge: CALL_BRIDGE });

  const put = (form: Record<string, string>) => cmsCall(cms, "PUT", "/api/v1/system/profiles", form);
  expect(tagOf((await put({ callLegProfile: MISSING })).body)).toBe("callLegProfileDoesNotExist");
  expect(tagOf((await put({ callProfile: MISSING })).body)).toBe("callProfileDoesNotExist");
  const leg = await cmsCreate(cms, "callLegProfiles", { name: "Skype content" });
  const call = await cmsCreate(cms, "callProfiles", { participantLimit: "50" });
  expect((await put({ callLegProfile: leg, callProfile: call })).status).toBe(200);
  expect((await cmsCall(cms, "GET", "/api/v1/system/profiles")).body).toBe(
    `<?xml version="1.0"?><profiles><callLegProfile>${leg}</callLegProfile>` +
      `<callProfile>${call}</callProfile></profiles>`,
  );
  expect((await put({ callLegProfile: "" })).status).toBe(200);
  expect(cms.list("system/profiles")[0].fields).toEqual({ callProfile: call });
});

test("release awareness: CMS 2.2 has no lyncConferenceMode (2.3) and no callRouting (2.4)", async () => {
  const old = await startCmsEmulator({ cmsVersion: "2.2" });
  try {
    const answer = await cmsCall(old, "POST", "/api/v1/callProfiles", { lyncConferenceMode: "gateway" });
    expect(answer.body).toContain('<parameterError parameter="lyncConferenceMode" error="unknownParameter"');
    const rule = await cmsCall(old, "POST", "/api/v1/outboundDialPlanRules", { domain: "a.b", callRouting: "default" });
    expect(rule.body).toContain('<parameterError parameter="callRouting" error="unknownParameter"');
  } finally {
    await old.close();
  }
});
