import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { requireFreshBuild, ROOT } from "./example-stack";

/**
 * `npm run lab` itself (dist/lab/cli.js in a child process, its own emulators, its own
 * state directory): what it says it emulates, the table, the manual steps, and what
 * each command cost the emulators, read from its output.
 */

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGTERM");
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

interface Lab {
  readonly lines: string[];
  readonly stateDir: string;
  /** Resolves when a printed line matches (or rejects when the lab exits first). */
  waitFor(pattern: RegExp, after?: number): Promise<number>;
  send(line: string): void;
  /** Exit code once the lab has exited. */
  readonly exited: Promise<number | null>;
}

function startLab(args: string[], sharedState?: string): Lab {
  requireFreshBuild();
  const stateDir = sharedState ?? fs.mkdtempSync(path.join(os.tmpdir(), "lab-cli-"));
  if (!sharedState) dirs.push(stateDir);
  const child = spawn(process.execPath, [path.join(ROOT, "dist", "lab", "cli.js"), "--state-dir", stateDir, ...args], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let done = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      done = true;
      for (const listener of listeners) listener();
      resolve(code);
    }),
  );
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream as NodeJS.ReadableStream }).on("line", (line) => {
      lines.push(line);
      for (const listener of listeners) listener();
    });
  }
  return {
    lines,
    stateDir,
    exited,
    send: (line) => child.stdin?.write(`${line}\n`),
    waitFor(pattern, after = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const index = lines.findIndex((l, i) => i >= after && pattern.test(l));
          if (index >= 0) {
            listeners.delete(check);
            resolve(index);
          } else if (done) {
            listeners.delete(check);
            reject(new Error(`the lab exited without printing ${pattern}:\n${lines.join("\n")}`));
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}

const REQUESTS = /^Requests to the emulators during (\w+): (\d+) \(/;

test("npm run lab: the guide's CMS 2.2, the whole topology, the manual steps; a second up sends nothing", async () => {
  const lab = startLab([]);
  const first = await lab.waitFor(/^Requests to the emulators during up:/);
  const running = await lab.waitFor(/^Emulators running\./, first);
  const output = lab.lines.slice(0, running).join("\n");
  expect(output).toContain("Emulating CMS 2.2.1 and Expressway-C/E X8.11.4");
  expect(output).toContain('CMS TURN server type "standard"');
  // The program runs for the preview and again for the update; its lines are printed once.
  expect(lab.lines.slice(0, first).filter((l) => l.startsWith("[program] info:"))).toHaveLength(1);
  for (const kind of ["CmsXmppSettings", "CmsWebBridge", "ExpresswayDns", "ExpresswayMra", "ExpresswayTurn"])
    expect(output).toContain(kind);
  expect(output).toMatch(/^ {4}\+ 17 created$/m);
  expect(Number(REQUESTS.exec(lab.lines[first])?.[2])).toBeGreaterThan(17);
  const steps = lab.lines.findIndex((l) => /^Manual steps \(\d+\)/.test(l));
  expect(steps).toBeGreaterThan(first);
  expect(output).toContain("Guest account client URI: cmsweb.octavio.com");
  expect(output).toContain("xmpp domain cms.octavio.local");

  lab.send("up");
  const second = await lab.waitFor(REQUESTS, running);
  expect(lab.lines[second]).toBe(
    "Requests to the emulators during up: 0 (CMS 0, Expressway-C 0, Expressway-E 0; 0 writes).",
  );
  expect(lab.lines.slice(running, second).join("\n")).toMatch(/^ {4}= 17 unchanged$/m);
  // Issue 20.10: a no-op is a few lines (no table of "same" rows, outputs and manual steps one line each)...
  const pointer = await lab.waitFor(/^Manual steps \(12\): as listed before \(--show manual-steps/, second);
  const noOp = lab.lines.slice(running + 1, pointer + 1).filter((l) => l.trim() !== "");
  expect(noOp).toContain("Outputs: unchanged (--show outputs prints them)");
  expect(noOp.length).toBeLessThanOrEqual(10);
  // ...and the manual steps were listed once, by the first up, the manualSteps output pointing there.
  expect(lab.lines.filter((l) => l.startsWith("   1. CMS: MMP (SSH): callbridge listen"))).toHaveLength(1);
  expect(lab.lines).toContain('    manualSteps      : (listed under "Manual steps" below)');
  lab.send("preview --show manual-steps");
  const again = await lab.waitFor(REQUESTS, pointer);
  await lab.waitFor(/^ {3}1\. CMS: MMP \(SSH\): callbridge listen/, again);

  // Issue 20.12: the prompt has help; verify --fail against this lab's emulators, from another lab, is refused.
  lab.send("help");
  await lab.waitFor(/^config set KEY VALUE \[--secret\]/, again);
  const other = startLab(["verify", "--fail", "turn-inactive"], lab.stateDir);
  expect(await other.exited).toBe(2);
  expect(other.lines.join("\n")).toMatch(/verify --fail switches failures on in emulators this lab starts/);
  lab.send("quit");
  expect(await lab.exited).toBe(0);
});

test("--cms-version 3.8 emulates the current CMS and the example takes its 3.x shape", async () => {
  const lab = startLab(["preview", "--exit", "--cms-version", "3.8"]);
  expect(await lab.exited).toBe(0);
  const output = lab.lines.join("\n");
  expect(output).toContain("Emulating CMS 3.8.0 and Expressway-C/E X8.11.4");
  expect(output).toContain('CMS TURN server type "expressway"');
  expect(output).toContain("CMS 3.x: no XMPP");
  expect(output).not.toContain("CmsXmppSettings");
  expect(output).toContain("webbridge3");
  expect(output).toContain("Requests to the emulators during preview:");
  // The emulators stop with --exit: nothing to try against them.
  expect(output).not.toContain("curl");
});

test("a TURN password differing on one side: preview fails with its rule, no request sent", async () => {
  const lab = startLab(["preview", "--exit", "--config", "cmsTurnPassword=not-the-expressway-one"]);
  expect(await lab.exited).toBe(1);
  const output = lab.lines.join("\n");
  expect(output).toContain("[turn-credentials]");
  expect(output).toContain("431 Integrity Check Failure");
  expect(output).not.toContain("not-the-expressway-one");
  expect(output).toContain(
    "Requests to the emulators during preview: 0 (CMS 0, Expressway-C 0, Expressway-E 0; 0 writes).",
  );
  expect(output).not.toMatch(/^Manual steps/m);
});

test("skype-content verify: a TCP relay is allocated; --fail turn-tcp-off names ProtocolMode", async () => {
  const passing = startLab(["--program", "examples/skype-content", "verify"]);
  expect(await passing.exited).toBe(0);
  const passed = passing.lines.join("\n");
  expect(passed).toMatch(
    /^PASS {2}cms-turn-tcp-relay +turnServer \S+ at 127\.0\.0\.1:\d+ as "turn" .*a TCP relay was allocated/m,
  );
  // No Mobile and Remote Access in this system: no Expressway-C tunnel is expected.
  expect(passed).toMatch(/^SKIP {2}expressway-c-ssh-tunnels +no SSH tunnel expected/m);
  expect(passed).toMatch(/^All \d+ checks pass\.$/m);

  const failing = startLab(["--program", "examples/skype-content", "verify", "--fail", "turn-tcp-off"]);
  expect(await failing.exited).toBe(1);
  const failed = failing.lines.join("\n");
  expect(failed).toMatch(/^FAIL {2}expressway-e-turn-protocol ProtocolMode UDP: TCP relays are off/m);
  expect(failed).toMatch(/^FAIL {2}cms-turn-tcp-relay .*TCP relays are off \(442 .*ProtocolMode/m);
  expect(failed).toContain("2 of 7 checks failed.");
});

test("verify --fail turn-tcp-off: the TCP relay check reaches the emulated TURN; both name ProtocolMode", async () => {
  const lab = startLab(["verify", "--fail", "turn-tcp-off"]);
  expect(await lab.exited).toBe(1);
  const output = lab.lines.join("\n");
  expect(output).toMatch(/^FAIL {2}expressway-e-turn-protocol ProtocolMode UDP: TCP relays are off/m);
  // Aimed at the emulator's loopback TURN port (config turnCheckAddress), not at the CMS's 172.16.85.168.
  expect(output).toMatch(
    new RegExp(
      '^FAIL {2}cms-turn-tcp-relay +turnServer \\S+ at 127\\.0\\.0\\.1:\\d+ as "turnuser" ' +
        "\\(CMS uses 172\\.16\\.85\\.168:3478\\): TCP relays are off \\(442 .*ProtocolMode",
      "m",
    ),
  );
  expect(output).toContain("2 of 7 checks failed.");
});

test("--expressway-version X8.9.2 (the guide's, no TURN REST path): TURN becomes a manual step", async () => {
  const lab = startLab(["preview", "--exit", "--expressway-version", "X8.9.2"]);
  expect(await lab.exited).toBe(0);
  const output = lab.lines.join("\n");
  expect(output).toContain("Emulating CMS 2.2.1 and Expressway-C/E X8.9.2");
  expect(output).toContain("Expressway X8.9.2 has no TURN REST path: TURN is a manual step below.");
  expect(output).not.toMatch(/\bexpressway-turn\b/);
  expect(output).toMatch(/^ {4}\+ 16 to create$/m);
  expect(output).toContain("Configuration > Traversal > TURN (no REST path before X8.11)");
  expect(output).toContain("X8.9.2 has no /api/provisioning/edge/traversal/turn");
  expect(output).not.toContain("XX8.9.2");
});

test("config set keeps a value for later commands (pulumi config set), --secret encrypted; rm drops it", async () => {
  const set = startLab(["config", "set", "cms:password", "not-the-emulators-password", "--secret"]);
  expect(await set.exited).toBe(0);
  const saved = fs.readFileSync(path.join(set.stateDir, "config.json"), "utf8");
  expect(saved).not.toContain("not-the-emulators-password");
  const listed = startLab(["config"], set.stateDir);
  expect(await listed.exited).toBe(0);
  expect(listed.lines).toContain("cms:password = [secret]");

  // The next command, a new process, uses it: preview reads the CMS and stops on the refused password.
  const refused = startLab(["preview", "--exit"], set.stateDir);
  expect(await refused.exited).toBe(1);
  expect(refused.lines.join("\n")).toContain('rejected the credentials of profile "cms" (HTTP 401)');
  expect(refused.lines.join("\n")).not.toContain("not-the-emulators-password");

  const removed = startLab(["config", "rm", "cms:password"], set.stateDir);
  expect(await removed.exited).toBe(0);
  const fine = startLab(["preview", "--exit"], set.stateDir);
  expect(await fine.exited).toBe(0);

  const typo = startLab(["config", "set", "turnPrt", "3479"], set.stateDir);
  expect(await typo.exited).toBe(2);
  expect(typo.lines.join("\n")).toContain('did you mean "turnPort"');
});

test("--automation without the pulumi CLI stops with exit 2 before starting anything", async () => {
  const lab = startLab(["preview", "--exit", "--automation"]);
  expect(await lab.exited).toBe(2);
  const output = lab.lines.join("\n");
  expect(output).toContain("--automation needs the pulumi CLI on PATH and none was found");
  expect(output).not.toContain("Emulating");
});

test("--program examples/skype-content: up applies it, its table and manual steps; a second up sends 0", async () => {
  const lab = startLab(["--program", "examples/skype-content"]);
  const first = await lab.waitFor(/^Requests to the emulators during up:/);
  const running = await lab.waitFor(/^Emulators running\./, first);
  const output = lab.lines.slice(0, running).join("\n");
  expect(output).toContain("for the Skype for Business content system (TAC 212580");
  expect(output).toContain("Updating (cisco-edge-skype-content/lab;");
  for (const kind of ["CmsOutboundRule", "CmsCallLegProfile", "CmsSystemProfiles", "CmsTurnServer", "ExpresswayTurn"])
    expect(output).toContain(kind);
  expect(output).toMatch(/^ {4}\+ 7 created$/m);
  expect(output).toMatch(/^Manual steps \(\d+\)/m);
  expect(output).toContain("xConfiguration Traversal Server TURN ProtocolMode");
  expect(output).toContain("New-CsStaticRoute");

  lab.send("up");
  const second = await lab.waitFor(REQUESTS, running);
  expect(lab.lines[second]).toBe(
    "Requests to the emulators during up: 0 (CMS 0, Expressway-C 0, Expressway-E 0; 0 writes).",
  );
  expect(lab.lines.slice(running, second).join("\n")).toMatch(/^ {4}= 7 unchanged$/m);
  lab.send("quit");
  expect(await lab.exited).toBe(0);
});

test("--program examples/skype-content, an unencrypted Lync rule: preview refused by its rule, 0 sent", async () => {
  const lab = startLab([
    "preview",
    "--exit",
    "--program",
    "examples/skype-content",
    "--config",
    "outboundEncryption=auto",
  ]);
  expect(await lab.exited).toBe(1);
  const output = lab.lines.join("\n");
  expect(output).toContain("[lync-rule-encrypted]");
  expect(output).toContain(
    "Requests to the emulators during preview: 0 (CMS 0, Expressway-C 0, Expressway-E 0; 0 writes).",
  );
});
