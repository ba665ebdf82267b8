import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { startCmsEmulator } from "../../emulator/cms";
import { makeTestCertificate } from "../../emulator/tls";
import { DEFAULTS, deviceProfilesFrom } from "../../provider/connection";
import { closeAllConnections } from "../../provider/device/http";
import { configure } from "../../provider/runtime";
import { nearest } from "../../provider/suggest";
import { onDevice, provider, useTestDevices } from "../support/test-devices";

/**
 * Issue 12 on the provider's side (what real `pulumi` users see): values in diff and read,
 * mistakes refused by check before any request, transport errors that name the device,
 * progress while a request waits, and defaults that fail a stalled device in about a minute.
 */

const space = { name: "Proxy webRTC", uri: "proxywebrtc", callId: "100101", passcode: "24681357" };

const lab = useTestDevices();

/** Captures what the provider prints on stderr (the Pulumi CLI shows it as the provider's output). */
async function stderrOf<T>(work: () => Promise<T>): Promise<{ lines: string[]; result?: T; error?: Error }> {
  const lines: string[] = [];
  const spy = jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  });
  try {
    return { lines, result: await work() };
  } catch (error) {
    return { lines, error: error as Error };
  } finally {
    spy.mockRestore();
  }
}

describe("1. drift and planned changes carry values", () => {
  test("diff names each changed property path and how it changes (update, replace)", async () => {
    const p = provider("CmsCallMatch");
    const match = { domain: "cms.octavio.local", priority: 10, resolveToCoSpaces: true };
    const created = await p.create((await p.check({}, match)).inputs);
    const news = (await p.check({}, { ...match, priority: 5 })).inputs;
    const diff = await p.diff(created.id, created.outs, news);
    expect(diff).toMatchObject({ changes: true, diffs: ["priority"], detailedDiff: { priority: { kind: "UPDATE" } } });

    const domain = provider("ExpresswayDomain");
    const d = await domain.create((await domain.check({}, { name: "octavio.local" })).inputs);
    const renamed = await domain.diff(d.id, d.outs, (await domain.check({}, { name: "octavio.net" })).inputs);
    expect(renamed.detailedDiff).toEqual({ name: { kind: "UPDATE_REPLACE", inputDiff: false } });
    await p.delete(created.id, created.outs);
    await domain.delete(d.id, d.outs);
  });

  test("read returns the device's values as outputs and as inputs (secrets only as their digest)", async () => {
    const p = provider("CmsSpace");
    const checked = (await p.check({}, space)).inputs;
    const created = await p.create(checked);
    onDevice(lab(), "CmsSpace", created.id, created.outs).patch({ name: "Renamed" });
    const read = await p.read(created.id, created.outs);
    expect(read.props?.name).toBe("Renamed");
    expect(read.inputs).toMatchObject({ name: "Renamed", uri: "proxywebrtc", callId: "100101" });
    expect(read.inputs?.passcode).toBe(created.outs.passcode);
    expect(JSON.stringify(read)).not.toContain(space.passcode);
    // The next diff (program against the refreshed state) says what changes back.
    const diff = await p.diff(created.id, read.props ?? {}, checked);
    expect(diff).toMatchObject({ changes: true, diffs: ["name"], detailedDiff: { name: { kind: "UPDATE" } } });
    await p.delete(created.id, created.outs);
  });
});

describe("4, 5. check refuses mistakes before any request", () => {
  afterEach(() => {
    for (const [key, value] of saved) lab().config.set(key, value);
    saved.clear();
  });
  const saved = new Map<string, string>();
  const unset = (key: string) => {
    saved.set(key, lab().config.get(key) as string);
    lab().config.delete(key);
  };

  test("an incomplete device profile fails check naming every missing key at once, with zero requests", async () => {
    unset("cms:url");
    unset("cms:password");
    lab().clearRequests();
    const { failures } = await provider("CmsSpace").check({}, space);
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe("profile");
    expect(failures[0].reason).toMatch(/Device profile "cms" has 2 problems/);
    expect(failures[0].reason).toContain("cms:url is not set: set it with `pulumi config set cms:url");
    expect(failures[0].reason).toContain("cms:password is not set: set it with `pulumi config set --secret");
    expect(lab().requestCount()).toBe(0);
    // Resources on a complete profile are not affected.
    expect((await provider("ExpresswayDomain").check({}, { name: "octavio.local" })).failures).toEqual([]);
  });

  test("a CA file that cannot be read is named in check", async () => {
    saved.set("cms:caCert", "");
    lab().config.set("cms:caCert", path.join(os.tmpdir(), "no-such-ca.pem"));
    const { failures } = await provider("CmsSpace").check({}, space);
    expect(failures.map((f) => f.reason).join("\n")).toMatch(
      /names the CA file ".*no-such-ca.pem", which cannot be read/,
    );
    lab().config.delete("cms:caCert");
    saved.delete("cms:caCert");
  });

  test("a CA given as a readable PEM file is accepted", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ca-file-"));
    const file = path.join(dir, "ca.pem");
    fs.writeFileSync(file, makeTestCertificate().cert);
    const profiles = deviceProfilesFrom({ get: (key) => (key === "cms:caCert" ? file : lab().config.get(key)) });
    expect(profiles.problems("cms")).toEqual([]);
    expect(profiles.resolve("cms").caCert).toContain("-----BEGIN CERTIFICATE-----");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ["ExpresswayCredential", "passwrod", "password", { name: "turnuser", passwrod: "x" }],
    [
      "ExpresswayZone",
      "hopcount",
      "hopCount",
      { side: "client", name: "UT Zone", peerAddresses: ["vcse.octavio.com"], hopcount: 15 },
    ],
  ])("%s: the unknown key %s is refused with a suggestion (%s)", async (resource, wrong, right, inputs) => {
    lab().clearRequests();
    const { failures } = await provider(resource).check({}, inputs);
    const failure = failures.find((f) => f.property === wrong);
    expect(failure?.reason).toContain(`no property "${wrong}" (did you mean "${right}"?)`);
    expect(lab().requestCount()).toBe(0);
  });

  test("suggestions are made only for near misses", () => {
    expect(nearest("hopcount", ["hopCount", "name"])).toBe("hopCount");
    expect(nearest("colour", ["hopCount", "name"])).toBeUndefined();
  });
});

