import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { closeAllConnections } from "../../provider/device/http";
import { configure, providerFor } from "../../provider/runtime";
import * as secrets from "../../provider/secrets";
import { basicCredentials, maskSecrets } from "../../provider/secrets";

/**
 * Issue 23 items 1 to 3: wherever a device's own words reach the user (an error body, a 200
 * answer's message, a CMS failure's attribute), on both devices, a declared secret, the
 * profile's password and the Basic `Authorization` value never come through: not as they
 * are, not base64-encoded (alone, or inside an encoded body). The device here is a stub on
 * loopback that echoes the request it got, as a careless device or proxy would.
 */

const PROFILE_PASSWORD = "Profile-Pw-8413";
const SECRET = "Declared-Secret-5527";
const PASSCODE = "73519024";

interface Echoed {
  readonly method: string;
  readonly path: string;
  /** The request's Authorization header and body, as a device's error would quote them. */
  readonly echo: string;
}

type Answer = { status: number; type?: string; body: string };
/** What the stub quotes: the request's header and body as they are and encoded, or only encoded. */
let echoing: "whole" | "encoded" = "whole";
let answer: (request: Echoed) => Answer;
let stub: Server;
let stubUrl: string;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

beforeAll(async () => {
  stub = createServer(async (request, response) => {
    const body = await readBody(request);
    const header = `Authorization: ${request.headers.authorization ?? ""}`;
    const encoded = `${header}; encoded ${Buffer.from(body).toString("base64")}`;
    const echo = echoing === "whole" ? `${encoded}; body ${body}` : encoded;
    const { status, type, body: text } = answer({ method: request.method ?? "GET", path: request.url ?? "/", echo });
    response.writeHead(status, { "content-type": type ?? "application/json" });
    response.end(text);
  });
  await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  const config = new Map<string, string>();
  for (const profile of ["cms", "expresswayC", "expresswayE"]) {
    config.set(`${profile}:url`, stubUrl);
    config.set(`${profile}:username`, "admin");
    config.set(`${profile}:password`, PROFILE_PASSWORD);
    config.set(`${profile}:maxRetries`, "0");
  }
  config.set("cms:version", "2.9.0");
  config.set("expresswayE:version", "X8.11.4");
  config.set("expresswayC:version", "X8.11.4");
  configure({ config: { get: (key) => config.get(key) } });
});
afterAll(async () => {
  await closeAllConnections();
  await new Promise<void>((resolve) => stub.close(() => resolve()));
});

/** Every form of the secrets a user must never see. */
function expectNothingSecret(text: string, secrets: readonly string[]): void {
  for (const secret of [...secrets, PROFILE_PASSWORD]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
    expect(text).not.toContain(Buffer.from(secret).toString("base64"));
  }
  expect(text).not.toContain(basicCredentials("admin", PROFILE_PASSWORD));
  // Inside any base64 run (an encoded body), decoded at its own alignment.
  for (const run of text.match(/[A-Za-z0-9+/]{8,}={0,2}/g) ?? []) {
    const decoded = Buffer.from(run, "base64").toString("latin1");
    for (const secret of [...secrets, PROFILE_PASSWORD]) expect(decoded).not.toContain(secret);
  }
}

/** What a provider call showed: nothing secret, and an echoed Authorization header masked whole. */
function expectMasked(text: string, secrets: readonly string[]): void {
  expectNothingSecret(text, secrets);
  // An echoed Authorization header is masked whole, not only the password's part of it.
  for (const header of text.match(/Authorization: Basic \S*/g) ?? [])
    expect(header).toBe("Authorization: Basic [secret];");
  // Unless the whole message was withheld (it quoted a declared secret), the header is there, masked.
  if (!text.includes("message is withheld")) expect(text).toMatch(/Authorization: Basic \[secret\];/);
}

