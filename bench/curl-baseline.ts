import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * What users run today from the Cisco guides: a plain shell script with one curl per
 * object. Generated for the same objects the provider creates, run with bash. With
 * `lanes` > 1 the script runs that many sequential lanes in the background at once (a
 * parallel peer with the provider's concurrency cap); one curl process per request either way.
 */

export interface Device {
  readonly url: string;
  readonly username: string;
  readonly password: string;
}

const quote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

/** The script text: `lanes` background subshells, each running its share of the lines in order. */
function scriptText(lines: readonly string[], lanes: number): string {
  if (lanes <= 1) return `${["set -e", ...lines].join("\n")}\n`;
  const out = ["set -e"];
  for (let lane = 0; lane < lanes; lane++) {
    out.push("(", "set -e", ...lines.filter((_, i) => i % lanes === lane), `) &`, `lane${lane}=$!`);
  }
  // `wait <pid>` returns the lane's status, so set -e stops on a failed lane.
  for (let lane = 0; lane < lanes; lane++) out.push(`wait "$lane${lane}"`);
  return `${out.join("\n")}\n`;
}

function runScript(lines: readonly string[], lanes = 1): Promise<{ ms: number; output: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "curl-baseline-"));
  const file = path.join(dir, "script.sh");
  fs.writeFileSync(file, scriptText(lines, lanes));
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

const form = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `--data-urlencode ${quote(`${key}=${value}`)}`)
    .join(" ");

const json = (body: Record<string, string>) => `-H 'Content-Type: application/json' -d ${quote(JSON.stringify(body))}`;

/** POST one coSpace per entry, printing each Location header; returns the created ids. */
export async function curlCreateSpaces(
  cms: Device,
  spaces: readonly { name: string; uri: string; callId: string }[],
  lanes = 1,
): Promise<{ ms: number; ids: string[] }> {
  const location = "-o /dev/null -w '%header{location}\\n'";
  const lines = spaces.map(
    (s) => `curl -sS -f ${location} ${auth(cms)} -X POST ${form(s)} ${quote(`${cms.url}/api/v1/coSpaces`)}`,
  );
  const { ms, output } = await runScript(lines, lanes);
  const ids = output
    .split("\n")
    .map((l) => l.trim().split("/").pop() ?? "")
    .filter((id) => id !== "");
  return { ms, ids };
}

export async function curlDeleteSpaces(cms: Device, ids: readonly string[], lanes = 1): Promise<{ ms: number }> {
  return runScript(
    ids.map((id) => `curl -sS -f -o /dev/null ${auth(cms)} -X DELETE ${quote(`${cms.url}/api/v1/coSpaces/${id}`)}`),
    lanes,
  );
}

const credentials = (exp: Device) => quote(`${exp.url}/api/provisioning/common/credential`);

export async function curlCreateCredentials(
  exp: Device,
  users: readonly { name: string; password: string }[],
): Promise<{ ms: number }> {
  return runScript(
    users.map((u) => {
      const body = json({ Name: u.name, Password: u.password });
      return `curl -sS -f -o /dev/null ${auth(exp)} -X POST ${body} ${credentials(exp)}`;
    }),
  );
}

export async function curlDeleteCredentials(exp: Device, names: readonly string[]): Promise<{ ms: number }> {
  return runScript(
    names.map((name) => `curl -sS -f -o /dev/null ${auth(exp)} -X DELETE ${json({ Name: name })} ${credentials(exp)}`),
  );
}
