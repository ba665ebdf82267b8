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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Replaces every occurrence of the given secrets, in each of their encoded forms, in a
 * text (last line of defence for messages), longest first so a secret containing another
 * is masked whole. Values shorter than MIN_MASKED_LENGTH are left alone; short ones are
 * masked only where they stand alone, never inside a longer word or number.
 */
export function maskSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const forms = [...new Set(secrets.flatMap((s) => (s === undefined ? [] : secretForms(s))))]
    .filter((form) => form.length >= MIN_MASKED_LENGTH)
    .sort((a, b) => b.length - a.length);
  let result = text;
  for (const form of forms) {
    if (form.length >= MASKED_ANYWHERE_LENGTH) result = result.split(form).join(SECRET_MASK);
    else result = result.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(form)}(?![A-Za-z0-9])`, "g"), SECRET_MASK);
  }
  return result;
}
