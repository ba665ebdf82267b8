import * as net from "node:net";
import { encode, type EncodeOptions, type ReceivedMessage, type StunMessage, StunStream } from "./stun";

/**
 * One TCP connection to a TURN server carrying STUN messages (RFC 5389 §7.2.2: over TCP a
 * message is its own frame). Answers are matched to requests by transaction id; indications
 * (ConnectionAttempt) wait in a queue. After a successful ConnectionBind the connection is a
 * raw pipe to the peer: `release` hands over the socket and whatever bytes already arrived.
 */

/** Why a connection or an answer did not come: each reads differently to an operator. */
export class TurnTransportError extends Error {
  constructor(
    message: string,
    readonly kind: "timeout" | "refused" | "closed" | "unreachable" | "malformed",
  ) {
    super(message);
  }
}

interface Waiter {
  readonly match: (message: ReceivedMessage) => boolean;
  readonly resolve: (message: ReceivedMessage) => void;
  readonly reject: (error: Error) => void;
}

export class StunConnection {
  private readonly stream = new StunStream();
  private readonly queued: ReceivedMessage[] = [];
  private waiters: Waiter[] = [];
  private failure: TurnTransportError | undefined;
  private released = false;

  private constructor(
    readonly socket: net.Socket,
    private readonly where: string,
    private readonly timeoutMs: number,
  ) {
    socket.on("data", (chunk: Buffer) => this.received(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => this.fail(transportError(error, where, timeoutMs)));
    socket.on("close", () =>
      this.fail(new TurnTransportError(`${where} closed the connection before answering`, "closed")),
    );
  }

  static open(host: string, port: number, timeoutMs: number): Promise<StunConnection> {
    const where = `${host}:${port}`;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new TurnTransportError(
            `no answer on ${where}: the TCP connection timed out after ${seconds(timeoutMs)}`,
            "timeout",
          ),
        );
      }, timeoutMs);
      socket.once("connect", () => {
        clearTimeout(timer);
        resolve(new StunConnection(socket, where, timeoutMs));
      });
      socket.once("error", (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(transportError(error, where, timeoutMs));
      });
    });
  }

  /** Sends a request (a fresh transaction id when it has none) and waits for the answer with its id. */
  request(message: StunMessage, options: EncodeOptions = {}): Promise<ReceivedMessage> {
    const answer = this.next((m) => m.transactionId.equals(message.transactionId));
    this.socket.write(encode(message, options));
    return answer;
  }

  /** The next message that matches (an indication, say), waiting up to the timeout. */
  next(match: (message: ReceivedMessage) => boolean): Promise<ReceivedMessage> {
    const at = this.queued.findIndex(match);
    if (at >= 0) return Promise.resolve(this.queued.splice(at, 1)[0]);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new TurnTransportError(
            `no answer from ${this.where} within ${seconds(this.timeoutMs)}: the port is open but nothing answered ` +
              "TURN (another service on that port, or a firewall that drops TURN)",
            "timeout",
          ),
        );
      }, this.timeoutMs);
      const waiter: Waiter = {
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Stops reading STUN: the socket and the bytes that followed the last message, for a raw pipe. */
  release(): { socket: net.Socket; early: Buffer } {
    this.released = true;
    this.socket.removeAllListeners("data");
    this.socket.removeAllListeners("close");
    this.socket.removeAllListeners("error");
    this.socket.on("error", () => undefined);
    return { socket: this.socket, early: this.stream.take() };
  }

  close(): void {
    this.socket.destroy();
  }

  private received(chunk: Buffer): void {
    if (this.released) return;
    let messages: ReceivedMessage[];
    try {
      messages = this.stream.push(chunk);
    } catch (error) {
      this.fail(
        new TurnTransportError(
          `${this.where} answered something that is not STUN: ${(error as Error).message}`,
          "malformed",
        ),
      );
      this.socket.destroy();
      return;
    }
    for (const message of messages) {
      const waiter = this.waiters.find((w) => w.match(message));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(message);
      } else this.queued.push(message);
    }
  }

  private fail(error: TurnTransportError): void {
    if (this.released || this.failure) return;
    this.failure = error;
    for (const waiter of this.waiters) waiter.reject(error);
    this.waiters = [];
  }
}

const seconds = (ms: number) => `${ms / 1000} s`;

function transportError(error: NodeJS.ErrnoException, where: string, timeoutMs: number): TurnTransportError {
  switch (error.code) {
    case "ECONNREFUSED":
      return new TurnTransportError(
        `connection refused on ${where}: nothing listens on that TCP port (TURN services off, or another port)`,
        "refused",
      );
    case "ETIMEDOUT":
      return new TurnTransportError(`no answer on ${where} within ${seconds(timeoutMs)}`, "timeout");
    case "ECONNRESET":
    case "EPIPE":
      return new TurnTransportError(`${where} reset the connection`, "closed");
    default:
      return new TurnTransportError(
        `cannot reach ${where}: ${error.code ?? ""} ${error.message}`.trim(),
        "unreachable",
      );
  }
}
