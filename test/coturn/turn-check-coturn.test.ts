import { runCiscoEdge } from "../support/cisco-edge-cli";
import { type Coturn, freePort, startCoturn, turnserverPath } from "./coturn";

/**
 * `cisco-edge turn-check` against a real TURN server: coturn, started here on free loopback
 * ports (skype_turn_tcp.md §4). Where `turnserver` is not installed (`apt-get install coturn`,
 * which .ci/run does when it runs as root), the tier prints a notice and is skipped, never
 * counted as passed.
 */

const binary = turnserverPath();
if (!binary)
  console.warn(
    "SKIPPED: the coturn tier of cisco-edge turn-check needs coturn's turnserver on PATH " +
      "(apt-get install -y coturn, as root); none found, so that tier is skipped (not passed).",
  );

const PASSWORD = "cisco-coturn-secret";
const env = { CISCO_EDGE_TURN_PASSWORD: PASSWORD };
const credentials = { user: "turn", password: PASSWORD, realm: "TANDBERG", minPort: 24000, maxPort: 29999 };

(binary ? describe : describe.skip)("cisco-edge turn-check against coturn [needs coturn's turnserver]", () => {
  let coturn: Coturn;
  let udpOnly: Coturn;
  const check = (server: Coturn, extra: string[] = [], given: Record<string, string> = env) =>
    runCiscoEdge(["turn-check", "--server", `127.0.0.1:${server.port}`, "--username", "turn", ...extra], given);

  beforeAll(async () => {
    coturn = await startCoturn(binary as string, credentials);
    udpOnly = await startCoturn(binary as string, { ...credentials, noTcpRelay: true });
  });
  afterAll(async () => {
    await coturn?.stop();
    await udpOnly?.stop();
  });

  test("success: a TCP relay in 24000-29999, realm TANDBERG, integrity verified, freed; exit 0", async () => {
    const run = await check(coturn, ["--media-range", "24000-29999"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("<- Allocate Error Response with nonce realm: TANDBERG (401 Unauthorized)");
    const relayed = "XOR-RELAYED-ADDRESS: 127\\.0\\.0\\.1:\\d+ XOR-MAPPED-ADDRESS: 127\\.0\\.0\\.1:\\d+";
    expect(run.stdout).toMatch(
      new RegExp(`<- Allocate Success Response lifetime: 600 ${relayed} \\(MESSAGE-INTEGRITY verified\\)`),
    );
    expect(run.stdout).toMatch(/relay port \d+ is inside the media port range 24000-29999/);
    expect(run.stdout).toContain("<- Refresh Success Response lifetime: 0");
  });

  test("with --peer: Connect and ConnectionAttempt through coturn's relay, data both ways; exit 0", async () => {
    const run = await check(coturn, ["--peer", "127.0.0.1:0"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/<- Connect Success Response CONNECTION-ID: 0x[0-9a-f]+/);
    expect(run.stdout).toMatch(/<- ConnectionAttempt Indication XOR-PEER-ADDRESS: 127\.0\.0\.1:\d+/);
    expect(run.stdout.match(/<- ConnectionBind Success Response/g)).toHaveLength(2);
    expect(run.stdout).toContain("carried data both ways to the peer");
  });

  test("a wrong password: coturn repeats 401, named as the CMS TURN password differing; exit 1", async () => {
    const run = await check(coturn, [], { CISCO_EDGE_TURN_PASSWORD: "not-it" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'FAILED: wrong password (401 Unauthorized after credentials): the CMS TURN password for user "turn" differs',
    );
  });

  test("--no-tcp-relay: 442, named as TCP relays off (ProtocolMode); exit 1", async () => {
    const run = await check(udpOnly);
    expect(run.code).toBe(1);
    // coturn pads its reason with spaces: the wording shows it trimmed.
    expect(run.stdout).toContain(
      "FAILED: TCP relays are off (442 TCP Transport is not allowed by the TURN Server configuration): ",
    );
    expect(run.stdout).toContain("ProtocolMode");
  });

  test("a closed port: connection refused; exit 1", async () => {
    const closed = await freePort();
    const run = await runCiscoEdge(["turn-check", "--server", `127.0.0.1:${closed}`, "--username", "turn"], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`FAILED: connection refused on 127.0.0.1:${closed}`);
  });
});
