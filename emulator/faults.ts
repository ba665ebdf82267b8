/**
 * Fault injection shared by both emulators: per route and method, as a rate with a
 * seed so that a failing run can be replayed exactly.
 */

export const FAULT_KINDS = [
  "latency",
  "busy",
  "throttle",
  "error",
  "reset",
  "commitThenDrop",
  "stall",
  "unauthorized",
  /** The handler runs (a write is applied), then the answer is replaced by a 500. */
  "applyThen500",
  /** A 404 with an HTML page that is not the API's (a proxy or maintenance page); the handler does not run. */
  "foreign404",
  /** A 400 refusal in Expressway's shape, `{"Message": …}`, about nothing in particular; the handler does not run. */
  "refuse400",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  readonly kind: FaultKind;
  /** Probability in [0, 1] that a matching request gets this fault (default 1). */
  readonly rate?: number;
  /** Methods it applies to (default all). `WRITE` stands for POST, PUT and DELETE. */
  readonly methods?: readonly string[];
  /** Path prefix it applies to, e.g. `/api/v1/coSpaces` (default all). */
  readonly path?: string;
  /** For `latency`: added delay; for `stall`: how long before the socket is closed (default 30 s). */
  readonly ms?: number;
  /** For `throttle`: the Retry-After header in seconds (default 1). */
  readonly retryAfterSeconds?: number;
  /** For `throttle`: Retry-After as an HTTP date that many seconds ahead (RFC 9110 allows both forms). */
  readonly retryAfterForm?: "seconds" | "date";
  /** Stop after this many injections. */
  readonly count?: number;
}

export interface FaultPlanOptions {
  readonly rules?: readonly FaultRule[];
  readonly seed?: number;
  /** Fixed latency added to every request (benchmarks). */
  readonly latencyMs?: number;
}

/** mulberry32: small, fast and good enough to make fault sequences replayable. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WRITE_METHODS = ["POST", "PUT", "DELETE"];

function ruleMatches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.path && !path.toLowerCase().startsWith(rule.path.toLowerCase())) return false;
  if (!rule.methods || rule.methods.length === 0) return true;
  return rule.methods.some((m) =>
    m.toUpperCase() === "WRITE" ? WRITE_METHODS.includes(method) : m.toUpperCase() === method,
  );
}

export class FaultPlan {
  private rules: FaultRule[];
  private random: () => number;
  private used = new Map<FaultRule, number>();
  latencyMs: number;
  seed: number;

  constructor(options: FaultPlanOptions = {}) {
    this.rules = [...(options.rules ?? [])];
    this.seed = options.seed ?? 1;
    this.random = seededRandom(this.seed);
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** Replace the rules (and optionally the seed) while the emulator runs. */
  set(options: FaultPlanOptions): void {
    this.rules = [...(options.rules ?? [])];
    if (options.seed !== undefined) {
      this.seed = options.seed;
      this.random = seededRandom(options.seed);
    }
    if (options.latencyMs !== undefined) this.latencyMs = options.latencyMs;
    this.used.clear();
  }

  clear(): void {
    this.set({ rules: [] });
  }

  /**
   * The faults to apply to one request: any number of latency rules plus at most one
   * failure, the first matching rule whose dice roll hits.
   */
  pick(method: string, path: string): { delayMs: number; failure?: FaultRule } {
    let delayMs = this.latencyMs;
    let failure: FaultRule | undefined;
    for (const rule of this.rules) {
      if (!ruleMatches(rule, method, path)) continue;
      const used = this.used.get(rule) ?? 0;
      if (rule.count !== undefined && used >= rule.count) continue;
      // Always draw, so the sequence depends only on the seed and the request order.
      const hit = this.random() < (rule.rate ?? 1);
      if (!hit) continue;
      if (rule.kind === "latency") {
        delayMs += rule.ms ?? 0;
        this.used.set(rule, used + 1);
      } else if (!failure) {
        failure = rule;
        this.used.set(rule, used + 1);
      }
    }
    return failure ? { delayMs, failure } : { delayMs };
  }
}

/**
 * Parses the command-line form
 * `kind[,rate=0.1][,methods=POST|PUT][,path=/api/v1/coSpaces][,ms=200][,retryAfter=2][,retryAfterForm=date][,count=3]`.
 */
export function parseFaultRule(text: string): FaultRule {
  const [kindText, ...options] = text.split(",").map((s) => s.trim());
  if (!(FAULT_KINDS as readonly string[]).includes(kindText)) {
    throw new Error(`unknown fault kind "${kindText}"; allowed: ${FAULT_KINDS.join(", ")}`);
  }
  const rule: { -readonly [K in keyof FaultRule]: FaultRule[K] } = { kind: kindText as FaultKind };
  for (const option of options) {
    const [key, value] = option.split("=");
    const number = Number(value);
    switch (key) {
      case "rate":
        if (!(number >= 0 && number <= 1)) throw new Error(`fault rate must be between 0 and 1, got "${value}"`);
        rule.rate = number;
        break;
      case "methods":
        rule.methods = value.split("|").map((m) => m.toUpperCase());
        break;
      case "path":
        rule.path = value;
        break;
      case "ms":
        rule.ms = number;
        break;
      case "retryAfter":
        rule.retryAfterSeconds = number;
        break;
      case "retryAfterForm":
        if (value !== "seconds" && value !== "date")
          throw new Error(`retryAfterForm must be seconds or date, got "${value}"`);
        rule.retryAfterForm = value;
        break;
      case "count":
        rule.count = number;
        break;
      default:
        throw new Error(
          `unknown fault option "${key}" in "${text}"; ` +
            "allowed: rate, methods, path, ms, retryAfter, retryAfterForm, count",
        );
    }
  }
  return rule;
}
