import { randomBytes, randomInt } from "node:crypto";
import * as net from "node:net";
import {
  ATTR,
  attributeOf,
  CLASS,
  encode,
  errorCode,
  longTermKey,
  METHOD,
  type ReceivedMessage,
  type StunAttribute,
  StunStream,
  TRANSPORT,
  type TransportAddress,
  textOf,
  u32,
  u32Of,
  verifyIntegrity,
  xorAddress,
  xorAddressOf,
} from "../../provider/turn/stun";

/**
 * The Expressway-E's TURN server over TCP on a loopback port, as CMS meets it in TAC 212580
 * (skype_turn_tcp.md §1, §3): an Allocate without credentials gets 401 with the realm and a
 * nonce; with a wrong password 431 Integrity Check Failure (the Expressway's answer; coturn
 * repeats 401); a TCP relay when ProtocolMode allows TCP, else 442; the relay listens on
 * 127.0.0.1 at a port in the media range, and RFC 6062 Connect, ConnectionAttempt and
 * ConnectionBind carry real bytes. Peers are loopback only (anything else gets 403): the
 * emulator never sends traffic to another address.
 */

export type TurnProtocolMode = "Both" | "TCP" | "UDP";

/** What the TURN server reads on every request: the store's settings and users, and the switches. */
export interface TurnServerState {
  /** TURN services on (off: connections are closed unanswered). */
  readonly active: boolean;
  readonly realm: string;
  readonly mediaRange: { readonly start: number; readonly end: number };
  readonly protocolMode: TurnProtocolMode;
  /** The local user's password, or undefined when there is no such user. */
  readonly passwordOf: (username: string) => string | undefined;
  /** Every credential fails the integrity check (`--fail turn-wrong-password`). */
  readonly rejectEveryPassword: boolean;
}

export interface EmulatedTurnServer {
  readonly port: number;
  /** Allocations currently held (tests check a check leaves none). */
  allocations(): number;
  close(): Promise<void>;
}

const LIFETIME_MAX = 3600;
const PORT_TRIES = 20;

interface Allocation {
  readonly relay: net.Server;
  readonly relayed: TransportAddress;
  readonly permissions: Set<string>;
  readonly username: string;
}

interface PendingPeer {
  readonly socket: net.Socket;
  readonly allocation: Allocation;
}

const isLoopback = (address: string) => /^127\./.test(address) || address === "::1" || address === "::ffff:127.0.0.1";
const plainIp = (address: string | undefined) => (address ?? "").replace(/^::ffff:/, "");

