import { startCmsEmulator } from "../../emulator/cms";
import { makeTestCertificate } from "../../emulator/tls";
import { deviceProfilesFrom } from "../../provider/connection";
import { closeAllConnections, retryClock } from "../../provider/device/http";
import { configure } from "../../provider/runtime";
import { PartialFailure } from "../../provider/errors";
import { provider, useTestDevices } from "../support/test-devices";

/** Timeouts, retries, POST recovery, partial failure, the concurrency cap and TLS, against the emulators. */

const space = { name: "Proxy webRTC", uri: "proxywebrtc", callId: "100101", passcode: "1234" };
const turn = {
  serverAddress: "172.16.85.168",
  clientAddress: "10.88.246.156",
  username: "turnuser",
  password: "turn-pw-9",
  type: "expressway",
};

describe("faults on one request", () => {
  const lab = useTestDevices(
    { extraConfig: { "cms:timeoutSeconds": "1", "expresswayE:timeoutSeconds": "1" } },
    { devices: ["cms", "expC", "expE"], faults: true, requests: true },
  );

  const methods = (d: { requests: { method: string; outcome: unknown }[] }) =>
    d.requests.map((r) => `${r.method} ${String(r.outcome)}`);

  test.each(["commitThenDrop", "reset", "error", "busy", "stall"] as const)(
    "POST hit by %s creates exactly one space",
    async (kind) => {
      lab().cms.faults.set({ rules: [{ kind, methods: ["POST"], count: 1, ms: 3_000 }] });
      const p = provider("CmsSpace");
      const created = await p.create((await p.check({}, space)).inputs);
      expect(
        lab()
          .cms.list("coSpaces")
          .map((s) => s.id),
      ).toEqual([created.id]);
    },
  );

  test("commit-then-drop on a POST is resolved by looking the object up, not by posting again", async () => {
    lab().cms.faults.set({ rules: [{ kind: "commitThenDrop", methods: ["POST"], count: 1 }] });
    const p = provider("CmsSpace");
    await p.create((await p.check({}, space)).inputs);
    expect(methods(lab().cms)).toEqual(["POST commitThenDrop", "GET 200", "GET 200"]);
  });

  test("a TURN server (no device-side uniqueness) survives commit-then-drop without a duplicate", async () => {
    lab().cms.faults.set({ rules: [{ kind: "commitThenDrop", methods: ["POST"], count: 1 }] });
    const p = provider("CmsTurnServer");
    await p.create((await p.check({}, turn)).inputs);
    expect(lab().cms.list("turnServers")).toHaveLength(1);
  });

  test("GET, PUT and DELETE are retried on 503, 429 (honouring Retry-After), 500 and reset", async () => {
    const p = provider("CmsSpace");
    const created = await p.create((await p.check({}, space)).inputs);
    lab().cms.faults.set({
      rules: [
        { kind: "busy", methods: ["GET"], count: 1 },
        { kind: "throttle", methods: ["PUT"], count: 1, retryAfterSeconds: 1 },
        { kind: "reset", methods: ["DELETE"], count: 1 },
        { kind: "error", methods: ["GET"], count: 1 },
      ],
    });
    lab().cms.clearRequests();
    expect((await p.read(created.id, created.outs)).id).toBe(created.id);
    const waits = jest.spyOn(retryClock, "sleep");
    try {
      const news = (await p.check({}, { ...space, name: "Renamed" })).inputs;
      await p.update(created.id, created.outs, news);
      // The PUT waited the second the device asked for (observed, not timed).
      expect(waits.mock.calls.map(([ms]) => ms)).toContain(1_000);
    } finally {
      waits.mockRestore();
    }
    await p.delete(created.id, created.outs);
    expect(lab().cms.list("coSpaces")).toHaveLength(0);
    expect(methods(lab().cms)).toEqual([
      "GET 503",
      "GET 500",
      "GET 200",
      "PUT 429",
      "PUT 200",
      "DELETE reset",
      "DELETE 200",
    ]);
  });

  test("a stalled answer ends at the request timeout with a clear error, after bounded retries", async () => {
    lab().config.set("cms:maxRetries", "1");
    try {
      lab().cms.faults.set({ rules: [{ kind: "stall", methods: ["GET"], ms: 10_000 }] });
      const p = provider("CmsSpace");
      await expect(p.read("00000000-0000-4000-8000-000000000000", {})).rejects.toThrow(
        new RegExp(
          'GET /api/v1/coSpaces/[-0-9a-f]+ to device profile "cms" \\(http://127\\.0\\.0\\.1:\\d+\\) failed: ' +
            "no answer within 1 s.*cms:timeoutSeconds.*\\(after 2 attempts\\)",
        ),
      );
      // Counted, not timed: each attempt was cut by the provider's timeout (the emulator would
      // have closed the socket only after 10 s, which reads as a reset, not a timeout).
      expect(methods(lab().cms)).toEqual(["GET stall", "GET stall"]);
    } finally {
      lab().config.delete("cms:maxRetries");
    }
  });

  test("a create that lands but cannot be completed is reported as a partial failure carrying the id", async () => {
    const p = provider("ExpresswayCredential");
    await p.create((await p.check({}, { name: "turnuser", password: "first-pw" })).inputs);
    lab().expE.faults.set({ rules: [{ kind: "unauthorized", methods: ["PUT"], count: 1 }] });
    const error = (await p
      .create((await p.check({}, { name: "turnuser", password: "second-pw", adopt: "andWriteSecrets" })).inputs)
      .catch((e: unknown) => e)) as PartialFailure;
    expect(error).toBeInstanceOf(PartialFailure);
    expect(error.id).toBe("turnuser");
    expect(error.properties?.name).toBe("turnuser");
    expect(error.message).toMatch(
      /adopted local authentication database user "turnuser" .* could not bring it to the declared values: .*HTTP 401/,
    );
    expect(JSON.stringify({ m: error.message, p: error.properties, r: error.reasons })).not.toMatch(
      /second-pw|first-pw/,
    );
  });

  test("requests to one device never exceed its concurrency cap", async () => {
    lab().config.set("cms:maxConcurrency", "2");
    await closeAllConnections();
    try {
      lab().cms.faults.set({ latencyMs: 30 });
      const p = provider("CmsCallMatch");
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          p.check({}, { domain: `d${i}.octavio.com`, priority: i }).then((c) => p.create(c.inputs)),
        ),
      );
      expect(lab().cms.list("inboundDialPlanRules")).toHaveLength(12);
      expect(lab().cms.peakConcurrency()).toBe(2);
    } finally {
      lab().cms.faults.set({ latencyMs: 0 });
      lab().config.delete("cms:maxConcurrency");
      await closeAllConnections();
    }
  });
});