/** What the user sees of a failed call: its message and stack, and anything printed meanwhile. */
async function userSees(work: () => Promise<unknown>): Promise<string> {
  const printed: string[] = [];
  const spies = (["log", "warn", "error", "info"] as const).map((m) =>
    jest.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(" "));
    }),
  );
  try {
    const error = (await work().then(
      () => new Error("it succeeded"),
      (e: unknown) => e,
    )) as Error;
    return `${error.message}\n${error.stack}\n${printed.join("\n")}`;
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

const expresswayMessage = (text: string): Answer => ({ status: 400, body: JSON.stringify({ Message: text }) });
const notThere = expresswayMessage("Record does not exist");
const credential = { name: "turnuser", password: SECRET };
const credentialOuts = (id: string) => ({ name: id, password: `sha256:0123456789abcdef:${"0".repeat(64)}` });

describe.each(["whole", "encoded"] as const)("Expressway: the device's own words, quoting the request %s", (mode) => {
  beforeEach(() => {
    echoing = mode;
  });
  afterEach(() => closeAllConnections());

  test("a create refused with a message quoting the request", async () => {
    answer = (r) => (r.method === "GET" ? notThere : expresswayMessage(`Invalid request: ${r.echo}`));
    const seen = await userSees(() => providerFor("ExpresswayCredential").create(credential));
    expect(seen).toMatch(/refused to create/);
    expectMasked(seen, [SECRET]);
  });

  test("a 200 answer whose message quotes the request (not a success)", async () => {
    answer = (r) =>
      r.method === "GET" ? notThere : { status: 200, body: JSON.stringify({ Message: `Got ${r.echo}` }) };
    const seen = await userSees(() => providerFor("ExpresswayCredential").create(credential));
    expect(seen).toMatch(/answered HTTP 200 .*not a success/);
    expectMasked(seen, [SECRET]);
  });

  test("a 200 answer saying 'already exists' while quoting the request", async () => {
    answer = (r) =>
      r.method === "GET" ? notThere : { status: 200, body: JSON.stringify({ Message: `already exists: ${r.echo}` }) };
    const seen = await userSees(() => providerFor("ExpresswayCredential").create(credential));
    expectMasked(seen, [SECRET]);
  });

  test("an update refused with a message quoting the request", async () => {
    answer = (r) => expresswayMessage(`Cannot apply ${r.echo}`);
    const p = providerFor("ExpresswayCredential");
    const seen = await userSees(() => p.update("turnuser", credentialOuts("turnuser"), credential));
    expect(seen).toMatch(/refused to update/);
    expectMasked(seen, [SECRET]);
  });

  test("a read and a delete refused with a message quoting the request", async () => {
    answer = (r) => expresswayMessage(`Denied ${r.echo}`);
    const p = providerFor("ExpresswayCredential");
    const read = await userSees(() => p.read("turnuser", credentialOuts("turnuser")));
    const removed = await userSees(() => p.delete("turnuser", credentialOuts("turnuser")));
    expect(read).toMatch(/refused to read/);
    expect(removed).toMatch(/delete ExpresswayCredential "turnuser": .* refused to/);
    expectMasked(`${read}\n${removed}`, []);
  });

  test("a settings object (DNS) refused with a message quoting the request", async () => {
    answer = (r) =>
      r.method === "GET"
        ? { status: 200, body: JSON.stringify(r.path.includes("dnsserver") ? [] : { SystemHostName: "old" }) }
        : expresswayMessage(`Bad settings ${r.echo}`);
    const seen = await userSees(() => providerFor("ExpresswayDns").create({ systemHostName: "vcsc" }));
    expect(seen).toMatch(/refused to update DNS settings/);
    expectMasked(seen, []);
  });

  test("a traversal zone refused with a message quoting its password", async () => {
    answer = (r) => (r.method === "GET" ? notThere : expresswayMessage(`Rejected ${r.echo}`));
    const zone = {
      name: "traversal",
      type: "TraversalClient",
      side: "client",
      authenticationUsername: "travuser",
      authenticationPassword: SECRET,
      peerAddress: "172.16.85.168",
    };
    const p = providerFor("ExpresswayZone");
    const checked = await p.check({}, zone);
    const seen = await userSees(() => p.create(checked.failures.length === 0 ? checked.inputs : zone));
    expectMasked(seen, [SECRET]);
  });
});

describe("Expressway: the client itself withholds a message quoting a declared secret (no masking)", () => {
  let masking: jest.SpyInstance;
  beforeEach(() => {
    echoing = "whole";
    masking = jest.spyOn(secrets, "maskSecrets").mockImplementation((text: string) => text);
  });
  afterEach(async () => {
    masking.mockRestore();
    await closeAllConnections();
  });

  test.each([
    ["a create refused", (r: Echoed) => (r.method === "GET" ? notThere : expresswayMessage(`Invalid ${r.echo}`))],
    [
      "a 200 answer that is not a success",
      (r: Echoed) =>
        r.method === "GET" ? notThere : { status: 200, body: JSON.stringify({ Message: `Got ${r.echo}` }) },
    ],
    [
      "a 200 answer saying 'already exists'",
      (r: Echoed) =>
        r.method === "GET" ? notThere : { status: 200, body: JSON.stringify({ Message: `already exists ${r.echo}` }) },
    ],
  ] as const)("%s", async (_, device) => {
    answer = device;
    const seen = await userSees(() => providerFor("ExpresswayCredential").create(credential));
    expect(seen).toContain("(the device's message is withheld: it quotes a secret value)");
    expect(seen).not.toContain(SECRET);
  });

  test("an update refused", async () => {
    answer = (r) => expresswayMessage(`Cannot apply ${r.echo}`);
    const p = providerFor("ExpresswayCredential");
    const seen = await userSees(() => p.update("turnuser", credentialOuts("turnuser"), credential));
    expect(seen).toContain("(the device's message is withheld: it quotes a secret value)");
    expect(seen).not.toContain(SECRET);
  });
});

const cmsFailure = (error: string, parameter = "passcode"): Answer => ({
  status: 400,
  type: "text/xml",
  body:
    '<?xml version="1.0"?><failureDetails>' +
    `<parameterError parameter="${parameter}" error="${error.replace(/[<>&"]/g, "_")}" /></failureDetails>`,
});

describe.each(["whole", "encoded"] as const)("CMS: the device's own words, quoting the request %s", (mode) => {
  beforeEach(() => {
    echoing = mode;
  });
  afterEach(() => closeAllConnections());

  test("a create refused with a failure attribute quoting the request", async () => {
    answer = (r) => cmsFailure(`invalid ${r.echo}`);
    const space = { name: "Echo room", uri: "echoroom", callId: "100999", passcode: PASSCODE };
    const seen = await userSees(() => providerFor("CmsSpace").create(space));
    expect(seen).toMatch(/refused to create space: field CmsSpace\.passcode \(secret value\) was rejected as/);
    expectMasked(seen, [PASSCODE]);
  });

  test("an update refused with a failure attribute quoting the request (TURN server password)", async () => {
    answer = (r) => cmsFailure(`invalid ${r.echo}`, "password");
    const p = providerFor("CmsTurnServer");
    const turn = { serverAddress: "172.16.85.168", clientAddress: "10.88.246.156", username: "turnuser" };
    const outs = { ...turn, type: "standard", password: `sha256:0123456789abcdef:${"0".repeat(64)}` };
    const seen = await userSees(() => p.update("turn-1", outs, { ...turn, password: SECRET }));
    expect(seen).toMatch(/refused to update/);
    expectMasked(seen, [SECRET]);
  });

  test("XMPP settings refused with a failure attribute quoting the shared secret", async () => {
    answer = (r) =>
      r.method === "GET"
        ? { status: 200, type: "text/xml", body: '<?xml version="1.0"?><xmpp><domain>old.example</domain></xmpp>' }
        : cmsFailure(`invalid ${r.echo}`, "sharedSecret");
    const seen = await userSees(() =>
      providerFor("CmsXmppSettings").create({ uniqueName: "cb1", domain: "cms.octavio.local", sharedSecret: SECRET }),
    );
    expect(seen).toMatch(/refused to update/);
    expectMasked(seen, [SECRET]);
  });
});

describe("maskSecrets on encoded forms", () => {
  test("a secret base64-encoded alone, in a Basic value and inside an encoded body is masked", () => {
    const body = `name=turnuser&password=${SECRET}&x=1`;
    const text = [
      `alone ${Buffer.from(SECRET).toString("base64")}`,
      `header Authorization: Basic ${basicCredentials("admin", SECRET)}`,
      ...[0, 1, 2].map((pad) => `body ${Buffer.from(`${"#".repeat(pad)}${body}`).toString("base64")}`),
    ].join("\n");
    const masked = maskSecrets(text, [SECRET]);
    expect(masked.match(/\[secret\]/g)).toHaveLength(5);
    expectNothingSecret(masked, [SECRET]);
    // The rest of an encoded body is left as it was: only the secret's own characters go.
    expect(masked).toContain(Buffer.from("name=turnuser&p").toString("base64").slice(0, 16));
  });
});