describe("3. transport errors name the profile, the URL, the operation, the object and the key to fix", () => {
  test("connection refused", async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const url = lab().config.get("cms:url") as string;
    lab().config.set("cms:url", `http://127.0.0.1:${closed}`);
    lab().config.set("cms:maxRetries", "0");
    try {
      const p = provider("CmsSpace");
      const error = await p.create((await p.check({}, space)).inputs).catch((e: Error) => e);
      expect((error as Error).message).toBe(
        `create CmsSpace "proxywebrtc": POST /api/v1/coSpaces to device profile "cms" (http://127.0.0.1:${closed}) ` +
          "failed: connection refused; check cms:url and that the device's API is running",
      );
    } finally {
      lab().config.set("cms:url", url);
      lab().config.delete("cms:maxRetries");
      await closeAllConnections();
    }
  });

  test("an object recorded at a URL that no longer answers: the error names it, why, and how to move", async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    lab().config.set("cms:maxRetries", "0");
    try {
      const p = provider("CmsSpace");
      const created = await p.create((await p.check({}, space)).inputs);
      // As after an up with a mistyped cms:url that answered, fixed afterwards: state holds the old URL.
      const recorded = { ...created.outs, deviceUrl: `http://127.0.0.1:${closed}` };
      const error = await p.delete(created.id, recorded).catch((e: Error) => e);
      const message = (error as Error).message;
      expect(message).toContain(`(http://127.0.0.1:${closed}) failed: connection refused; check cms:url`);
      expect(message).toContain(
        `http://127.0.0.1:${closed} is the URL recorded in state for this object (an earlier up created it there), ` +
          `not cms:url (${lab().config.get("cms:url")}): if the object now answers at cms:url, run ` +
          "`pulumi config set cms:urlChange same-device` and `pulumi up` to move the objects there first",
      );
      await p.delete(created.id, created.outs);
    } finally {
      lab().config.delete("cms:maxRetries");
      await closeAllConnections();
    }
  });

  test("TLS verification names the profile's own caCert key", async () => {
    const cms = await startCmsEmulator({ tls: makeTestCertificate() });
    const config = new Map([
      ["cms:url", cms.url],
      ["cms:username", cms.username],
      ["cms:password", cms.password],
    ]);
    configure({ config: { get: (key) => config.get(key) } });
    try {
      const p = provider("CmsSpace");
      const error = (await p.create((await p.check({}, space)).inputs).catch((e: Error) => e)) as Error;
      expect(error.message).toContain(`create CmsSpace "proxywebrtc": POST /api/v1/coSpaces to device profile "cms"`);
      expect(error.message).toContain(`(${cms.url})`);
      expect(error.message).toContain("give the device's CA with cms:caCert (`pulumi config set cms:caCert -- \"$(cat");
      expect(error.message).not.toContain("<profile>");
    } finally {
      configure({ config: { get: (key) => lab().config.get(key) } });
      await closeAllConnections();
      await cms.close();
    }
  });
});

