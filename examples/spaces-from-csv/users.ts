import * as fs from "node:fs";

/** One row of the users file: who gets a space, and the numbers and guest passcode it is reached by. */
export interface User {
  /** Login name: the space is `<username>`, its access methods `<username>.host` and `<username>.guest`. */
  readonly username: string;
  readonly displayName: string;
  /** The member's JID (the user's XMPP address). */
  readonly jid: string;
  /** The space's numeric call id; the host access method adds 1 after it, the guest one 2. */
  readonly callId: string;
  readonly guestPasscode: string;
}

const COLUMNS = ["username", "displayName", "jid", "callId", "guestPasscode"] as const;

/**
 * Reads a users CSV: a header naming the columns above (in any order), then one user per line.
 * Values hold no commas or quotes; a malformed line is refused with its line number.
 */
export function readUsers(file: string): User[] {
  const [header, ...lines] = fs
    .readFileSync(file, "utf8")
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "");
  const names = header.split(",").map((name) => name.trim());
  const missing = COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) throw new Error(`${file}: the header lacks ${missing.join(", ")} (it has ${header})`);
  return lines.map((line, index) => {
    const cells = line.split(",").map((cell) => cell.trim());
    if (cells.length !== names.length)
      throw new Error(`${file} line ${index + 2}: ${cells.length} values for ${names.length} columns`);
    const row = Object.fromEntries(names.map((name, i) => [name, cells[i]]));
    return {
      username: row.username,
      displayName: row.displayName,
      jid: row.jid,
      callId: row.callId,
      guestPasscode: row.guestPasscode,
    };
  });
}
