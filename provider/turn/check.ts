import { randomBytes } from "node:crypto";
import * as net from "node:net";
import { StunConnection, TurnTransportError } from "./connection";
import { refusalMeaning } from "./refusals";
import {
  ATTR,
  attributeOf,
  CLASS,
  errorOf,
  longTermKey,
  METHOD,
  messageName,
  plainAddressOf,
  type ReceivedMessage,
  requestedTransport,
  type StunAttribute,
  type StunMessage,
  TRANSPORT,
  type TransportAddress,
  text,
  textOf,
  u32,
  u32Of,
  verifyIntegrity,
  xorAddress,
  xorAddressOf,
} from "./stun";

/**
 * The TURN-over-TCP check of TAC 212580's capture (skype_turn_tcp.md §1, §3): Allocate with
 * REQUESTED-TRANSPORT TCP, the 401 with realm and nonce, Allocate with long-term credentials
 * (its answer's MESSAGE-INTEGRITY verified), optionally a peer connection both ways (RFC 6062
 * Connect, and ConnectionAttempt when the peer dials the relay, each bound with
 * ConnectionBind on a second connection), then Refresh with lifetime 0 so nothing stays
 * allocated. Each step is reported as a capture names it.
 */

export type PeerMode = "connect" | "attempt";

export interface TurnCheckOptions {
  readonly server: TransportAddress;
  readonly username: string;
  readonly password: string;
  /** Per answer and per connection. */
  readonly timeoutMs: number;
  /** Where this machine listens as the peer (port 0: any), as the TURN server reaches it. */
  readonly peer?: TransportAddress;
  /** Which RFC 6062 directions to try with a peer (default both). */
  readonly peerModes?: readonly PeerMode[];
  /** The relay port must fall in it (the Expressway-E's media port range). */
  readonly mediaRange?: { readonly start: number; readonly end: number };
  /** LIFETIME asked for (the capture's 600). */
  readonly lifetime?: number;
}

export type TurnCheckFailure = "refused" | "transport" | "integrity" | "range" | "peer" | "protocol";

export interface TurnCheckResult {
  readonly ok: boolean;
  /** One line: what was allocated, or what failed in the operator's terms. */
  readonly verdict: string;
  readonly failure?: TurnCheckFailure;
  /** The STUN error code of a refusal. */
  readonly code?: number;
  readonly realm?: string;
  readonly relayed?: TransportAddress;
  readonly mapped?: TransportAddress;
  readonly lifetime?: number;
}

class CheckFailed extends Error {
  constructor(
    message: string,
    readonly failure: TurnCheckFailure,
    readonly code?: number,
  ) {
    super(message);
  }
}

const at = (a: TransportAddress | undefined) => (a ? `${a.address}:${a.port}` : "(none)");
const DATA_OUT = Buffer.from("cisco-edge turn-check: client to peer\n");
const DATA_BACK = Buffer.from("cisco-edge turn-check: peer to client\n");

/** Credentials learnt from the 401, refreshed by a 438. */
interface Credentials {
  readonly username: string;
  realm: string;
  nonce: Buffer;
  readonly key: (realm: string) => Buffer;
}

function credentialAttributes(c: Credentials): StunAttribute[] {
  return [
    { type: ATTR.username, value: text(c.username) },
    { type: ATTR.realm, value: text(c.realm) },
    { type: ATTR.nonce, value: c.nonce },
  ];
}

