import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * What users run today from the Cisco guides: a plain sequential shell script with one
 * curl per object. Generated for the same objects the provider creates, run with bash.
 */

export interface Device {
  readonly url: string;
  readonly username: string;
  readonly password: string;
}

const quote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

function runScript(lines: readonly string[]): Promise<{ ms: number; output: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "curl-baseline-"));
  const file = path.join(dir, "script.sh");
  fs.writeFileSync(file, `${["set -e", ...lines].join("\n")}\n`);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    execFile("bash", [file], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      fs.rmSync(dir, { recursive: true, force: true });
      if (error) reject(new Error(`curl script failed: ${error.message}\n${stderr.slice(0, 500)}`));
      else resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, output: stdout });
    });
  });
}

const auth = (d: Device) => `-u ${quote(`${d.username}:${d.password}`)}`;

/** POST one coSpace per entry, printing each Location header; returns the created ids. */
export async function curlCreateSpaces(
  cms: Device,
  spaces: readonly { name: string; uri: string; callId: string }[],
): Promise<{ ms: number; ids: string[] }> {
  const lines = spaces.map(
    (s) =>
      `curl -sS -f -o /dev/null -w '%header{location}\\n' ${auth(cms)} -X POST --data-urlencode ${quote(`name=${s.name}`)} --data-urlencode ${quote(`uri=${s.uri}`)} --data-urlencode ${quote(`callId=${s.callId}`)} ${quote(`${cms.url}/api/v1/coSpaces`)}`,
  );
  const { ms, output } = await runScript(lines);
  const ids = output
    .split("\n")
    .map((l) => l.trim().split("/").pop() ?? "")
    .filter((id) => id !== "");
  return { ms, ids };
}

export async function curlDeleteSpaces(cms: Device, ids: readonly string[]): Promise<{ ms: number }> {
  return runScript(
    ids.map((id) => `curl -sS -f -o /dev/null ${auth(cms)} -X DELETE ${quote(`${cms.url}/api/v1/coSpaces/${id}`)}`),
  );
}

export async function curlCreateCredentials(
  exp: Device,
  users: readonly { name: string; password: string }[],
): Promise<{ ms: number }> {
  return runScript(
    users.map(
      (u) =>
        `curl -sS -f -o /dev/null ${auth(exp)} -H 'Content-Type: application/json' -X POST -d ${quote(JSON.stringify({ Name: u.name, Password: u.password }))} ${quote(`${exp.url}/api/provisioning/common/credential`)}`,
    ),
  );
}

export async function curlDeleteCredentials(exp: Device, names: readonly string[]): Promise<{ ms: number }> {
  return runScript(
    names.map(
      (name) =>
        `curl -sS -f -o /dev/null ${auth(exp)} -H 'Content-Type: application/json' -X DELETE -d ${quote(JSON.stringify({ Name: name }))} ${quote(`${exp.url}/api/provisioning/common/credential`)}`,
    ),
  );
}
