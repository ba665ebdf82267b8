import { randomBytes } from "node:crypto";
import { type ConnectionSettings, deviceProfilesFrom, envName } from "../../provider/connection";
import { CmsObjects } from "../../provider/device/cms";
import { ExpresswayObjects } from "../../provider/device/expressway";
import * as http from "../../provider/device/http";
import { descriptionFor } from "../../provider/schema";

/**
 * Read-only checks against real devices, run only when asked for: CISCO_EDGE_LIVE=1 plus
 * the settings the provider already reads from the environment (CMS_URL, CMS_USERNAME,
 * CMS_PASSWORD, EXPRESSWAYC_URL..., EXPRESSWAYE_URL..., and optionally *_CA_CERT or
 * *_INSECURE). Without CISCO_EDGE_LIVE=1 the suite is skipped with a printed notice and
 * nothing is contacted; with it, each device whose URL is not set is skipped likewise.
 * Only GET is ever sent: every request goes through the provider's transport, which this
 * suite wraps so that any other method fails the test before it leaves the process.
 */

const LIVE = process.env.CISCO_EDGE_LIVE === "1";
const PROFILES = ["cms", "expresswayC", "expresswayE"] as const;
type LiveProfile = (typeof PROFILES)[number];

const configured = (profile: LiveProfile) => Boolean(process.env[envName(profile, "url")]);

if (!LIVE) {
  console.warn(
    "SKIPPED: the live-device suite needs CISCO_EDGE_LIVE=1 and the device settings in the environment " +
      "(CMS_URL, CMS_USERNAME, CMS_PASSWORD, EXPRESSWAYC_..., EXPRESSWAYE_...); " +
      "none contacted, so that suite is skipped (not passed).",
  );
} else {
  for (const profile of PROFILES.filter((p) => !configured(p)))
    console.warn(`SKIPPED: live checks of profile ${profile}: ${envName(profile, "url")} is not set.`);
}

/** A name no real object carries, so lookups through the device clients find nothing. */
const probeName = `cisco-edge-live-probe-${randomBytes(6).toString("hex")}`;

const describeLive = (profile: LiveProfile) => (LIVE && configured(profile) ? describe : describe.skip);

let settingsOf: (profile: LiveProfile) => ConnectionSettings;
const sent: string[] = [];

if (LIVE) {
  beforeAll(() => {
    // The environment only: no stack config from another suite may point elsewhere.
    const profiles = deviceProfilesFrom(undefined);
    settingsOf = (profile) => profiles.resolve(profile);
    const send = http.send;
    jest.spyOn(http, "send").mockImplementation(async (settings, call) => {
      if (call.method !== "GET") throw new Error(`live suite is read-only: refused ${call.method} ${call.path}`);
      sent.push(`${call.method} ${settings.url}${call.path}`);
      return send(settings, call);
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await http.closeAllConnections();
    console.log(`live suite sent ${sent.length} request(s), all GET:\n  ${sent.join("\n  ")}`);
  });
}

describeLive("cms")("live CMS (read-only)", () => {
  test("GET /api/v1/system/status answers with a <status> document", async () => {
    const answer = await http.send(settingsOf("cms"), { method: "GET", path: "/api/v1/system/status" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/<status[\s>]/);
  });

  test("the CMS client lists coSpaces (filtered by a probe URI) without error", async () => {
    const spaces = new CmsObjects(descriptionFor("CmsSpace"), settingsOf("cms"));
    await expect(spaces.find({ uri: probeName })).resolves.toBeUndefined();
  });
});

for (const profile of ["expresswayC", "expresswayE"] as const) {
  describeLive(profile)(`live ${profile} (read-only)`, () => {
    test("GET /api/provisioning/sysinfo answers with the product name", async () => {
      const answer = await http.send(settingsOf(profile), { method: "GET", path: "/api/provisioning/sysinfo" });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toHaveProperty("ProductName");
    });

    test("GET of the local authentication database lists its users", async () => {
      const path = "/api/provisioning/common/credential";
      const answer = await http.send(settingsOf(profile), { method: "GET", path });
      expect(answer.status).toBe(200);
      expect(Array.isArray(JSON.parse(answer.body))).toBe(true);
    });

    test("the Expressway client looks a user up by name without error", async () => {
      const users = new ExpresswayObjects(descriptionFor("ExpresswayCredential"), undefined, settingsOf(profile));
      await expect(users.find({ name: probeName })).resolves.toBeUndefined();
    });
  });
}