export async function runTurnCheck(
  options: TurnCheckOptions,
  report: (line: string) => void = () => undefined,
): Promise<TurnCheckResult> {
  const lifetime = options.lifetime ?? 600;
  const key = (realm: string) => longTermKey(options.username, realm, options.password);
  let control: StunConnection | undefined;
  let credentials: Credentials | undefined;
  /** Set while an allocation exists on the server: it is freed on every path out. */
  let held = false;
  let allocated: Omit<TurnCheckResult, "ok" | "verdict"> | undefined;
  const opened: { close(): void }[] = [];
  try {
    control = await StunConnection.open(options.server.address, options.server.port, options.timeoutMs);
    opened.push(control);
    const allocateAttributes = [
      { type: ATTR.requestedTransport, value: requestedTransport(TRANSPORT.tcp) },
      { type: ATTR.lifetime, value: u32(lifetime) },
    ];
    report(`-> Allocate Request TCP lifetime: ${lifetime}`);
    const first = await control.request({
      method: METHOD.allocate,
      cls: CLASS.request,
      transactionId: randomBytes(12),
      attributes: allocateAttributes,
    });
    const challenge = errorOf(first);
    const realm = textOf(first, ATTR.realm);
    const nonce = attributeOf(first, ATTR.nonce);
    if (first.cls !== CLASS.error || challenge?.code !== 401 || realm === undefined || nonce === undefined) {
      report(`<- ${describeAnswer(first)}`);
      if (first.cls === CLASS.success)
        throw new CheckFailed(
          "the server allocated without asking for credentials: not the Expressway-E's TURN",
          "protocol",
        );
      throw refusal(first, options.username, false);
    }
    report(`<- Allocate Error Response with nonce realm: ${realm} (${challenge.code} ${challenge.reason})`.trimEnd());
    credentials = { username: options.username, realm, nonce, key };
    const success = await authenticated(control, credentials, METHOD.allocate, allocateAttributes, report, "TCP");
    held = true;
    const relayed = xorAddressOf(success, ATTR.xorRelayedAddress);
    const mapped = xorAddressOf(success, ATTR.xorMappedAddress);
    const granted = u32Of(success, ATTR.lifetime);
    allocated = { realm: credentials.realm, relayed, mapped, lifetime: granted };
    report(
      `<- Allocate Success Response lifetime: ${granted ?? "(none)"} XOR-RELAYED-ADDRESS: ${at(relayed)} ` +
        `XOR-MAPPED-ADDRESS: ${at(mapped)} (MESSAGE-INTEGRITY verified)`,
    );
    if (!relayed) throw new CheckFailed("the Allocate answer carries no XOR-RELAYED-ADDRESS", "protocol");
    const range = options.mediaRange;
    if (range && (relayed.port < range.start || relayed.port > range.end))
      throw new CheckFailed(
        `the relay port ${relayed.port} is outside the media port range ${range.start}-${range.end}: the ` +
          "Expressway-E's TURN media port range differs from the declared one (and from what the firewall opens)",
        "range",
      );
    if (range) report(`   relay port ${relayed.port} is inside the media port range ${range.start}-${range.end}`);
    if (options.peer)
      await peerExchange(
        control,
        credentials,
        options,
        relayed,
        options.peer,
        options.peerModes ?? ["connect", "attempt"],
        report,
        opened,
      );
    held = false;
    await release(control, credentials, report);
    const peerNote = options.peer ? " and carried data both ways to the peer" : "";
    return {
      ok: true,
      verdict: `a TCP relay was allocated at ${at(relayed)} (realm ${realm}, lifetime ${granted ?? "?"} s)${peerNote}`,
      ...allocated,
    };
  } catch (error) {
    // Free what was allocated even when a later step failed: nothing stays half-made on the device.
    if (control && credentials && held) await release(control, credentials, report).catch(() => undefined);
    const failed = asFailure(error);
    return { ok: false, verdict: failed.message, failure: failed.failure, code: failed.code, ...allocated };
  } finally {
    for (const c of opened) c.close();
  }
}

function asFailure(error: unknown): CheckFailed {
  if (error instanceof CheckFailed) return error;
  if (error instanceof TurnTransportError) return new CheckFailed(error.message, "transport");
  return new CheckFailed(error instanceof Error ? error.message : String(error), "protocol");
}

function describeAnswer(answer: ReceivedMessage): string {
  const error = errorOf(answer);
  return error ? `${messageName(answer)} ${error.code} ${error.reason}`.trimEnd() : messageName(answer);
}

function refusal(answer: ReceivedMessage, username: string, authenticated: boolean): CheckFailed {
  const error = errorOf(answer);
  if (answer.cls !== CLASS.error || !error)
    return new CheckFailed(`unexpected answer: ${messageName(answer)}`, "protocol");
  const alternateServer = plainAddressOf(answer, ATTR.alternateServer);
  return new CheckFailed(refusalMeaning(error, { username, authenticated, alternateServer }), "refused", error.code);
}

/**
 * A request with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY; a 438 Stale Nonce is answered
 * once with the new nonce. The success answer's MESSAGE-INTEGRITY must verify with the same key.
 */
