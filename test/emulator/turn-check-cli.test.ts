import * as net from "node:net";
import { type ExpresswayEmulator, startExpresswayEmulator } from "../../emulator/expressway";
import {
  ATTR,
  CLASS,
  encode,
  errorCode,
  longTermKey,
  METHOD,
  plainAddress,
  type ReceivedMessage,
  type StunAttribute,
  StunStream,
  u32,
  xorAddress,
} from "../../provider/turn/stun";
import { runCiscoEdge } from "../support/cisco-edge-cli";
import { basicAuth, expresswayCall } from "./client";

/**
 * `cisco-edge turn-check` as a user runs it (the built bin in a child process) against the
 * emulated Expressway-E's TURN over TCP, and against a scripted TURN server for the answers
 * the emulator has no reason to give (300, 486, 508, 438): exit codes 0/1/2 and each
 * refusal's wording.
 */

const PASSWORD = "turn-secret-Xy7";
const env = { CISCO_EDGE_TURN_PASSWORD: PASSWORD };
let expE: ExpresswayEmulator;
let server: string;

beforeAll(async () => {
  expE = await startExpresswayEmulator({ personality: "E" });
  server = `127.0.0.1:${expE.turn?.port}`;
  expect((await expresswayCall(expE, "POST", "common/credential", { Name: "turn", Password: PASSWORD })).status).toBe(
    201,
  );
  const turn = { TurnServices: "On", MediaPortRangeStart: 24000, MediaPortRangeEnd: 29999 };
  expect((await expresswayCall(expE, "PUT", "edge/traversal/turn", turn)).status).toBe(200);
});

afterAll(() => expE.close());

afterEach(() => expE.setStatusAnswers({}));

const statusXml = () =>
  fetch(`${expE.url}/status.xml`, { headers: { authorization: basicAuth(expE) } }).then((r) => r.text());

const check = (...extra: string[]) =>
  runCiscoEdge(["turn-check", "--server", server, "--username", "turn", ...extra], env);

describe("against the emulated Expressway-E", () => {
  test("success: the capture's steps, a relay in the media range, freed again; exit 0; no password shown", async () => {
    const run = await check("--media-range", "24000-29999");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n").map((l) => l.trim());
    expect(lines).toContain("-> Allocate Request TCP lifetime: 600");
    expect(lines).toContain("<- Allocate Error Response with nonce realm: TANDBERG (401 Unauthorized)");
    expect(lines).toContain("-> Allocate Request user: turn realm: TANDBERG with nonce TCP");
    const success = lines.find((l) => l.startsWith("<- Allocate Success Response"));
    const addresses = "XOR-RELAYED-ADDRESS: 127\\.0\\.0\\.1:\\d+ XOR-MAPPED-ADDRESS: 127\\.0\\.0\\.1:\\d+";
    expect(success).toMatch(
      new RegExp(`^<- Allocate Success Response lifetime: 600 ${addresses} \\(MESSAGE-INTEGRITY verified\\)$`),
    );
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(success ?? "")?.[1]);
    expect(port).toBeGreaterThanOrEqual(24000);
    expect(port).toBeLessThanOrEqual(29999);
    expect(lines).toContain("<- Refresh Success Response lifetime: 0");
    expect(lines[lines.length - 2]).toMatch(/^OK: a TCP relay was allocated at 127\.0\.0\.1:\d+ \(realm TANDBERG/);
    expect(run.stdout).not.toContain(PASSWORD);
    expect(expE.turn?.allocations()).toBe(0);
  });

  test("with --peer: Connect and ConnectionAttempt, each bound on a second connection, data both ways", async () => {
    const run = await check("--peer", "127.0.0.1:0");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n").map((l) => l.trim());
    expect(lines).toContain("<- CreatePermission Success Response");
    expect(lines.some((l) => /^<- Connect Success Response CONNECTION-ID: 0x[0-9a-f]+$/.test(l))).toBe(true);
    expect(lines.some((l) => /^<- ConnectionAttempt Indication XOR-PEER-ADDRESS: 127\.0\.0\.1:\d+ /.test(l))).toBe(
      true,
    );
    expect(lines.filter((l) => l === "<- ConnectionBind Success Response")).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith("data through the relay: 38 bytes client to peer, 38 bytes"))).toEqual([
      expect.stringContaining("(Connect)"),
      expect.stringContaining("(ConnectionAttempt)"),
    ]);
    expect(expE.turn?.allocations()).toBe(0);
  });

  test("the realm is the Expressway-E's configured one", async () => {
    // A realm changed while TURN services run takes effect at their restart (Off, then On), as on the device.
    const setRealm = async (realm: string) => {
      await expresswayCall(expE, "PUT", "edge/traversal/turn", { AuthenticationRealm: realm });
      await expresswayCall(expE, "PUT", "edge/traversal/turn", { TurnServices: "Off" });
      await expresswayCall(expE, "PUT", "edge/traversal/turn", { TurnServices: "On" });
    };
    await setRealm("octavio");
    try {
      const run = await check();
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("<- Allocate Error Response with nonce realm: octavio (401 Unauthorized)");
    } finally {
      await setRealm("TANDBERG");
    }
  });

  test("a wrong password: 431, named as the CMS TURN password differing from the Expressway-E's; exit 1", async () => {
    const run = await runCiscoEdge(["turn-check", "--server", server, "--username", "turn"], {
      CISCO_EDGE_TURN_PASSWORD: "not-the-password",
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("<- Allocate Error Response 431 Integrity Check Failure");
    expect(run.stdout).toContain(
      'FAILED: wrong password (431 Integrity Check Failure): the CMS TURN password for user "turn" differs from the ' +
        "Expressway-E local user's",
    );
    expect(run.stdout).not.toContain("Refresh Request");
  });

  test("--fail turn-wrong-password: the right password gets 431 too", async () => {
    expE.setStatusAnswers({ turnWrongPassword: true });
    const run = await check();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAILED: wrong password (431 Integrity Check Failure)");
  });

  test("ProtocolMode UDP: 442, named as TCP relays off (ProtocolMode), and /status.xml says UDP", async () => {
    expE.setStatusAnswers({ turnProtocolMode: "UDP" });
    const run = await check();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "FAILED: TCP relays are off (442 Unsupported Transport Protocol): the Expressway-E's TURN ProtocolMode " +
        "allows UDP only; set it on the Expressway-E CLI: xConfiguration Traversal Server TURN ProtocolMode: Both",
    );
    const status = await statusXml();
    expect(status).toMatch(
      /<ResourceUsage item="1">[\s\S]*<TURN item="1">[\s\S]*<ProtocolMode item="1">UDP<\/ProtocolMode>/,
    );
  });

  test("a relay outside --media-range is a failure, and the relay is freed", async () => {
    const run = await check("--media-range", "30000-30100");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAILED: the relay port \d+ is outside the media port range 30000-30100/);
    expect(run.stdout).toContain("<- Refresh Success Response lifetime: 0");
    expect(expE.turn?.allocations()).toBe(0);
  });

  test("/status.xml reports ProtocolMode Both by default, under ResourceUsage/TURN", async () => {
    const status = await statusXml();
    expect(status).toContain('<ProtocolMode item="1">Both</ProtocolMode>');
  });
});

