import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Writes users.csv: `count` fictitious users (default 1,000), the same every run. Names are
 * drawn from short made-up lists; JIDs are at octavio.example (a reserved domain). Run from
 * the package root: `npx tsc -p tsconfig.json && node dist/examples/spaces-from-csv/generate-users.js [count]`.
 */

const FIRST = ["Ada", "Bram", "Cleo", "Dario", "Elin", "Femi", "Gaia", "Hugo", "Ines", "Joss", "Kira", "Lior"];
const LAST = ["Arden", "Brisk", "Calder", "Dunmore", "Eskel", "Farrow", "Galt", "Hale", "Ivers", "Jory", "Kell"];

function users(count: number): string[] {
  const lines = ["username,displayName,jid,callId,guestPasscode"];
  for (let n = 0; n < count; n++) {
    const first = FIRST[n % FIRST.length];
    const last = LAST[Math.floor(n / FIRST.length) % LAST.length];
    const username = `${first}.${last}${n}`.toLowerCase();
    // Space call ids 6100000..; the access methods append a digit (61000001, 61000002).
    const callId = String(6_100_000 + n);
    const passcode = String(100_000 + ((n * 7919) % 900_000));
    lines.push(`${username},${first} ${last},${username}@octavio.example,${callId},${passcode}`);
  }
  return lines;
}

const count = Number(process.argv[2] ?? 1000);
const file = path.join(__dirname, "..", "..", "..", "examples", "spaces-from-csv", "users.csv");
fs.writeFileSync(file, `${users(count).join("\n")}\n`);
console.log(`wrote ${count} users to ${file}`);