describe("2. progress and defaults", () => {
  test("a request that waits prints a line every progressSeconds naming the device and the call", async () => {
    lab().config.set("cms:progressSeconds", "0.1");
    lab().cms.faults.set({ rules: [{ kind: "latency", ms: 800, methods: ["POST"], count: 1 }] });
    try {
      const p = provider("CmsSpace");
      const inputs = (await p.check({}, { ...space, uri: "slowroom", callId: "100199" })).inputs;
      const { lines, result, error } = await stderrOf(() => p.create(inputs));
      expect(error).toBeUndefined();
      const url = lab().config.get("cms:url") as string;
      const waiting = lines.filter((line) => line.startsWith(`waiting for cms ${url} POST /api/v1/coSpaces, `));
      expect(waiting.length).toBeGreaterThan(0);
      expect(waiting[0]).toMatch(/, \d+ s$/);
      if (result) await p.delete(result.id, result.outs);
    } finally {
      lab().cms.faults.set({ rules: [] });
      lab().config.delete("cms:progressSeconds");
    }
  });

  test("a call queued behind the device's cap is not reported as waiting for the device", async () => {
    const p = provider("CmsSpace");
    const existing = await p.create((await p.check({}, { ...space, uri: "queuedroom", callId: "100198" })).inputs);
    lab().config.set("cms:progressSeconds", "0.1");
    lab().config.set("cms:maxConcurrency", "1");
    // The cap is taken when a device's first call is made: start afresh with the new one.
    await closeAllConnections();
    lab().cms.faults.set({ rules: [{ kind: "latency", ms: 800, methods: ["POST"], count: 1 }] });
    try {
      const inputs = (await p.check({}, { ...space, uri: "slowroom2", callId: "100197" })).inputs;
      const { lines, result } = await stderrOf(async () => {
        const slow = p.create(inputs);
        // The read waits in the queue for the slow POST's slot, then is answered at once.
        await new Promise((resolve) => setTimeout(resolve, 50));
        await p.read(existing.id, existing.outs);
        return slow;
      });
      const url = lab().config.get("cms:url") as string;
      expect(lines.filter((line) => line.startsWith(`waiting for cms ${url} POST /api/v1/coSpaces, `))).not.toEqual([]);
      expect(lines.filter((line) => line.includes(`GET /api/v1/coSpaces/${existing.id}`))).toEqual([]);
      if (result) await p.delete(result.id, result.outs);
    } finally {
      lab().cms.faults.set({ rules: [] });
      lab().config.delete("cms:progressSeconds");
      lab().config.delete("cms:maxConcurrency");
      await closeAllConnections();
      await p.delete(existing.id, existing.outs);
    }
  });

  test("defaults fail a stalled device in about a minute: 20 s per request, 60 s for a call with its retries", () => {
    const settings = deviceProfilesFrom({ get: (key) => lab().config.get(key) }).resolve("expresswayC");
    expect(DEFAULTS).toMatchObject({ timeoutSeconds: 20, connectTimeoutSeconds: 5, retryBudgetSeconds: 60 });
    expect(settings).toMatchObject({ timeoutMs: 20_000, connectTimeoutMs: 5_000, retryBudgetMs: 60_000 });
  });

  test("the retry budget ends retries of a stalled device before maxRetries is used up", async () => {
    lab().config.set("cms:timeoutSeconds", "1");
    lab().config.set("cms:maxRetries", "20");
    lab().config.set("cms:retryBudgetSeconds", "2");
    lab().config.set("cms:progressSeconds", "3600");
    lab().cms.faults.set({ rules: [{ kind: "stall", ms: 5_000, methods: ["GET"] }] });
    lab().cms.clearRequests();
    try {
      const p = provider("CmsSpace");
      const error = (await p
        .read("00000000-0000-4000-8000-000000000000", { ...space, deviceUrl: lab().config.get("cms:url") })
        .catch((e: Error) => e)) as Error;
      expect(error.message).toMatch(/no answer within 1 s.*gave up after \d+ attempts?: cms:retryBudgetSeconds is 2/);
      expect(lab().cms.requests.length).toBeLessThan(21);
    } finally {
      lab().cms.faults.set({ rules: [] });
      for (const key of ["timeoutSeconds", "maxRetries", "retryBudgetSeconds", "progressSeconds"])
        lab().config.delete(`cms:${key}`);
      await closeAllConnections();
    }
  });
});

describe("8. adoption says what it will take over before anything is written", () => {
  test("check of a new resource with adopt: true prints the existing object and the values it changes", async () => {
    const p = provider("CmsSpace");
    // Without a passcode: one the device does not show cannot be compared, so adopt: true leaves it.
    const existing = await p.create(
      (await p.check({}, { ...space, name: "Existing room", passcode: undefined })).inputs,
    );
    lab().clearRequests();
    const { lines } = await stderrOf(() => p.check({}, { ...space, adopt: true }));
    expect(lines.join("\n")).toContain(
      `adopt CmsSpace "proxywebrtc": existing object ${existing.id} on ${lab().config.get("cms:url")} ` +
        "will be taken over; " +
        'it changes name: "Existing room" → "Proxy webRTC"; passcode not written: the device does not show it, ' +
        'so the declared value cannot be compared; `adopt: "andWriteSecrets"` writes it',
    );
    expect(lab().cms.requests.every((r) => r.method === "GET")).toBe(true);
    expect(lines.join("\n")).not.toContain(space.passcode);
    // Asked to write secrets: the passcode is announced as a change, its value masked.
    const asked = await stderrOf(() => p.check({}, { ...space, adopt: "andWriteSecrets" }));
    expect(asked.lines.join("\n")).toContain('it changes name: "Existing room" → "Proxy webRTC", passcode: [secret]');
    await p.delete(existing.id, existing.outs);
  });
});