describe("transport failures", () => {
  test("a closed port: connection refused, nothing listens there; exit 1", async () => {
    const probe = net.createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, "127.0.0.1", () => resolve((probe.address() as net.AddressInfo).port)),
    );
    await new Promise((resolve) => probe.close(resolve));
    const run = await runCiscoEdge(["turn-check", "--server", `127.0.0.1:${port}`, "--username", "turn"], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`FAILED: connection refused on 127.0.0.1:${port}: nothing listens on that TCP port`);
  });

  test("a port that accepts and never answers: no answer within the timeout; exit 1", async () => {
    const silent = net.createServer((socket) => socket.on("error", () => undefined));
    const port = await new Promise<number>((resolve) =>
      silent.listen(0, "127.0.0.1", () => resolve((silent.address() as net.AddressInfo).port)),
    );
    try {
      const run = await runCiscoEdge(
        ["turn-check", "--server", `127.0.0.1:${port}`, "--username", "turn", "--timeout", "0.5"],
        env,
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`FAILED: no answer from 127.0.0.1:${port} within 0.5 s`);
    } finally {
      silent.close();
    }
  });
});

/**
 * A TURN server that answers the first Allocate with 401 and then whatever `script` says, for
 * the refusals the emulated Expressway-E does not give.
 */
async function scripted(
  script: (request: ReceivedMessage, n: number) => { cls: 2 | 3; attributes: StunAttribute[] },
  key = longTermKey("turn", "TANDBERG", PASSWORD),
): Promise<{ port: number; close: () => void }> {
  const server = net.createServer((socket) => {
    socket.on("error", () => undefined);
    const stream = new StunStream();
    let n = 0;
    socket.on("data", (chunk: Buffer) => {
      for (const request of stream.push(chunk)) {
        const answer =
          n++ === 0
            ? {
                cls: CLASS.error,
                attributes: [
                  { type: ATTR.errorCode, value: errorCode(401, "Unauthorized") },
                  { type: ATTR.realm, value: Buffer.from("TANDBERG") },
                  { type: ATTR.nonce, value: Buffer.from("first-nonce") },
                ],
              }
            : script(request, n - 1);
        socket.write(
          encode(
            {
              method: request.method,
              cls: answer.cls,
              transactionId: request.transactionId,
              attributes: answer.attributes,
            },
            answer.cls === CLASS.success ? { integrityKey: key } : {},
          ),
        );
      }
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)),
  );
  return { port, close: () => server.close() };
}

const refusing = (code: number, reason: string, extra: StunAttribute[] = []) =>
  scripted(() => ({
    cls: CLASS.error,
    attributes: [{ type: ATTR.errorCode, value: errorCode(code, reason) }, ...extra],
  }));

describe("each refusal in the operator's terms (scripted TURN server)", () => {
  const cases: [number, string, StunAttribute[], string][] = [
    [
      401,
      "Unauthorized",
      [],
      'wrong password (401 Unauthorized after credentials): the CMS TURN password for user "turn"',
    ],
    [486, "Allocation Quota Reached", [], "relays exhausted (486 Allocation Quota Reached)"],
    [508, "Insufficient Capacity", [], "relays exhausted (508 Insufficient Capacity)"],
    [
      300,
      "Try Alternate",
      [{ type: ATTR.alternateServer, value: plainAddress({ address: "10.48.54.228", port: 3478 }) }],
      "a cluster peer was named (300 Try Alternate, ALTERNATE-SERVER 10.48.54.228:3478)",
    ],
  ];
  test.each(cases)("%i %s", async (code, reason, extra, wording) => {
    const fake = await refusing(code, reason, extra);
    try {
      const run = await runCiscoEdge(["turn-check", "--server", `127.0.0.1:${fake.port}`, "--username", "turn"], env);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`FAILED: ${wording}`);
    } finally {
      fake.close();
    }
  });

  test("438 Stale Nonce: retried once with the new nonce, then allocated", async () => {
    const nonces: string[] = [];
    const fake = await scripted((request, n) => {
      nonces.push(request.attributes.find((a) => a.type === ATTR.nonce)?.value.toString() ?? "");
      if (n === 1)
        return {
          cls: CLASS.error,
          attributes: [
            { type: ATTR.errorCode, value: errorCode(438, "Stale Nonce") },
            { type: ATTR.nonce, value: Buffer.from("second-nonce") },
          ],
        };
      const relayed = { address: "127.0.0.1", port: 24010 };
      return {
        cls: CLASS.success,
        attributes:
          request.method === METHOD.allocate
            ? [
                { type: ATTR.xorRelayedAddress, value: xorAddress(relayed, request.transactionId) },
                { type: ATTR.lifetime, value: u32(600) },
              ]
            : [{ type: ATTR.lifetime, value: u32(0) }],
      };
    });
    try {
      const run = await runCiscoEdge(["turn-check", "--server", `127.0.0.1:${fake.port}`, "--username", "turn"], env);
      expect(run.stdout).toContain("<- Allocate Error Response 438 Stale Nonce: retrying once with the new nonce");
      expect(run.code).toBe(0);
      expect(nonces.slice(0, 2)).toEqual(["first-nonce", "second-nonce"]);
    } finally {
      fake.close();
    }
  });

  test("a success whose MESSAGE-INTEGRITY does not verify is a failure, not an allocation", async () => {
    // Signed with another password's key: what a server that does not hold this user's password would send.
    const fake = await scripted(
      (request) => ({
        cls: CLASS.success,
        attributes: [
          {
            type: ATTR.xorRelayedAddress,
            value: xorAddress({ address: "127.0.0.1", port: 24011 }, request.transactionId),
          },
        ],
      }),
      longTermKey("turn", "TANDBERG", "someone-else"),
    );
    try {
      const run = await runCiscoEdge(["turn-check", "--server", `127.0.0.1:${fake.port}`, "--username", "turn"], env);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("FAILED: the Allocate Success Response's MESSAGE-INTEGRITY does not verify");
    } finally {
      fake.close();
    }
  });
});

