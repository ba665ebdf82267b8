import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { FaultPlan, type FaultPlanOptions, type FaultRule } from "./faults";

/** One parsed request as the device-specific handlers see it. */
export interface EmulatorRequest {
  readonly method: string;
  /** Path without the query string, percent-decoded per segment by the handler if needed. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A device-specific handler: synchronous, so that every request applies atomically. */
export type EmulatorHandler = (request: EmulatorRequest) => EmulatorResponse;

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** The query string without its `?` ("" when none), e.g. `filter=room&offset=20`. */
  readonly query: string;
  /** Request headers, lower-case names, without Authorization (the password never enters a recording). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as received ("" when none): lets a test assert what an update sent, e.g. `cdrTag=`. */
  readonly body: string;
  /** Final status, or the fault that replaced the answer. */
  readonly outcome: number | "reset" | "commitThenDrop" | "stall";
}

/** Headers as recorded: single strings, Authorization left out. */
function recordedHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === "authorization" || value === undefined) continue;
    kept[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return kept;
}

/**
 * A 404 that did not come from the API: the HTML page a reverse proxy or a maintenance
 * screen answers with (fault `foreign404`). A client must not read it as "object gone".
 */
export const FOREIGN_404_BODY =
  "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n" +
  "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

export interface ServerOptions {
  readonly name: string;
  readonly port?: number;
  readonly username: string;
  readonly password: string;
  readonly tls?: { readonly key: string; readonly cert: string };
  readonly faults?: FaultPlanOptions;
  readonly handler: EmulatorHandler;
}

export interface EmulatorServer {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** Every request received, in order (faults included). */
  readonly requests: RecordedRequest[];
  readonly faults: FaultPlan;
  /** Count of recorded requests by method, e.g. `{ GET: 3, POST: 1 }`. */
  countByMethod(): Record<string, number>;
  /** Most requests in progress at once since start or the last clearRequests(). */
  peakConcurrency(): number;
  clearRequests(): void;
  close(): Promise<void>;
}

const LOOPBACK = "127.0.0.1";

function basicAuthMatches(header: string | undefined, username: string, password: string): boolean {
  if (!header?.startsWith("Basic ")) return false;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  return decoded === `${username}:${password}`;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function failureAnswer(rule: FaultRule): EmulatorResponse | undefined {
  switch (rule.kind) {
    case "busy":
      return { status: 503, headers: { "Content-Type": "text/plain" }, body: "Service Unavailable" };
    case "throttle": {
      const seconds = rule.retryAfterSeconds ?? 1;
      const retryAfter =
        rule.retryAfterForm === "date" ? new Date(Date.now() + seconds * 1000).toUTCString() : String(seconds);
      return { status: 429, headers: { "Retry-After": retryAfter }, body: "Too Many Requests" };
    }
    case "error":
      return { status: 500, headers: { "Content-Type": "text/plain" }, body: "Internal Server Error" };
    case "unauthorized":
      return { status: 401, headers: { "WWW-Authenticate": 'Basic realm="api"' }, body: "" };
    case "foreign404":
      return { status: 404, headers: { "Content-Type": "text/html" }, body: FOREIGN_404_BODY };
    case "refuse400":
      return {
        status: 400,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ Message: "Operation refused (injected fault)" }),
      };
    default:
      return undefined;
  }
}

/** Starts an emulator on loopback only; port 0 (default) picks a free port. */
export async function startEmulatorServer(options: ServerOptions): Promise<EmulatorServer> {
  const requests: RecordedRequest[] = [];
  const faults = new FaultPlan(options.faults);
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let peak = 0;

  const listener = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const method = (request.method ?? "GET").toUpperCase();
    const url = new URL(request.url ?? "/", "http://emulator");
    const body = await readBody(request);
    const record = (outcome: RecordedRequest["outcome"]) =>
      requests.push({
        method,
        path: url.pathname,
        query: url.search.replace(/^\?/, ""),
        headers: recordedHeaders(request.headers),
        body,
        outcome,
      });
    const send = (answer: EmulatorResponse) => {
      record(answer.status);
      const payload = answer.body ?? "";
      response.writeHead(answer.status, { ...answer.headers, "Content-Length": String(Buffer.byteLength(payload)) });
      response.end(payload);
    };

    const { delayMs, failure } = faults.pick(method, url.pathname);
    if (delayMs > 0) await sleep(delayMs);

    if (failure?.kind === "reset") {
      record("reset");
      request.socket.destroy();
      return;
    }
    if (failure?.kind === "stall") {
      record("stall");
      const timer = setTimeout(() => request.socket.destroy(), failure.ms ?? 30_000);
      request.socket.once("close", () => clearTimeout(timer));
      return;
    }
    const injected = failure ? failureAnswer(failure) : undefined;
    if (injected) return send(injected);

    if (!basicAuthMatches(request.headers.authorization, options.username, options.password)) {
      return send({ status: 401, headers: { "WWW-Authenticate": 'Basic realm="api"' }, body: "" });
    }
    let answer: EmulatorResponse;
    try {
      answer = options.handler({ method, path: url.pathname, query: url.searchParams, headers: request.headers, body });
    } catch (error) {
      answer = {
        status: 500,
        headers: { "Content-Type": "text/plain" },
        body: `emulator error: ${(error as Error).message}`,
      };
    }
    if (failure?.kind === "commitThenDrop") {
      // The write has been applied; the client never learns whether it was.
      record("commitThenDrop");
      request.socket.destroy();
      return;
    }
    if (failure?.kind === "applyThen500") {
      // The write has been applied, but the client is told it failed.
      return send({ status: 500, headers: { "Content-Type": "text/plain" }, body: "Internal Server Error" });
    }
    send(answer);
  };

  const handle = (request: http.IncomingMessage, response: http.ServerResponse) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    let done = false;
    const finish = () => {
      if (!done) inFlight--;
      done = true;
    };
    response.once("close", finish);
    listener(request, response).catch(() => request.socket.destroy());
  };
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handle)
    : http.createServer(handle);
  server.keepAliveTimeout = 5_000;
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("secureConnection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls ? "https" : "http";

  return {
    name: options.name,
    url: `${scheme}://${LOOPBACK}:${port}`,
    port,
    username: options.username,
    password: options.password,
    requests,
    faults,
    countByMethod() {
      const counts: Record<string, number> = {};
      for (const r of requests) counts[r.method] = (counts[r.method] ?? 0) + 1;
      return counts;
    },
    peakConcurrency: () => peak,
    clearRequests() {
      requests.length = 0;
      peak = inFlight;
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    },
  };
}