async function authenticated(
  connection: StunConnection,
  credentials: Credentials,
  method: number,
  attributes: readonly StunAttribute[] | ((transactionId: Buffer) => StunAttribute[]),
  report: (line: string) => void,
  note = "",
  announce = true,
): Promise<ReceivedMessage> {
  for (let attempt = 0; ; attempt++) {
    // XOR-PEER-ADDRESS depends on the transaction id (IPv6): attributes may be built for it.
    const transactionId = randomBytes(12);
    const own = typeof attributes === "function" ? attributes(transactionId) : attributes;
    const message: StunMessage = {
      method,
      cls: CLASS.request,
      transactionId,
      attributes: [...own, ...credentialAttributes(credentials)],
    };
    if (announce)
      report(
        `-> ${messageName(message)} user: ${credentials.username} realm: ${credentials.realm} with nonce` +
          (note ? ` ${note}` : ""),
      );
    const key = credentials.key(credentials.realm);
    const answer = await connection.request(message, { integrityKey: key, fingerprint: true });
    const error = errorOf(answer);
    if (answer.cls === CLASS.error && error?.code === 438 && attempt === 0) {
      const fresh = attributeOf(answer, ATTR.nonce);
      report(`<- ${describeAnswer(answer)}: retrying once with the new nonce`);
      if (fresh) credentials.nonce = fresh;
      const realm = textOf(answer, ATTR.realm);
      if (realm) credentials.realm = realm;
      continue;
    }
    if (answer.cls !== CLASS.success) {
      report(`<- ${describeAnswer(answer)}`);
      throw refusal(answer, credentials.username, true);
    }
    const verified = verifyIntegrity(answer.raw, key);
    if (verified === false)
      throw new CheckFailed(
        `the ${messageName(answer)}'s MESSAGE-INTEGRITY does not verify with this user's key: the answer did not ` +
          "come from a server that holds this password",
        "integrity",
      );
    if (verified === undefined && method === METHOD.allocate)
      throw new CheckFailed(
        `the ${messageName(answer)} carries no MESSAGE-INTEGRITY: nothing proves the server holds this password`,
        "integrity",
      );
    return answer;
  }
}

async function release(control: StunConnection, credentials: Credentials, report: (line: string) => void) {
  report("-> Refresh Request lifetime: 0");
  const answer = await authenticated(
    control,
    credentials,
    METHOD.refresh,
    [{ type: ATTR.lifetime, value: u32(0) }],
    report,
    "",
    false,
  );
  report(`<- Refresh Success Response lifetime: ${u32Of(answer, ATTR.lifetime) ?? "(none)"}`);
}

/** Listens as the peer, gives it permission, then runs each RFC 6062 direction with data both ways. */
async function peerExchange(
  control: StunConnection,
  credentials: Credentials,
  options: TurnCheckOptions,
  relayed: TransportAddress,
  peerAt: TransportAddress,
  modes: readonly PeerMode[],
  report: (line: string) => void,
  opened: { close(): void }[],
): Promise<void> {
  const listener = await listen(peerAt);
  opened.push({ close: () => listener.server.close() });
  const peer: TransportAddress = { address: peerAt.address, port: listener.port };
  report(`   peer listening on ${at(peer)}`);
  await withPeer(control, credentials, METHOD.createPermission, peer, report);
  report("<- CreatePermission Success Response");
  for (const mode of modes) {
    let connectionId: Buffer;
    let peerSocket: net.Socket;
    if (mode === "connect") {
      const accepted = listener.nextConnection(options.timeoutMs);
      accepted.catch(() => undefined);
      const answer = await withPeer(control, credentials, METHOD.connect, peer, report);
      const id = attributeOf(answer, ATTR.connectionId);
      if (!id) throw new CheckFailed("the Connect answer carries no CONNECTION-ID", "protocol");
      connectionId = id;
      report(`<- Connect Success Response CONNECTION-ID: 0x${id.toString("hex")}`);
      peerSocket = await accepted;
    } else {
      peerSocket = await dial(relayed, options.timeoutMs);
      opened.push({ close: () => peerSocket.destroy() });
      report(`   peer connects to the relay ${at(relayed)} from ${peerSocket.localAddress}:${peerSocket.localPort}`);
      const indication = await control.next((m) => m.method === METHOD.connectionAttempt && m.cls === CLASS.indication);
      const id = attributeOf(indication, ATTR.connectionId);
      if (!id) throw new CheckFailed("the ConnectionAttempt indication carries no CONNECTION-ID", "protocol");
      connectionId = id;
      report(
        `<- ConnectionAttempt Indication XOR-PEER-ADDRESS: ${at(xorAddressOf(indication, ATTR.xorPeerAddress))} ` +
          `CONNECTION-ID: 0x${id.toString("hex")}`,
      );
    }
    opened.push({ close: () => peerSocket.destroy() });
    const data = await StunConnection.open(options.server.address, options.server.port, options.timeoutMs);
    opened.push(data);
    await authenticated(
      data,
      credentials,
      METHOD.connectionBind,
      [{ type: ATTR.connectionId, value: connectionId }],
      report,
      "CONNECTION-ID (new TCP connection)",
    );
    report("<- ConnectionBind Success Response");
    const { socket, early } = data.release();
    await bothWays(socket, early, peerSocket, options.timeoutMs);
    report(
      `   data through the relay: ${DATA_OUT.length} bytes client to peer, ${DATA_BACK.length} bytes peer to ` +
        `client (${mode === "connect" ? "Connect" : "ConnectionAttempt"})`,
    );
    socket.destroy();
    peerSocket.destroy();
  }
}

