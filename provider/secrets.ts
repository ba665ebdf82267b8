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
 * Replaces every occurrence of the given secrets in a text (last line of defence for
 * messages), longest first so a secret containing another is masked whole. Secrets
 * shorter than `minLength` are left alone where masking them would garble the text.
 */
export function maskSecrets(text: string, secrets: readonly (string | undefined)[], minLength = 3): string {
  let result = text;
  const ordered = secrets
    .filter((s): s is string => s !== undefined && s.length >= Math.max(1, minLength))
    .sort((a, b) => b.length - a.length);
  for (const secret of ordered) result = result.split(secret).join(SECRET_MASK);
  return result;
}