export async function startTurnServer(port: number, state: () => TurnServerState): Promise<EmulatedTurnServer> {
  const nonce = randomBytes(12).toString("hex");
  const allocations = new Set<Allocation>();
  const pending = new Map<string, PendingPeer>();
  const sockets = new Set<net.Socket>();

  const reply = (
    socket: net.Socket,
    request: ReceivedMessage,
    cls: typeof CLASS.success | typeof CLASS.error,
    attributes: StunAttribute[],
    key?: Buffer,
  ) => {
    if (socket.destroyed) return;
    socket.write(
      encode(
        { method: request.method, cls, transactionId: request.transactionId, attributes },
        { ...(key ? { integrityKey: key } : {}), fingerprint: true },
      ),
    );
  };
  const refuse = (
    socket: net.Socket,
    request: ReceivedMessage,
    code: number,
    reason: string,
    extra: StunAttribute[] = [],
  ) => reply(socket, request, CLASS.error, [{ type: ATTR.errorCode, value: errorCode(code, reason) }, ...extra]);

  /** The key of a request's user, or undefined after answering 401/431/438 itself. */
  const authenticate = (
    socket: net.Socket,
    request: ReceivedMessage,
  ): { key: Buffer; username: string } | undefined => {
    const now = state();
    const challenge = [
      { type: ATTR.realm, value: Buffer.from(now.realm) },
      { type: ATTR.nonce, value: Buffer.from(nonce) },
    ];
    const username = textOf(request, ATTR.username);
    if (!username || !attributeOf(request, ATTR.messageIntegrity)) {
      refuse(socket, request, 401, "Unauthorized", challenge);
      return undefined;
    }
    if (textOf(request, ATTR.nonce) !== nonce || textOf(request, ATTR.realm) !== now.realm) {
      refuse(socket, request, 438, "Stale Nonce", challenge);
      return undefined;
    }
    const password = now.passwordOf(username);
    if (password === undefined) {
      refuse(socket, request, 401, "Unauthorized", challenge);
      return undefined;
    }
    const key = longTermKey(username, now.realm, password);
    if (now.rejectEveryPassword || verifyIntegrity(request.raw, key) !== true) {
      refuse(socket, request, 431, "Integrity Check Failure");
      return undefined;
    }
    return { key, username };
  };

  const listenOnRelay = async (range: TurnServerState["mediaRange"]): Promise<net.Server | undefined> => {
    for (let i = 0; i < PORT_TRIES; i++) {
      const relay = net.createServer();
      const candidate = randomInt(range.start, range.end + 1);
      const ok = await new Promise<boolean>((resolve) => {
        relay.once("error", () => resolve(false));
        relay.listen(candidate, "127.0.0.1", () => resolve(true));
      });
      if (ok) return relay;
    }
    return undefined;
  };

  const free = (allocation: Allocation) => {
    allocations.delete(allocation);
    allocation.relay.close();
    for (const [id, peer] of pending)
      if (peer.allocation === allocation) {
        peer.socket.destroy();
        pending.delete(id);
      }
  };

  const newConnectionId = () => randomBytes(4);

  /** One client connection: STUN until a ConnectionBind turns it into a pipe. */
  const serve = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    if (!state().active) {
      socket.destroy();
      return;
    }
    const stream = new StunStream();
    let allocation: Allocation | undefined;
    let piped = false;
    socket.on("close", () => {
      if (allocation) free(allocation);
    });

    const handle = async (request: ReceivedMessage) => {
      if (request.cls !== CLASS.request) return;
      const auth = authenticate(socket, request);
      if (!auth) return;
      const ok = (attributes: StunAttribute[] = []) => reply(socket, request, CLASS.success, attributes, auth.key);
      switch (request.method) {
        case METHOD.allocate: {
          if (allocation) return refuse(socket, request, 437, "Allocation Mismatch");
          const transport = attributeOf(request, ATTR.requestedTransport);
          if (!transport) return refuse(socket, request, 400, "Bad Request");
          const now = state();
          if (transport[0] !== TRANSPORT.tcp || now.protocolMode === "UDP")
            return refuse(socket, request, 442, "Unsupported Transport Protocol");
          const relay = await listenOnRelay(now.mediaRange);
          if (!relay) return refuse(socket, request, 508, "Insufficient Capacity");
          const relayed = { address: "127.0.0.1", port: (relay.address() as net.AddressInfo).port };
          const made: Allocation = { relay, relayed, permissions: new Set(), username: auth.username };
          allocation = made;
          allocations.add(made);
          relay.on("connection", (peer) => peerArrived(made, peer));
          const lifetime = Math.min(u32Of(request, ATTR.lifetime) ?? 600, LIFETIME_MAX);
          return ok([
            { type: ATTR.xorRelayedAddress, value: xorAddress(relayed, request.transactionId) },
            {
              type: ATTR.xorMappedAddress,
              value: xorAddress(
                { address: plainIp(socket.remoteAddress), port: socket.remotePort ?? 0 },
                request.transactionId,
              ),
            },
            { type: ATTR.lifetime, value: u32(lifetime) },
          ]);
        }
        case METHOD.refresh: {
          if (!allocation) return refuse(socket, request, 437, "Allocation Mismatch");
          const lifetime = Math.min(u32Of(request, ATTR.lifetime) ?? 600, LIFETIME_MAX);
          if (lifetime === 0) {
            free(allocation);
            allocation = undefined;
          }
          return ok([{ type: ATTR.lifetime, value: u32(lifetime) }]);
        }
        case METHOD.createPermission: {
          if (!allocation) return refuse(socket, request, 437, "Allocation Mismatch");
          const peer = xorAddressOf(request, ATTR.xorPeerAddress);
          if (!peer) return refuse(socket, request, 400, "Bad Request");
          if (!isLoopback(peer.address)) return refuse(socket, request, 403, "Forbidden");
          allocation.permissions.add(peer.address);
          return ok();
        }
        case METHOD.connect: {
          if (!allocation) return refuse(socket, request, 437, "Allocation Mismatch");
          const peer = xorAddressOf(request, ATTR.xorPeerAddress);
          if (!peer) return refuse(socket, request, 400, "Bad Request");
          if (!allocation.permissions.has(peer.address) || !isLoopback(peer.address))
            return refuse(socket, request, 403, "Forbidden");
          const dialled = await dial(peer);
          if (!dialled) return refuse(socket, request, 447, "Connection Timeout or Failure");
          const id = newConnectionId();
          pending.set(id.toString("hex"), { socket: dialled, allocation });
          return ok([{ type: ATTR.connectionId, value: id }]);
        }
        case METHOD.connectionBind: {
          const id = attributeOf(request, ATTR.connectionId);
          const peer = id && pending.get(id.toString("hex"));
          if (!id || !peer) return refuse(socket, request, 400, "Bad Request");
          pending.delete(id.toString("hex"));
          ok();
          piped = true;
          const early = stream.take();
          if (early.length > 0) peer.socket.write(early);
          socket.pipe(peer.socket);
          peer.socket.pipe(socket);
          peer.socket.on("close", () => socket.destroy());
          socket.on("close", () => peer.socket.destroy());
          return;
        }
        default:
          return refuse(socket, request, 400, "Bad Request");
      }
    };

    const peerArrived = (made: Allocation, peer: net.Socket) => {
      peer.on("error", () => undefined);
      const from = { address: plainIp(peer.remoteAddress), port: peer.remotePort ?? 0 };
      if (!made.permissions.has(from.address)) {
        peer.destroy();
        return;
      }
      peer.pause();
      const id = newConnectionId();
      pending.set(id.toString("hex"), { socket: peer, allocation: made });
      const transactionId = randomBytes(12);
      socket.write(
        encode(
          {
            method: METHOD.connectionAttempt,
            cls: CLASS.indication,
            transactionId,
            attributes: [
              { type: ATTR.xorPeerAddress, value: xorAddress(from, transactionId) },
              { type: ATTR.connectionId, value: id },
            ],
          },
          { fingerprint: true },
        ),
      );
    };

    // Requests on one connection are answered in order, one at a time, as they arrive.
    let queue = Promise.resolve();
    socket.on("data", (chunk: Buffer) => {
      if (piped) return;
      let messages: ReceivedMessage[];
      try {
        messages = stream.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const message of messages) queue = queue.then(() => (piped ? undefined : handle(message)));
    });
  };

  const server = net.createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    allocations: () => allocations.size,
    close: async () => {
      for (const allocation of [...allocations]) free(allocation);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function dial(peer: TransportAddress): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: peer.address, port: peer.port });
    socket.once("connect", () => {
      socket.pause();
      socket.on("error", () => undefined);
      resolve(socket);
    });
    socket.once("error", () => resolve(undefined));
  });
}
