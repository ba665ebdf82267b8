import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { contentPlanOf } from "../../examples/skype-content/content-plan";
import { CONFIG_KEYS, readContentSettings } from "../../examples/skype-content/settings";
import { labProgram } from "../../lab/command/lab-program";
import { parseArgs } from "../../lab/command/args";
import {
  assertContentPlan,
  type ContentPlan,
  checkContentPlan,
  contentManualSteps,
  EdgePlanError,
  SKYPE_CONTENT_RULES,
} from "../../provider/topology";

/** examples/skype-content: TAC 212580's values by default, its rules, its manual steps, its README table. */

const ROOT = path.join(__dirname, "..", "..");
const from = (config: Record<string, string>) => readContentSettings((key) => config[key]);
const PASSWORD = "turn-Secret-4e1";
const documentPlan = (config: Record<string, string> = {}) => contentPlanOf(from(config), PASSWORD);

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
const broken = (edit: (plan: Mutable<ContentPlan>) => void): ContentPlan => {
  const plan = structuredClone(documentPlan()) as Mutable<ContentPlan>;
  edit(plan);
  return plan;
};
const firing = (plan: ContentPlan) => [...new Set(checkContentPlan(plan).map((v) => v.rule))];

describe("examples/skype-content settings", () => {
  test("the TAC document's values by default; the SfB domain and pool from config", () => {
    const s = from({});
    expect(s.cms.address).toBe("10.48.54.230");
    expect(s.expresswayE.address).toBe("10.48.54.229");
    expect(s.turn).toMatchObject({
      username: "turn",
      realm: "TANDBERG",
      requestsPort: 3478,
      cmsTcpPort: 3478,
      mediaPortStart: 24000,
      mediaPortEnd: 29999,
      protocolMode: "Both",
      managed: false,
    });
    const custom = from({ sfbDomain: "skype.octavio.com", expresswayVersion: "X14.2" });
    expect(custom.sfb).toEqual({ domain: "skype.octavio.com", pool: "pool.skype.octavio.com", site: "1" });
    expect(custom.turn.managed).toBe(true);
    expect(() => from({ outboundEncryption: "tls" })).toThrow(/outboundEncryption must be one of auto, encrypted/);
    expect(() => from({ turnPort: "3478a" })).toThrow(/config turnPort must be a whole number/);
  });

  test("every config key the example reads is in its README's table, and no other", () => {
    const readme = fs.readFileSync(path.join(ROOT, "examples", "skype-content", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Config keys"));
    const documented = [...section.matchAll(/^\| `([A-Za-z0-9]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(CONFIG_KEYS.map((k) => k.key));
    const read = new Set<string>();
    readContentSettings((key) => {
      read.add(key);
      return undefined;
    });
    const secrets = CONFIG_KEYS.filter((k) => k.secret).map((k) => k.key);
    expect([...read, ...secrets].sort()).toEqual(CONFIG_KEYS.map((k) => k.key).sort());
  });
});

describe("the Skype content rules, before any request", () => {
  test("the document's system passes every rule", () => {
    expect(checkContentPlan(documentPlan())).toEqual([]);
    expect(SKYPE_CONTENT_RULES.map((r) => r.id)).toEqual([
      "turn-credentials",
      "turn-tcp-port",
      "turn-relay-range",
      "turn-media-range",
      "lync-rule-encrypted",
    ]);
  });

  test("a Lync outbound rule that is not encrypted (unset means the device default auto)", () => {
    expect(firing(documentPlan({ outboundEncryption: "auto" }))).toEqual(["lync-rule-encrypted"]);
    const unset = broken((p) => {
      p.cms.outboundRules[0].sipControlEncryption = undefined;
    });
    expect(checkContentPlan(unset)[0].problem).toContain('unset (device default "auto")');
    // A sip rule may be unencrypted.
    expect(
      firing(broken((p) => Object.assign(p.cms.outboundRules[0], { trunkType: "sip", sipControlEncryption: "auto" }))),
    ).toEqual([]);
  });

  test("TURN without a TCP port, with another port, none at all, or a UDP-only ProtocolMode", () => {
    const noPort = broken((p) => {
      p.cms.turnServers[0] = { ...p.cms.turnServers[0], tcpPortNumberOverride: undefined };
    });
    expect(firing(noPort)).toEqual(["turn-tcp-port"]);
    expect(checkContentPlan(noPort)[0].problem).toContain("has no TCP port (tcpPortNumberOverride unset)");
    expect(firing(documentPlan({ cmsTurnTcpPort: "443" }))).toEqual(["turn-tcp-port"]);
    expect(firing(broken((p) => (p.cms.turnServers = [])))).toEqual(["turn-tcp-port"]);
    const udp = checkContentPlan(documentPlan({ turnProtocolMode: "UDP" }));
    expect(udp.map((v) => v.rule)).toEqual(["turn-tcp-port"]);
    expect(udp[0].problem).toContain("442");
  });

  test("a relay range that holds the requests port; a range whose start is above its end", () => {
    expect(firing(documentPlan({ turnPort: "25000" }))).toEqual(["turn-relay-range"]);
    // Both ends of the range are relay ports.
    expect(firing(documentPlan({ turnPort: "24000" }))).toEqual(["turn-relay-range"]);
    expect(firing(documentPlan({ turnPort: "29999" }))).toEqual(["turn-relay-range"]);
    expect(firing(documentPlan({ turnPort: "30000", cmsTurnTcpPort: "30000" }))).toEqual([]);
    expect(checkContentPlan(documentPlan({ turnPort: "25000" }))[0].problem).toBe(
      "the TURN relay range 24000-29999 holds the TURN requests port 25000",
    );
    const reversed = documentPlan({ turnMediaPortStart: "29999", turnMediaPortEnd: "24000" });
    expect(firing(reversed)).toEqual(["turn-media-range"]);
    expect(checkContentPlan(reversed)[0].fix).toContain("start 24000, end 29999");
  });

  test("differing TURN passwords fire turn-credentials without showing them; waivers by name only", () => {
    const plan = contentPlanOf(from({}), PASSWORD);
    const other = structuredClone(plan) as Mutable<ContentPlan>;
    other.cms.turnServers[0].password = "not-the-same-9";
    const violations = checkContentPlan(other);
    expect(violations.map((v) => v.rule)).toEqual(["turn-credentials"]);
    expect(JSON.stringify(violations)).not.toContain("not-the-same-9");
    expect(JSON.stringify(violations)).not.toContain(PASSWORD);
    expect(() => assertContentPlan(documentPlan({ outboundEncryption: "auto" }))).toThrow(EdgePlanError);
    expect(() => assertContentPlan(documentPlan({ outboundEncryption: "auto" }))).toThrow(
      /check\(s\) of the Skype for Business content guide \(TAC 212580\) failed/,
    );
    expect(() =>
      assertContentPlan(documentPlan({ outboundEncryption: "auto" }), ["lync-rule-encrypted"]),
    ).not.toThrow();
    expect(() => checkContentPlan(documentPlan(), ["lync-rule-encrypt"])).toThrow(/unknown rule\(s\) to waive/);
  });
});

describe("the example's manual steps", () => {
  test("ProtocolMode first, then certificates, the SfB side and the network, each with its value and why", () => {
    const steps = contentManualSteps(documentPlan({ sfbDomain: "skype.octavio.com", cmsDomain: "octavio.com" }));
    expect(steps[0]).toMatchObject({
      device: "Expressway-E",
      where: "CLI (SSH as admin): xConfiguration Traversal Server TURN ProtocolMode",
      value: "Both",
    });
    const text = JSON.stringify(steps);
    for (const expected of [
      "TURN Relays option key",
      "callbridge certs",
      "New-CsTrustedApplicationPool -Identity octavio.com -Registrar pool.skype.octavio.com",
      "New-CsStaticRoute -TLSRoute -Destination octavio.com -Port 5061 -MatchUri octavio.com",
      "Trusted Root Certification Authorities",
      "_sipfederationtls._tcp.octavio.com SRV 0 0 5061 octavio.com",
      "relays 24000-29999 UDP and TCP",
    ])
      expect(text).toContain(expected);
    for (const step of steps) expect(step.why.length).toBeGreaterThan(20);
    // From X8.11 TURN has a REST path: no TURN page step, no option key.
    expect(JSON.stringify(contentManualSteps(documentPlan({ expresswayVersion: "X8.11.4" })))).not.toContain(
      "option key",
    );
  });
});

describe("npm run lab --program", () => {
  test("the default is examples/dual-domain; skype-content has its own project, keys and manual steps", () => {
    expect(parseArgs([]).program).toBeUndefined();
    expect(parseArgs(["--program", "examples/skype-content"]).program).toBe("examples/skype-content");
    expect(() => parseArgs(["--program"])).toThrow(/--program needs a program directory/);
    const dual = labProgram(ROOT);
    expect(dual).toMatchObject({ dir: "examples/dual-domain", project: "cisco-edge-dual-domain" });
    const skype = labProgram(ROOT, "examples/skype-content");
    expect(skype.project).toBe("cisco-edge-skype-content");
    expect(skype.file).toBe(path.join(ROOT, "dist", "examples", "skype-content", "index.js"));
    expect(skype.keys).toEqual(
      expect.arrayContaining([
        { key: "sfbDomain", secret: false },
        { key: "turnPassword", secret: true },
      ]),
    );
    const steps = skype.manualStepLines({ sfbDomain: "skype.octavio.com" });
    expect(steps[0]).toMatch(/^Manual steps \(\d+\)/);
    expect(steps.join("\n")).toContain("xConfiguration Traversal Server TURN ProtocolMode");
    expect(() => labProgram(ROOT, "examples/none")).toThrow(/--program examples\/none: no such directory/);
    // Outside the checkout a program is compiled from its TypeScript (test/lifecycle/lab-devices-env.test.ts runs one).
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "lab-program-"));
    try {
      expect(() => labProgram(ROOT, empty)).toThrow(
        /no index\.ts \(a program outside .* is compiled from its TypeScript\)/,
      );
    } finally {
      fs.rmSync(empty, { recursive: true });
    }
  });
});
