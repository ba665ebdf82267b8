import { type ExpresswayEmulator, startExpresswayEmulator } from "../../emulator/expressway";

const DOMAIN = "common/domain";
const CREDENTIAL = "common/credential";
const ZONE_C = "controller/zone/unifiedcommunicationstraversal";
const ZONE_E = "edge/zone/unifiedcommunicationstraversal";

type Json = unknown;
interface Answer {
  status: number;
  contentType: string | null;
  body: Json;
}

function authHeader(emulator: ExpresswayEmulator, password = emulator.password): string {
  return `Basic ${Buffer.from(`${emulator.username}:${password}`).toString("base64")}`;
}

async function call(
  emulator: ExpresswayEmulator,
  method: string,
  path: string,
  body?: Json,
  options: { prefix?: string; password?: string; raw?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { Authorization: authHeader(emulator, options.password) };
  let payload: string | undefined = options.raw;
  if (body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${emulator.url}${options.prefix ?? "/api/provisioning/"}${path}`, {
    method,
    headers,
    body: payload,
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    body: text === "" ? undefined : (JSON.parse(text) as Json),
  };
}

const get = (e: ExpresswayEmulator, path: string) => call(e, "GET", path);
const post = (e: ExpresswayEmulator, path: string, body: Json) => call(e, "POST", path, body);
const put = (e: ExpresswayEmulator, path: string, body: Json) => call(e, "PUT", path, body);
const del = (e: ExpresswayEmulator, path: string, body?: Json) => call(e, "DELETE", path, body);

const OK = { Message: "The operation was successful" };

const zoneC = (name: string) => ({
  Name: name,
  PeerAddress: ["expe1.example.com", "expe2.example.com"],
  AuthenticationUserName: "traversal",
  AuthenticationPassword: "s3cret!",
});

let c: ExpresswayEmulator;
let e: ExpresswayEmulator;

beforeAll(async () => {
  [c, e] = await Promise.all([
    startExpresswayEmulator({ personality: "C" }),
    startExpresswayEmulator({ personality: "E" }),
  ]);
});

afterAll(async () => {
  await Promise.all([c?.close(), e?.close()]);
});

beforeEach(() => {
  c.reset();
  e.reset();
});

describe("transport", () => {
  test("wrong or missing credentials answer 401", async () => {
    expect((await call(c, "GET", DOMAIN, undefined, { password: "wrong" })).status).toBe(401);
    const response = await fetch(`${c.url}/api/provisioning/${DOMAIN}`);
    expect(response.status).toBe(401);
  });

  test("both path prefixes, sysinfo and 404 for unknown paths", async () => {
    await post(c, DOMAIN, { Name: "a.example.com" });
    const plain = await get(c, DOMAIN);
    const versioned = await call(c, "GET", DOMAIN, undefined, { prefix: "/api/v1/provisioning/" });
    expect(plain.status).toBe(200);
    expect(plain.contentType).toMatch(/^application\/json/);
    expect(versioned).toEqual(plain);

    expect(await get(c, "sysinfo")).toMatchObject({
      status: 200,
      body: { ProductName: "Cisco Expressway-C", SoftwareVersion: "X8.11.4" },
    });
    const sysE = await call(e, "GET", "sysinfo", undefined, { prefix: "/api/v1/provisioning/" });
    expect(sysE.body).toMatchObject({ ProductName: "Cisco Expressway-E", SerialNumber: expect.any(String) });

    expect(await get(c, "common/nosuchthing")).toEqual({
      status: 404,
      contentType: "application/json",
      body: { Message: "Not found" },
    });
    expect((await call(c, "GET", DOMAIN, undefined, { prefix: "/api/v2/provisioning/" })).status).toBe(404);
  });

  test("a path of the other personality answers 404", async () => {
    expect(await get(e, ZONE_C)).toMatchObject({ status: 404, body: { Message: "Not found" } });
    expect((await post(e, ZONE_C, zoneC("z"))).status).toBe(404);
    expect((await get(c, ZONE_E)).status).toBe(404);
    expect(() => e.list(ZONE_C)).toThrow();
  });
});

describe("domains", () => {
  test("create, get, get by name, modify, delete on C with On/Off and defaults", async () => {
    expect(await post(c, DOMAIN, { Name: "octavio.local" })).toMatchObject({ status: 201, body: OK });
    expect(
      (await post(c, DOMAIN, { Name: "edge.example.com", EdgeSip: "On", Sip: "Off", XmppFederation: "On" })).status,
    ).toBe(201);

    const all = await get(c, DOMAIN);
    expect(all.status).toBe(200);
    expect(all.body).toEqual([
      { Name: "octavio.local", Sip: "On", EdgeSip: "Off", EdgeXmpp: "Off", XmppFederation: "Off" },
      { Name: "edge.example.com", Sip: "Off", EdgeSip: "On", EdgeXmpp: "Off", XmppFederation: "On" },
    ]);
    // Description order of keys.
    expect(Object.keys((all.body as object[])[0])).toEqual(["Name", "Sip", "EdgeSip", "EdgeXmpp", "XmppFederation"]);

    expect((await get(c, `${DOMAIN}/name/edge.example.com`)).body).toEqual([(all.body as object[])[1]]);
    expect((await get(c, `${DOMAIN}/name/EDGE.example.com`)).body).toEqual([]);
    expect(await get(c, `${DOMAIN}/name/nothing.example.com`)).toMatchObject({ status: 200, body: [] });

    expect(await put(c, DOMAIN, { Name: "octavio.local", EdgeXmpp: "On" })).toMatchObject({ status: 200, body: OK });
    expect((await get(c, `${DOMAIN}/name/octavio.local`)).body).toEqual([
      { Name: "octavio.local", Sip: "On", EdgeSip: "Off", EdgeXmpp: "On", XmppFederation: "Off" },
    ]);

    // A domain has no New_Name (renaming replaces it).
    expect((await put(c, DOMAIN, { Name: "octavio.local", New_Name: "x.local" })).status).toBe(400);

    expect(await del(c, DOMAIN, { Name: "octavio.local" })).toMatchObject({ status: 200, body: OK });
    expect(c.list(DOMAIN).map((d) => d.Name)).toEqual(["edge.example.com"]);
  });

  test("get by name is percent-decoded and exact", async () => {
    await post(c, DOMAIN, { Name: "a b/c" });
    expect((await get(c, `${DOMAIN}/name/${encodeURIComponent("a b/c")}`)).body).toEqual([
      expect.objectContaining({ Name: "a b/c" }),
    ]);
  });

  test("Expressway-E refuses domains and lists none", async () => {
    const refusal = { status: 400, body: { Message: "You cannot configure domains on an Expressway-E" } };
    expect(await post(e, DOMAIN, { Name: "octavio.local" })).toMatchObject(refusal);
    expect(await put(e, DOMAIN, { Name: "octavio.local", Sip: "Off" })).toMatchObject(refusal);
    expect(await get(e, DOMAIN)).toMatchObject({ status: 200, body: [] });
    expect(e.list(DOMAIN)).toEqual([]);
  });
});

describe("unified communications traversal zones", () => {
  test("C side: PeerAddress array, password never returned, defaults, Status Active", async () => {
    expect((await post(c, ZONE_C, zoneC("MRA to E"))).status).toBe(201);
    const { body } = await get(c, `${ZONE_C}/name/${encodeURIComponent("MRA to E")}`);
    expect(body).toEqual([
      {
        Status: "Active",
        Name: "MRA to E",
        PeerAddress: ["expe1.example.com", "expe2.example.com"],
        AuthenticationUserName: "traversal",
        SIPPort: 7001,
        HopCount: 15,
        AuthenticationMode: "DoNotCheckCredentials",
        AcceptProxiedRegistrations: "Allow",
        SIPMediaICESupport: "Off",
        SIPMultistreamMode: "On",
        SIPPoisonMode: "Off",
        SIPPreloadedSipRoutesSupport: "Off",
        SIPParameterPreservationMode: "Off",
        RetryInterval: 120,
      },
    ]);
    expect(JSON.stringify(body)).not.toContain("s3cret!");
    expect(c.list(ZONE_C)[0].AuthenticationPassword).toBe("s3cret!");

    // A server-side field does not exist on the client side.
    expect((await post(c, ZONE_C, { ...zoneC("other"), SIPTLSVerifySubjectName: "c.example.com" })).status).toBe(400);
  });

  test("E side: SIPTLSVerifySubjectName and no client-only fields", async () => {
    const zone = {
      Name: "MRA from C",
      AuthenticationUserName: "traversal",
      SIPTLSVerifySubjectName: "expc.example.com",
      HopCount: 30,
    };
    expect((await post(e, ZONE_E, zone)).status).toBe(201);
    const [read] = (await get(e, ZONE_E)).body as Record<string, unknown>[];
    expect(read).toMatchObject({ Status: "Active", ...zone, SIPPort: 7001, SIPMultistreamMode: "On" });
    expect(read).not.toHaveProperty("RetryInterval");
    expect(read).not.toHaveProperty("PeerAddress");

    const missing = await post(e, ZONE_E, { Name: "x", AuthenticationUserName: "traversal" });
    expect(missing).toMatchObject({
      status: 400,
      body: { Message: "'SIPTLSVerifySubjectName' is a required property" },
    });
    const clientOnly = await post(e, ZONE_E, { ...zone, Name: "y", PeerAddress: ["a"] });
    expect(clientOnly).toMatchObject({
      status: 400,
      body: { Message: "Additional properties are not allowed ('PeerAddress' was unexpected)" },
    });
  });

  test("rename with New_Name; a taken new name is refused", async () => {
    await post(c, ZONE_C, zoneC("one"));
    await post(c, ZONE_C, zoneC("two"));
    expect(await put(c, ZONE_C, { Name: "one", New_Name: "three", HopCount: 20 })).toMatchObject({
      status: 200,
      body: OK,
    });
    expect(c.list(ZONE_C).map((z) => [z.Name, z.HopCount])).toEqual([
      ["three", 20],
      ["two", 15],
    ]);
    const taken = await put(c, ZONE_C, { Name: "three", New_Name: "two" });
    expect(taken.status).toBe(400);
    expect((taken.body as { Message: string }).Message).toContain("already exists");
    expect(c.list(ZONE_C).map((z) => z.Name)).toEqual(["three", "two"]);
    // New_Name is a modify-only property.
    expect((await post(c, ZONE_C, { ...zoneC("four"), New_Name: "five" })).status).toBe(400);
    // An unknown zone.
    const unknown = await put(c, ZONE_C, { Name: "nope", HopCount: 3 });
    expect(unknown).toMatchObject({ status: 400, body: { Message: expect.stringContaining("does not exist") } });
  });

  test("invalid bodies answer 400 with a Message and change nothing", async () => {
    await post(c, ZONE_C, zoneC("base"));
    const before = c.list(ZONE_C);
    const cases: [string, string, Json, string][] = [
      ["POST", "HopCount 0", { ...zoneC("z"), HopCount: 0 }, "HopCount: 0 is less than the minimum of 1"],
      ["POST", "HopCount 256", { ...zoneC("z"), HopCount: 256 }, "HopCount: 256 is greater than the maximum of 255"],
      ["POST", "HopCount as string", { ...zoneC("z"), HopCount: "15" }, "HopCount: '15' is not of type 'integer'"],
      [
        "POST",
        "SIPPort 65536",
        { ...zoneC("z"), SIPPort: 65536 },
        "SIPPort: 65536 is greater than the maximum of 65535",
      ],
      [
        "POST",
        "Yes for On/Off",
        { ...zoneC("z"), SIPPoisonMode: "Yes" },
        "SIPPoisonMode: 'Yes' is not one of ['On', 'Off']",
      ],
      [
        "POST",
        "boolean for On/Off",
        { ...zoneC("z"), SIPPoisonMode: true },
        "SIPPoisonMode: True is not one of ['On', 'Off']",
      ],
      [
        "POST",
        "bad enum",
        { ...zoneC("z"), AcceptProxiedRegistrations: "allow" },
        "AcceptProxiedRegistrations: 'allow' is not one of ['Allow', 'Deny']",
      ],
      [
        "POST",
        "unknown property",
        { ...zoneC("z"), Foo: 1 },
        "Additional properties are not allowed ('Foo' was unexpected)",
      ],
      [
        "POST",
        "read-only Status",
        { ...zoneC("z"), Status: "Active" },
        "Additional properties are not allowed ('Status' was unexpected)",
      ],
      [
        "POST",
        "missing required",
        { Name: "z", PeerAddress: ["a"], AuthenticationUserName: "t" },
        "'AuthenticationPassword' is a required property",
      ],
      ["POST", "empty PeerAddress", { ...zoneC("z"), PeerAddress: [] }, "PeerAddress: [] is too short"],
      [
        "POST",
        "seven peers",
        { ...zoneC("z"), PeerAddress: ["1", "2", "3", "4", "5", "6", "7"] },
        "PeerAddress: ['1', '2', '3', '4', '5', '6', '7'] is too long",
      ],
      ["POST", "PeerAddress string", { ...zoneC("z"), PeerAddress: "a" }, "PeerAddress: 'a' is not of type 'array'"],
      ["POST", "empty name", { ...zoneC(""), HopCount: 3 }, "Name: '' is too short"],
      ["POST", "array body", [zoneC("z")], ""],
      [
        "PUT",
        "HopCount 256 on modify",
        { Name: "base", HopCount: 256 },
        "HopCount: 256 is greater than the maximum of 255",
      ],
      [
        "PUT",
        "Yes on modify",
        { Name: "base", SIPMultistreamMode: "Yes" },
        "SIPMultistreamMode: 'Yes' is not one of ['On', 'Off']",
      ],
      [
        "PUT",
        "unknown property on modify",
        { Name: "base", HopCount: 9, Bar: "x" },
        "Additional properties are not allowed ('Bar' was unexpected)",
      ],
      ["PUT", "missing key", { HopCount: 9 }, "'Name' is a required property"],
      ["DELETE", "missing key", {}, "'Name' is a required property"],
    ];
    for (const [method, label, body, expected] of cases) {
      const answer = await call(c, method, ZONE_C, body);
      expect({ label, status: answer.status }).toEqual({ label, status: 400 });
      const text = (answer.body as { Message: string }).Message;
      expect(typeof text).toBe("string");
      if (expected) expect({ label, text }).toEqual({ label, text: expected });
    }
    expect((await call(c, "POST", ZONE_C, undefined, { raw: "{not json" })).status).toBe(400);
    expect((await call(c, "DELETE", ZONE_C)).status).toBe(400);
    expect(c.list(ZONE_C)).toEqual(before);
  });
});

describe("credentials", () => {
  test("GET returns names only; New_Password changes the stored password", async () => {
    expect((await post(e, CREDENTIAL, { Name: "turnuser", Password: "first" })).status).toBe(201);
    expect((await post(e, CREDENTIAL, { Name: "traversal", Password: "trav" })).status).toBe(201);
    expect((await get(e, CREDENTIAL)).body).toEqual([{ Name: "turnuser" }, { Name: "traversal" }]);
    expect((await get(e, `${CREDENTIAL}/name/traversal`)).body).toEqual([{ Name: "traversal" }]);

    expect(await put(e, CREDENTIAL, { Name: "turnuser", New_Password: "second" })).toMatchObject({
      status: 200,
      body: OK,
    });
    expect(e.list(CREDENTIAL)).toEqual([
      { Name: "turnuser", Password: "second" },
      { Name: "traversal", Password: "trav" },
    ]);
    // Password itself is not a modify property; the long password is refused.
    expect((await put(e, CREDENTIAL, { Name: "turnuser", Password: "third" })).status).toBe(400);
    expect((await put(e, CREDENTIAL, { Name: "turnuser", New_Password: "x".repeat(129) })).status).toBe(400);
    expect(e.list(CREDENTIAL)[0].Password).toBe("second");

    expect((await put(e, CREDENTIAL, { Name: "turnuser", New_Name: "turn2" })).status).toBe(200);
    expect(e.list(CREDENTIAL)[0]).toEqual({ Name: "turn2", Password: "second" });

    // Credentials also exist on the C side (common/).
    expect((await post(c, CREDENTIAL, { Name: "u", Password: "p" })).status).toBe(201);
  });

  test("DELETE with a body; an unknown name answers 400", async () => {
    await post(e, CREDENTIAL, { Name: "gone", Password: "p" });
    expect(await del(e, CREDENTIAL, { Name: "gone" })).toMatchObject({ status: 200, body: OK });
    expect(e.list(CREDENTIAL)).toEqual([]);
    const unknown = await del(e, CREDENTIAL, { Name: "gone" });
    expect(unknown).toMatchObject({ status: 400, body: { Message: expect.stringContaining("does not exist") } });
  });
});

describe("quirks and test helpers", () => {
  test("a duplicate create answers 400 by default", async () => {
    await post(c, DOMAIN, { Name: "dup.example.com" });
    const dup = await post(c, DOMAIN, { Name: "dup.example.com", Sip: "Off" });
    expect(dup.status).toBe(400);
    expect((dup.body as { Message: string }).Message).toMatch(/already exists/);
    expect(c.list(DOMAIN)).toEqual([
      { Name: "dup.example.com", Sip: "On", EdgeSip: "Off", EdgeXmpp: "Off", XmppFederation: "Off" },
    ]);
  });

  test("duplicateAnswers200 and createStatus 200", async () => {
    const lax = await startExpresswayEmulator({
      personality: "E",
      duplicateAnswers200: true,
      createStatus: 200,
      username: "api",
      password: "pw",
    });
    try {
      expect(lax.username).toBe("api");
      expect(await post(lax, CREDENTIAL, { Name: "turnuser", Password: "one" })).toMatchObject({
        status: 200,
        body: OK,
      });
      const dup = await post(lax, CREDENTIAL, { Name: "turnuser", Password: "two" });
      expect(dup.status).toBe(200);
      expect((dup.body as { Message: string }).Message).toMatch(/already exists/);
      expect(lax.list(CREDENTIAL)).toEqual([{ Name: "turnuser", Password: "one" }]);
      expect(lax.countByMethod()).toEqual({ POST: 2 });
    } finally {
      await lax.close();
    }
  });

  test("patch and remove edit out of band without recording requests", async () => {
    await post(c, ZONE_C, zoneC("drift"));
    c.clearRequests();
    c.patch(ZONE_C, "drift", { HopCount: 40, SIPMultistreamMode: undefined, AuthenticationPassword: "rotated" });
    expect(c.list(ZONE_C)[0]).toMatchObject({
      HopCount: 40,
      SIPMultistreamMode: "On",
      AuthenticationPassword: "rotated",
    });
    expect(c.requests).toEqual([]);
    c.remove(ZONE_C, "drift");
    expect((await get(c, ZONE_C)).body).toEqual([]);
    expect(() => c.remove(ZONE_C, "drift")).toThrow();
  });
});
