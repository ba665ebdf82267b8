import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/*
 * Secret fields are never stored in outputs as plaintext: outputs hold a salted
 * SHA-256 digest, so a changed password is detected without keeping or printing it.
 */

const PREFIX = "sha256:";

function hash(salt: string, value: string): string {
  return createHash("sha256").update(`${salt}:${value}`).digest("hex");
}

export function digestSecret(value: string): string {
  const salt = randomBytes(8).toString("hex");
  return `${PREFIX}${salt}:${hash(salt, value)}`;
}

export function isDigest(stored: unknown): stored is string {
  return typeof stored === "string" && /^sha256:[0-9a-f]{16}:[0-9a-f]{64}$/.test(stored);
}

/** True when `stored` (a digest, or legacy plaintext) stands for `value`. */
export function secretMatches(stored: unknown, value: string): boolean {
  if (!isDigest(stored)) return false;
  const [, salt, expected] = stored.split(":");
  const actual = hash(salt, value);
  return timingSafeEqual(Buffer.from(actual, "hex"), Buffer.from(expected, "hex"));
}

export const SECRET_MASK = "[secret]";

/**
 * Below this length a value is too short to recognise: masking it would garble unrelated
 * text (a passcode "10" inside a meeting URL) and reveal where it sits. Secrets must not
 * reach messages in the first place; masking is the last line of defence.
 */
export const MIN_MASKED_LENGTH = 4;
/** From this length a value is masked wherever it appears; shorter ones only as a whole token. */
const MASKED_ANYWHERE_LENGTH = 8;

/** The HTTP Basic `Authorization` value a profile's credentials are sent as. */
export function basicCredentials(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`).toString("base64");
}

/**
 * The base64 forms of a secret inside any base64 text (a Basic value, an encoded body): at each
 * of the three byte offsets it can start at, the characters that depend on its bytes alone.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret);
  const forms = [bytes.toString("base64")];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    // The first group mixes in the bytes before it (when offset > 0), the last the bytes after it.
    forms.push(encoded.slice(offset > 0 ? 4 : 0, Math.floor((offset + bytes.length) / 3) * 4));
  }
  return forms;
}

/** The forms a secret can take in a text: as is, URL- and form-encoded, JSON-escaped, base64 (inside any base64). */
export function secretForms(secret: string): string[] {
  const form = new URLSearchParams({ x: secret }).toString().slice(2);
  const json = JSON.stringify(secret).slice(1, -1);
  return [secret, encodeURIComponent(secret), form, json, ...base64Forms(secret)];
}

/**
 * Replaces every occurrence of the given secrets, in each of their encoded forms, in a
 * text (last line of defence for messages), the longest form first where several start at
 * one place, so a secret containing another is masked whole. Values shorter than
 * MIN_MASKED_LENGTH are left alone; short ones are masked only where they stand alone, never
 * inside a longer word or number.
 */
export function maskSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  return new SecretMasker(secrets).mask(text);
}

/**
 * maskSecrets for many texts and many secrets (the lab prints a line per step and knows a
 * secret per passcode of a large stack): each secret's forms are worked out once, and a text
 * is scanned once, looking up the forms that start with the characters at each position, so a
 * line costs its length, not the number of secrets.
 */
export class SecretMasker {
  /** Forms by their first MIN_MASKED_LENGTH characters, with their lengths, longest first. */
  private readonly byStart = new Map<string, { readonly forms: Set<string>; readonly lengths: number[] }>();
  private readonly known = new Set<string>();

  constructor(secrets: readonly (string | undefined)[] = []) {
    this.add(secrets);
  }

  add(secrets: readonly (string | undefined)[]): void {
    for (const secret of secrets) {
      if (secret === undefined || this.known.has(secret)) continue;
      this.known.add(secret);
      for (const form of secretForms(secret)) {
        if (form.length < MIN_MASKED_LENGTH) continue;
        const start = form.slice(0, MIN_MASKED_LENGTH);
        let bucket = this.byStart.get(start);
        if (!bucket) {
          bucket = { forms: new Set(), lengths: [] };
          this.byStart.set(start, bucket);
        }
        bucket.forms.add(form);
        if (!bucket.lengths.includes(form.length)) bucket.lengths.push(form.length);
        bucket.lengths.sort((a, b) => b - a);
      }
    }
  }

  mask(text: string): string {
    if (this.byStart.size === 0) return text;
    let masked = "";
    let copied = 0;
    for (let at = 0; at <= text.length - MIN_MASKED_LENGTH; ) {
      const length = this.formAt(text, at);
      if (length === undefined) {
        at++;
        continue;
      }
      masked += text.slice(copied, at) + SECRET_MASK;
      at += length;
      copied = at;
    }
    return masked + text.slice(copied);
  }

  /** The length of the longest form that starts at `at` and counts there, if any. */
  private formAt(text: string, at: number): number | undefined {
    const bucket = this.byStart.get(text.slice(at, at + MIN_MASKED_LENGTH));
    return bucket?.lengths.find(
      (length) =>
        bucket.forms.has(text.slice(at, at + length)) &&
        (length >= MASKED_ANYWHERE_LENGTH || standsAlone(text, at, length)),
    );
  }
}

const WORD_CHARACTER = /[A-Za-z0-9]/;

/** A short form is a secret only as a whole token: no letter or digit just before or after it. */
function standsAlone(text: string, at: number, length: number): boolean {
  return !WORD_CHARACTER.test(text.charAt(at - 1)) && !WORD_CHARACTER.test(text.charAt(at + length));
}