describe("wrong usage exits 2", () => {
  test.each([
    [[], {}, "usage: cisco-edge <command>"],
    [["frobnicate"], {}, 'unknown command "frobnicate"'],
    [["turn-check", "--username", "turn"], env, "--server HOST[:PORT] is required"],
    [["turn-check", "--server", "127.0.0.1"], env, "--username NAME is required"],
    [["turn-check", "--server", "127.0.0.1", "--username", "turn"], {}, "CISCO_EDGE_TURN_PASSWORD is not set"],
    [
      ["turn-check", "--server", "127.0.0.1", "--username", "turn", "--password", "x"],
      env,
      "--password: a password is never taken from an argument",
    ],
    [
      ["turn-check", "--server", "127.0.0.1", "--username", "turn", "--media-range", "29999-24000"],
      env,
      "--media-range",
    ],
    [["turn-check", "--server", "127.0.0.1:99999", "--username", "turn"], env, "port must be from 1 to 65535"],
    [
      ["turn-check", "--server", "127.0.0.1", "--username", "turn", "--peer", "peer.example:5000"],
      env,
      "--peer needs an IP",
    ],
    [
      ["turn-check", "--server", "127.0.0.1", "--username", "turn", "--timeout", "soon"],
      env,
      "--timeout needs seconds",
    ],
  ] as [string[], Record<string, string>, string][])("%j", async (args, given, wording) => {
    const run = await runCiscoEdge(args, given);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(wording);
    expect(run.stdout).toBe("");
  });

  test("--password-env names the variable the password is read from", async () => {
    const run = await runCiscoEdge(
      ["turn-check", "--server", server, "--username", "turn", "--password-env", "MY_TURN_SECRET"],
      { MY_TURN_SECRET: PASSWORD },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("(password from MY_TURN_SECRET)");
  });

  test("--help prints the usage and exits 0", async () => {
    const run = await runCiscoEdge(["turn-check", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("usage: cisco-edge turn-check --server HOST[:PORT] --username NAME");
  });
});
