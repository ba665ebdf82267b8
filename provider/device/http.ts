import { Agent, type Dispatcher, request } from "undici";
import type { ConnectionSettings } from "../connection";
import { basicCredentials } from "../secrets";

/**
 * One HTTP exchange with a device: timeouts, a per-device concurrency cap, TLS
 * verification, and bounded retries for idempotent methods. POST is never retried
 * here; its callers decide after looking the object up (see provider/lifecycle/collection.ts).
 */

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface HttpCall {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path and query, e.g. /api/v1/coSpaces?filter=x */
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
  /**
   * Whether sending it twice has the effect of sending it once (default: all but POST).
   * A call that is not is sent once, and an ambiguous failure is left to the caller.
   */
  readonly idempotent?: boolean;
}

/** The request may or may not have been applied by the device. */
export class TransportError extends Error {
  constructor(
    message: string,
    /** The device may have applied the request. */
    readonly ambiguous: boolean,
    readonly status?: number,
    /** Retrying cannot help (TLS verification, unknown host). */
    readonly permanent = false,
  ) {
    super(message);
  }

  override readonly name = "TransportError";
  /** How long the device asked us to wait (its Retry-After header, bounded); undefined when it did not say. */
  retryAfterMs?: number;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
/** What a refusal status means, appended to its message. */
const STATUS_NOTES: Readonly<Record<number, string>> = { 503: " (device busy)", 429: " (too many requests)" };
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The per-device cap on requests in flight. A freed slot is handed to the first waiter
 * rather than released: otherwise a caller arriving before the woken waiter runs takes
 * it too, and the cap is exceeded.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

const agents = new Map<string, Agent>();
const semaphores = new Map<string, Semaphore>();
const warnedInsecure = new Set<string>();

function agentFor(settings: ConnectionSettings): Agent {
  const key = `${settings.url}|${settings.insecure}|${settings.caCert ?? ""}|${settings.connectTimeoutMs}`;
  let agent = agents.get(key);
  if (!agent) {
    if (settings.insecure && !warnedInsecure.has(settings.url)) {
      warnedInsecure.add(settings.url);
      console.warn(
        `warning: TLS certificate verification is OFF for device profile "${settings.profile}" (${settings.url}) ` +
          `because ${settings.profile}:insecure is true; anyone on the path can read its credentials.`,
      );
    }
    agent = new Agent({
      connect: {
        timeout: settings.connectTimeoutMs,
        rejectUnauthorized: !settings.insecure,
        ...(settings.caCert ? { ca: settings.caCert } : {}),
      },
      // No connection cap here: the semaphore alone holds maxConcurrency, so a test of the
      // cap cannot pass because undici's pool happens to cap too.
      keepAliveTimeout: 4_000,
    });
    agents.set(key, agent);
  }
  return agent;
}

function semaphoreFor(settings: ConnectionSettings): Semaphore {
  let semaphore = semaphores.get(settings.url);
  if (!semaphore) {
    semaphore = new Semaphore(settings.maxConcurrency);
    semaphores.set(settings.url, semaphore);
  }
  return semaphore;
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(Math.max(seconds, 0) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(date - Date.now(), 0), MAX_RETRY_AFTER_MS);
}

const MAX_BACKOFF_MS = 10_000;

function backoffMs(settings: ConnectionSettings, attempt: number): number {
  const ceiling = Math.min(settings.retryBaseMs * 2 ** attempt, MAX_BACKOFF_MS);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * The wait before retry number `attempt + 1`: what the device asked for (Retry-After,
 * already bounded), else bounded exponential backoff with jitter. The one policy for
 * the transport's own retries and for the lifecycle's re-POSTs.
 */
export function retryDelayMs(settings: ConnectionSettings, attempt: number, retryAfter?: number): number {
  return retryAfter ?? backoffMs(settings, attempt);
}

/**
 * How the provider waits between attempts (transport retries, re-POSTs, renames): one
 * seam, so a test can observe each wait without sleeping through it.
 */
export const retryClock = {
  sleep: (ms: number): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

/** Waits `ms` through the retry clock. */
export function pause(ms: number): Promise<void> {
  return retryClock.sleep(ms);
}

/**
 * `<profile>:retryBudgetSeconds` for one call, on the wall clock: its attempts and the waits
 * between them. Started when the call starts; every loop that tries again (the transport's
 * retries, the lifecycle's re-POSTs, a rename's) asks it before waiting.
 */
export class RetryBudget {
  private readonly deadline: number;

  constructor(private readonly settings: ConnectionSettings) {
    this.deadline = Date.now() + settings.retryBudgetMs;
  }

  /** Whether waiting `waitMs` and trying again still starts within the budget. */
  allows(waitMs: number): boolean {
    return Date.now() + waitMs < this.deadline;
  }

  /** Appended to the last error when the budget ends the attempts. */
  exhausted(attempts: number): string {
    return (
      ` (gave up after ${attempts} attempt${attempts === 1 ? "" : "s"}: ` +
      `${this.settings.profile}:retryBudgetSeconds is ${this.settings.retryBudgetMs / 1000})`
    );
  }

  /**
   * Before attempt `attempt + 2` of a call retried above the transport (a re-POST, a rename):
   * waits as the transport does, or throws `error` when maxRetries or the budget are used up.
   */
  async waitToRetry(error: TransportError, attempt: number): Promise<void> {
    if (attempt >= this.settings.maxRetries) throw error;
    const wait = retryDelayMs(this.settings, attempt, error.retryAfterMs);
    if (!this.allows(wait)) {
      error.message += this.exhausted(attempt + 1);
      throw error;
    }
    await pause(wait);
  }
}

/** Where a request went, for every message: `POST /api/v1/coSpaces to device profile "cms" (https://…)`. */
export function requestLabel(settings: ConnectionSettings, call: Pick<HttpCall, "method" | "path">): string {
  return `${call.method} ${pathOnly(call.path)} to device profile "${settings.profile}" (${settings.url})`;
}

/** Codes of a certificate the provider refused: retrying cannot help. */
const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

/**
 * Where the object was recorded at another URL than the profile's (an earlier up, before the
 * profile's url changed): that this URL was used, why, and the one command that moves the
 * objects to the profile's url. Empty otherwise.
 */
function recordedUrlNote(settings: ConnectionSettings): string {
  const p = settings.profile;
  if (settings.profileUrl === undefined) return "";
  return (
    `. ${settings.url} is the URL recorded in state for this object (an earlier up created it there), not ` +
    `${p}:url (${settings.profileUrl}): if the object now answers at ${p}:url, run ` +
    `\`pulumi config set ${p}:urlChange same-device\` and \`pulumi up\` to move the objects there first`
  );
}

/**
 * Describes a network failure without anything from the request (no headers, no body),
 * ending with the config key that fixes it.
 */
function describeNetworkError(error: unknown, settings: ConnectionSettings): string {
  return describeNetworkFailure(error, settings) + recordedUrlNote(settings);
}

function describeNetworkFailure(error: unknown, settings: ConnectionSettings): string {
  const err = error as { name?: string; message?: string };
  const code = errorCode(error);
  const p = settings.profile;
  if (
    err.name === "TimeoutError" ||
    err.name === "AbortError" ||
    code === "UND_ERR_HEADERS_TIMEOUT" ||
    code === "UND_ERR_BODY_TIMEOUT"
  )
    return (
      `no answer within ${settings.timeoutMs / 1000} s; the device accepted the connection but did not respond ` +
      `(raise ${p}:timeoutSeconds if it is just slow)`
    );
  if (code === "UND_ERR_CONNECT_TIMEOUT")
    return (
      `connection timed out after ${settings.connectTimeoutMs / 1000} s; ` +
      `check ${p}:url and that the device is reachable (${p}:connectTimeoutSeconds)`
    );
  if (code === "ECONNREFUSED") return `connection refused; check ${p}:url and that the device's API is running`;
  if (code === "ENOTFOUND") return `the host name does not resolve; check ${p}:url`;
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return `connection reset by the device; check ${p}:url`;
  if (code && TLS_FAILURE.test(code))
    return (
      `TLS verification failed (${code}); give the device's CA with ${p}:caCert ` +
      `(\`pulumi config set ${p}:caCert -- "$(cat ca.pem)"\`)`
    );
  return `${code ?? err.message ?? "network error"}; check ${p}:url`;
}

/**
 * Prints a line every `progressIntervalMs` while a call waits on the device, so a stalled
 * device is visible long before its timeout (the Pulumi CLI shows provider output as it comes).
 */
function progressTicker(settings: ConnectionSettings, call: HttpCall): () => void {
  const started = Date.now();
  const timer = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    console.error(
      `waiting for ${settings.profile} ${settings.url} ${call.method} ${pathOnly(call.path)}, ${seconds} s`,
    );
  }, settings.progressIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function errorCode(error: unknown): string | undefined {
  const err = error as { code?: string; cause?: { code?: string } };
  return err.code ?? err.cause?.code;
}

function isPermanent(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && (TLS_FAILURE.test(code) || code === "ENOTFOUND");
}

/** Whether a network failure can have happened after the device received the request. */
function mayHaveReachedDevice(error: unknown): boolean {
  const code = errorCode(error);
  return !(code === "ECONNREFUSED" || code === "UND_ERR_CONNECT_TIMEOUT" || isPermanent(error));
}

async function once(settings: ConnectionSettings, call: HttpCall): Promise<HttpAnswer> {
  const headers: Record<string, string> = {
    authorization: `Basic ${basicCredentials(settings.username, settings.password)}`,
    accept: "*/*",
  };
  if (call.body !== undefined) headers["content-type"] = call.contentType ?? "application/x-www-form-urlencoded";
  const options: {
    dispatcher: Dispatcher;
    method: HttpCall["method"];
    headers: Record<string, string>;
    body?: string;
    signal: AbortSignal;
    headersTimeout: number;
    bodyTimeout: number;
  } = {
    dispatcher: agentFor(settings),
    method: call.method,
    headers,
    signal: AbortSignal.timeout(settings.timeoutMs),
    headersTimeout: settings.timeoutMs,
    bodyTimeout: settings.timeoutMs,
  };
  if (call.body !== undefined) options.body = call.body;
  const answer = await request(`${settings.url}${call.path}`, options);
  const body = await answer.body.text();
  return { status: answer.statusCode, headers: answer.headers, body };
}

/**
 * Sends one call. GET, PUT and DELETE are retried on 429/5xx and network failures with
 * exponential backoff and jitter (honouring Retry-After); POST is sent once, and a
 * failure that may have reached the device is reported as ambiguous.
 */
export async function send(settings: ConnectionSettings, call: HttpCall): Promise<HttpAnswer> {
  return sendWithRetries(settings, call);
}

/**
 * One attempt, once the device's cap lets it go: the progress ticker counts from here, so a
 * call queued behind thousands of others is not reported as a device that does not answer.
 */
async function attemptOnce(settings: ConnectionSettings, call: HttpCall): Promise<HttpAnswer> {
  const stopTicker = progressTicker(settings, call);
  try {
    return await once(settings, call);
  } finally {
    stopTicker();
  }
}

async function sendWithRetries(settings: ConnectionSettings, call: HttpCall): Promise<HttpAnswer> {
  // The retry budget bounds the whole call: a stalled device fails in about a minute, not maxRetries × timeout.
  const budget = new RetryBudget(settings);
  const idempotent = call.idempotent ?? call.method !== "POST";
  const attempts = idempotent ? settings.maxRetries + 1 : 1;
  let lastError: TransportError | undefined;
  let usedAttempts = attempts;
  let outOfBudget = false;
  for (let attempt = 0; attempt < attempts; attempt++) {
    let waitMs = 0;
    try {
      const answer = await semaphoreFor(settings).run(() => attemptOnce(settings, call));
      if (isForeignNotFound(answer) && attempt + 1 < attempts) {
        // A web page, not the API: a proxy or maintenance page in the way, which may pass.
        // Retried like a refusal; if it stays, the device client reports it with the URL.
        await pause(retryDelayMs(settings, attempt));
        continue;
      }
      if (!RETRYABLE_STATUS.has(answer.status)) return answer;
      // 429 and 503 mean the device refused to work on it; other 5xx may have half-applied.
      const ambiguous = answer.status !== 429 && answer.status !== 503;
      lastError = new TransportError(
        `${requestLabel(settings, call)} answered HTTP ${answer.status}${STATUS_NOTES[answer.status] ?? ""}`,
        ambiguous,
        answer.status,
      );
      lastError.retryAfterMs = retryAfterMs(answer.headers["retry-after"]);
      waitMs = retryDelayMs(settings, attempt, lastError.retryAfterMs);
    } catch (error) {
      if (error instanceof TransportError) throw error;
      const permanent = isPermanent(error);
      lastError = new TransportError(
        `${requestLabel(settings, call)} failed: ${describeNetworkError(error, settings)}`,
        mayHaveReachedDevice(error),
        undefined,
        permanent,
      );
      if (permanent) throw lastError;
      waitMs = retryDelayMs(settings, attempt);
    }
    if (attempt + 1 >= attempts) break;
    if (!budget.allows(waitMs)) {
      usedAttempts = attempt + 1;
      outOfBudget = true;
      break;
    }
    await pause(waitMs);
  }
  const error = lastError ?? new TransportError(`${requestLabel(settings, call)} failed`, true);
  if (outOfBudget) error.message += budget.exhausted(usedAttempts);
  else if (idempotent && attempts > 1) error.message += ` (after ${attempts} attempts)`;
  throw error;
}

/** A 404 whose body is an HTML page: neither device API answers in HTML. */
function isForeignNotFound(answer: HttpAnswer): boolean {
  if (answer.status !== 404) return false;
  const type = answer.headers["content-type"];
  return /text\/html/i.test(String(type ?? "")) || /^\s*(<!doctype html|<html)/i.test(answer.body);
}

function pathOnly(path: string): string {
  return path.split("?")[0];
}

/** Closes pooled connections (tests and short-lived CLIs). */
export async function closeAllConnections(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  semaphores.clear();
  await Promise.all(all.map((agent) => agent.close()));
}
