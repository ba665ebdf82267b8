import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Encrypts secret values for the state file and the lab's saved config, like
 * Pulumi's passphrase secrets provider but with a random 256-bit key kept in a
 * file next to the state (mode 0600) instead of a key derived from a passphrase.
 * Ciphertext format: `v1:<base64(iv[12] | tag[16] | ciphertext)>`, AES-256-GCM.
 */

const PREFIX = "v1:";
// The text is from before lab/runner became lab/fake-engine: key checks in existing
// state files were made with it, so it stays.
const CHECK_PLAINTEXT = "cisco-edge lab runner key check";

export class SecretsManager {
  private constructor(
    private readonly key: Buffer,
    readonly keyFile: string,
  ) {}

  /** Opens the key file, creating it (0600) when it does not exist yet. */
  static open(keyFile: string): SecretsManager {
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    if (!fs.existsSync(keyFile)) {
      try {
        fs.writeFileSync(keyFile, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
      } catch (error) {
        // Another process created it first: use theirs.
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    }
    const mode = fs.statSync(keyFile).mode & 0o777;
    if (mode & 0o077) fs.chmodSync(keyFile, 0o600);
    const key = Buffer.from(fs.readFileSync(keyFile, "utf8").trim(), "base64");
    if (key.length !== 32) throw new Error(`${keyFile} does not hold a base64 256-bit key`);
    return new SecretsManager(key, keyFile);
  }

  /** The key file that belongs to a state file: `<state>.key` in the same directory. */
  static keyFileFor(statePath: string): string {
    return `${statePath}.key`;
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
  }

  decrypt(ciphertext: string): string {
    if (!ciphertext.startsWith(PREFIX)) throw new Error("unknown secret ciphertext format");
    const raw = Buffer.from(ciphertext.slice(PREFIX.length), "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    } catch {
      throw new Error(`cannot decrypt a secret with the key in ${this.keyFile} (was the key file replaced?)`);
    }
  }

  /** A value stored with the state so a wrong key is detected before anything is decrypted. */
  keyCheck(): string {
    return this.encrypt(CHECK_PLAINTEXT);
  }

  verify(keyCheck: string): void {
    if (this.decrypt(keyCheck) !== CHECK_PLAINTEXT)
      throw new Error(`the key in ${this.keyFile} does not match this state file`);
  }
}
