import { isIP } from "node:net";
import { parseTransportAddress } from "../turn/address";
import { type PeerMode, runTurnCheck, type TurnCheckOptions } from "../turn/check";
import type { TransportAddress } from "../turn/stun";
import { type CliCommand, type CliIo, EXIT, parseFlags, UsageError } from "./command";

/**
 * `cisco-edge turn-check`: allocates a TCP relay on a TURN server (the Expressway-E as CMS's
 * TURN server, TAC 212580) the way CMS does, prints each step as a capture reads, and says
 * in the operator's terms why it failed. The password comes from the environment only.
 */

export const PASSWORD_ENV = "CISCO_EDGE_TURN_PASSWORD";
const DEFAULT_PORT = 3478;
const DEFAULT_TIMEOUT_S = 5;

const USAGE = [
  "usage: cisco-edge turn-check --server HOST[:PORT] --username NAME [--password-env VAR]",
  "                             [--peer HOST:PORT] [--peer-mode connect|attempt|both]",
  "                             [--media-range START-END] [--timeout S]",
  `  --server        the TURN server's address as this machine reaches it (port default ${DEFAULT_PORT})`,
  "  --username      the TURN user (the CMS TURN server's username, an Expressway-E local user)",
  `  --password-env  the variable holding its password (default ${PASSWORD_ENV}); never an argument`,
  "  --peer          also carry data through the relay: this machine listens there as the peer (port 0: any),",
  "                  an address the TURN server can reach; CreatePermission, Connect and ConnectionAttempt,",
  "                  each bound with ConnectionBind on a second connection",
  "  --peer-mode     connect (the relay dials the peer), attempt (the peer dials the relay, as in TAC 212580),",
  "                  or both (default)",
  "  --media-range   the relay port must fall in it (the Expressway-E's TURN media port range, e.g. 24000-29999)",
  `  --timeout       seconds to wait for each connection and answer (default ${DEFAULT_TIMEOUT_S})`,
  "exit: 0 a TCP relay was allocated (and the peer reached), 1 refused or failed, 2 wrong usage",
].join("\n");

function hostPort(flag: string, text: string, defaultPort?: number): TransportAddress {
  try {
    return parseTransportAddress(text, defaultPort);
  } catch (error) {
    throw new UsageError(`${flag} ${(error as Error).message}`);
  }
}

function parseRange(text: string): { start: number; end: number } {
  const match = /^(\d+)-(\d+)$/.exec(text);
  const start = Number(match?.[1]);
  const end = Number(match?.[2]);
  if (!match || start < 1 || end > 65535 || start > end)
    throw new UsageError(`--media-range needs START-END with 1 <= START <= END <= 65535, got ${JSON.stringify(text)}`);
  return { start, end };
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_S * 1000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600)
    throw new UsageError(`--timeout needs seconds from more than 0 to 600, got ${JSON.stringify(text)}`);
  return seconds * 1000;
}

function parseModes(text: string | undefined): PeerMode[] {
  if (text === undefined || text === "both") return ["connect", "attempt"];
  if (text === "connect" || text === "attempt") return [text];
  throw new UsageError(`--peer-mode must be connect, attempt or both, got ${JSON.stringify(text)}`);
}

const PASSWORD_FLAGS = ["--password", "-p", "--pass"];

/** The check's options from the command line and the environment; wrong usage throws UsageError. */
export function turnCheckOptions(
  argv: readonly string[],
  env: CliIo["env"],
): TurnCheckOptions & { passwordEnv: string } {
  const given = argv.find((a) => PASSWORD_FLAGS.includes(a.split("=")[0]));
  if (given)
    throw new UsageError(
      `${given.split("=")[0]}: a password is never taken from an argument (it would show in the process list and ` +
        `the shell history); put it in ${PASSWORD_ENV} or in the variable named by --password-env`,
    );
  const { values } = parseFlags(argv, {
    values: ["--server", "--username", "--password-env", "--peer", "--peer-mode", "--media-range", "--timeout"],
  });
  const serverText = values.get("--server");
  const username = values.get("--username");
  if (!serverText) throw new UsageError("--server HOST[:PORT] is required");
  if (!username) throw new UsageError("--username NAME is required");
  const passwordEnv = values.get("--password-env") ?? PASSWORD_ENV;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(passwordEnv))
    throw new UsageError(`--password-env needs a variable name, got ${JSON.stringify(passwordEnv)}`);
  const password = env[passwordEnv];
  if (!password) throw new UsageError(`the TURN password is read from the environment: ${passwordEnv} is not set`);
  const peerText = values.get("--peer");
  const peer = peerText === undefined ? undefined : hostPort("--peer", peerText);
  if (peer && isIP(peer.address) === 0)
    throw new UsageError(
      `--peer needs an IP address (it goes into XOR-PEER-ADDRESS), got ${JSON.stringify(peer.address)}`,
    );
  if (!peer && values.has("--peer-mode")) throw new UsageError("--peer-mode needs --peer");
  const rangeText = values.get("--media-range");
  return {
    server: hostPort("--server", serverText, DEFAULT_PORT),
    username,
    password,
    passwordEnv,
    timeoutMs: parseTimeout(values.get("--timeout")),
    ...(peer ? { peer, peerModes: parseModes(values.get("--peer-mode")) } : {}),
    ...(rangeText ? { mediaRange: parseRange(rangeText) } : {}),
  };
}

export const turnCheckCommand: CliCommand = {
  name: "turn-check",
  summary: "allocate a TCP relay on a TURN server (RFC 6062) as CMS does; name what refused it",
  usage: USAGE,
  async run(argv, io) {
    const options = turnCheckOptions(argv, io.env);
    const server = `${options.server.address}:${options.server.port}`;
    io.out(
      `TURN over TCP check of ${server} as user "${options.username}" (password from ${options.passwordEnv})` +
        (options.mediaRange ? `, media port range ${options.mediaRange.start}-${options.mediaRange.end}` : ""),
    );
    const result = await runTurnCheck(options, (line) => io.out(`  ${line}`));
    io.out(result.ok ? `OK: ${result.verdict}` : `FAILED: ${result.verdict}`);
    return result.ok ? EXIT.ok : EXIT.failed;
  },
};