async function withPeer(
  control: StunConnection,
  credentials: Credentials,
  method: number,
  peer: TransportAddress,
  report: (line: string) => void,
): Promise<ReceivedMessage> {
  report(`-> ${messageName({ method, cls: CLASS.request })} XOR-PEER-ADDRESS: ${at(peer)}`);
  const attributes = (transactionId: Buffer) => [{ type: ATTR.xorPeerAddress, value: xorAddress(peer, transactionId) }];
  return authenticated(control, credentials, method, attributes, report, "", false);
}

interface PeerListener {
  readonly server: net.Server;
  readonly port: number;
  nextConnection(timeoutMs: number): Promise<net.Socket>;
}

function listen(where: TransportAddress): Promise<PeerListener> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    const arrived: net.Socket[] = [];
    let waiting: ((socket: net.Socket) => void) | undefined;
    server.on("connection", (socket) => {
      socket.on("error", () => undefined);
      if (waiting) waiting(socket);
      else arrived.push(socket);
    });
    server.once("error", (error) =>
      reject(new CheckFailed(`cannot listen as the peer on ${at(where)}: ${error.message}`, "peer")),
    );
    server.listen(where.port, where.address, () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        server,
        port,
        nextConnection: (timeoutMs) =>
          new Promise((accept, fail) => {
            const ready = arrived.shift();
            if (ready) return accept(ready);
            const timer = setTimeout(() => {
              waiting = undefined;
              fail(
                new CheckFailed(
                  `the relay did not connect to the peer ${where.address}:${port} within ${timeoutMs / 1000} s`,
                  "peer",
                ),
              );
            }, timeoutMs);
            // A check that failed before the relay dialled must not wait for this timer to exit.
            timer.unref();
            waiting = (socket) => {
              clearTimeout(timer);
              waiting = undefined;
              accept(socket);
            };
          }),
      });
    });
  });
}

function dial(where: TransportAddress, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: where.address, port: where.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new CheckFailed(`the peer could not reach the relay ${at(where)} within ${timeoutMs / 1000} s`, "peer"));
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.on("error", () => undefined);
      resolve(socket);
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(new CheckFailed(`the peer could not reach the relay ${at(where)}: ${error.message}`, "peer"));
    });
  });
}

/** Reads exactly `length` bytes (after `early`) from a socket, or fails after the timeout. */
function readExactly(
  socket: net.Socket,
  length: number,
  early: Buffer,
  timeoutMs: number,
  what: string,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let got = early;
    const done = () => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= length) {
        done();
        resolve(got.subarray(0, length));
      }
    };
    const onClose = () => {
      done();
      reject(new CheckFailed(`${what}: the connection closed after ${got.length} of ${length} bytes`, "peer"));
    };
    const timer = setTimeout(() => {
      done();
      reject(new CheckFailed(`${what}: ${got.length} of ${length} bytes within ${timeoutMs / 1000} s`, "peer"));
    }, timeoutMs);
    socket.on("data", onData);
    socket.on("close", onClose);
    if (got.length >= length) onData(Buffer.alloc(0));
  });
}

async function bothWays(client: net.Socket, early: Buffer, peer: net.Socket, timeoutMs: number): Promise<void> {
  const atPeer = readExactly(peer, DATA_OUT.length, Buffer.alloc(0), timeoutMs, "client to peer");
  client.write(DATA_OUT);
  const received = await atPeer;
  if (!received.equals(DATA_OUT)) throw new CheckFailed("client to peer: the bytes arrived changed", "peer");
  const atClient = readExactly(client, DATA_BACK.length, early, timeoutMs, "peer to client");
  peer.write(DATA_BACK);
  const back = await atClient;
  if (!back.equals(DATA_BACK)) throw new CheckFailed("peer to client: the bytes arrived changed", "peer");
}