describe("TLS and device settings", () => {
  const tls = makeTestCertificate();
  let cms: Awaited<ReturnType<typeof startCmsEmulator>>;
  const config = new Map<string, string>();
  const profiles = deviceProfilesFrom({ get: (key) => config.get(key) });
  beforeAll(async () => {
    cms = await startCmsEmulator({ tls });
    configure({ config: { get: (key) => config.get(key) } });
  });
  afterAll(async () => {
    await closeAllConnections();
    await cms.close();
  });
  beforeEach(async () => {
    config.clear();
    config.set("cms:url", cms.url);
    config.set("cms:username", cms.username);
    config.set("cms:password", cms.password);
    config.set("cms:maxRetries", "0");
    await closeAllConnections();
  });

  const createSpace = async () => {
    const p = provider("CmsSpace");
    return p.create((await p.check({}, space)).inputs);
  };

  test("HTTPS is verified by default: a self-signed device is refused with a hint to set caCert", async () => {
    await expect(createSpace()).rejects.toThrow(/TLS verification failed .*caCert/);
    expect(cms.requests).toHaveLength(0);
  });

  test("the profile's CA certificate makes the self-signed device trusted", async () => {
    config.set("cms:caCert", tls.cert);
    const created = await createSpace();
    expect(cms.get("coSpaces", created.id)).toBeDefined();
    cms.reset();
  });

  test("insecure: true skips verification and prints a warning", async () => {
    config.set("cms:insecure", "true");
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await createSpace();
      expect(warn.mock.calls.join("\n")).toMatch(/TLS certificate verification is OFF for device profile "cms"/);
    } finally {
      warn.mockRestore();
      cms.reset();
    }
  });

  test.each([
    ["cms:url", "http://cms.octavio.local", /plain http:\/\/ is only allowed for loopback/],
    ["cms:url", "cms.octavio.local:445", /must start with https:\/\//],
    ["cms:url", "https://admin:pw@cms.octavio.local", /holds credentials .*cms:username.*cms:password/],
    ["cms:caCert", "not a pem", /names the CA file "not a pem", which cannot be read \(ENOENT\)/],
    ["cms:insecure", "yes", /must be true or false/],
    ["cms:maxConcurrency", "0", /a number from 1 to 64/],
  ])("%s = %s is refused before any request", async (key, value, message) => {
    config.set(key, value);
    cms.clearRequests();
    expect(() => profiles.resolve("cms")).toThrow(message);
    await expect(createSpace()).rejects.toThrow(message);
    expect(cms.requests).toHaveLength(0);
  });

  test("a missing setting names the key and both ways to set it", () => {
    config.delete("cms:password");
    expect(() => profiles.resolve("cms")).toThrow(
      'Device profile "cms": cms:password is not set: ' +
        "set it with `pulumi config set --secret cms:password <password>` or the environment variable CMS_PASSWORD.",
    );
  });

  test("environment variables are the fallback for stack config", () => {
    config.clear();
    process.env.CMS2_URL = "https://cms2.octavio.local:445";
    process.env.CMS2_USERNAME = "api";
    process.env.CMS2_PASSWORD = "from-env";
    try {
      expect(profiles.resolve("cms2")).toMatchObject({
        url: "https://cms2.octavio.local:445",
        username: "api",
        password: "from-env",
      });
    } finally {
      delete process.env.CMS2_URL;
      delete process.env.CMS2_USERNAME;
      delete process.env.CMS2_PASSWORD;
    }
  });
});
