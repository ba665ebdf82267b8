import * as fs from "node:fs";
import * as path from "node:path";
import { UNCONFIRMED_VARIANTS } from "../../emulator/unconfirmed";
import { edgePlanOf } from "../../examples/dual-domain/edge-plan";
import { CONFIG_KEYS, readSettings } from "../../examples/dual-domain/settings";
import { parseArgs } from "../../lab/command/args";
import { exampleSettings, manualStepLines, versionLines } from "../../lab/command/print-manual-steps";
import { checkEdgePlan, manualSteps } from "../../provider/topology";

/** The example's config: the guide's values by default, every one overridable, docs/dual-domain.md in step. */

const from = (config: Record<string, string>) => readSettings((key) => config[key]);

describe("examples/dual-domain settings", () => {
  test("with no config, the guide's values (TAC 211301) on its CMS 2.2", () => {
    const s = from({});
    expect(s).toMatchObject({
      cmsVersion: "2.2",
      internalDomain: "octavio.local",
      externalDomain: "octavio.com",
      cmsDomain: "cms.octavio.local",
      expresswayC: { hostName: "vcsc", fqdn: "vcsc.octavio.local", dnsServers: ["172.16.85.162"] },
      expresswayE: {
        hostName: "vcse",
        fqdn: "vcse.octavio.com",
        insideAddress: "172.16.85.168",
        publicAddress: "10.88.246.156",
        webAdminPort: 445,
        certificateSans: ["vcse.octavio.com", "cmsweb.octavio.com", "octavio.com"],
      },
      mraEnabled: true,
      turn: {
        username: "turnuser",
        cmsServerType: "standard",
        requestsPort: 3478,
        cmsTcpPort: 3478,
        realm: "turnuser",
        mediaPortStart: 24000,
        mediaPortEnd: 29999,
        managed: true,
      },
      traversal: { username: "Tuser", zoneName: "UT Zone", port: 7001, hopCount: 15 },
      webBridge: {
        internalHost: "cmsweb.octavio.local",
        externalHost: "cmsweb.octavio.com",
        url: "https://cmsweb.octavio.local",
      },
      space: { name: "Proxy webRTC", uri: "proxywebrtc", callId: "100101" },
      xmpp: { uniqueName: "cb1", serverAddress: "localhost:5223" },
      waiveRules: [],
      verify: false,
    });
    expect(s.turn.cmsServerTypeReason).toContain('predates type "expressway"');
  });

  test("the release picks the shape: TURN type, web bridge url, XMPP, the TURN REST path", () => {
    expect(from({ cmsVersion: "2.9.0" }).turn.cmsServerType).toBe("expressway");
    expect(from({ cmsVersion: "2.8" }).turn.cmsServerType).toBe("standard");
    const cms3 = from({ cmsVersion: "3.8.0" });
    expect(cms3.turn.cmsServerType).toBe("expressway");
    expect(cms3.webBridge.url).toBe("c2w://cmsweb.octavio.local:9999");
    expect(cms3.xmpp).toBeUndefined();
    expect(from({ expresswayVersion: "X8.9.2" }).turn.managed).toBe(false);
    expect(from({ expresswayVersion: "X8.11.4" }).turn.managed).toBe(true);
    // An explicit type wins, and says so.
    expect(from({ cmsVersion: "3.8", cmsTurnServerType: "standard" }).turn).toMatchObject({
      cmsServerType: "standard",
      cmsServerTypeReason: "set by config cmsTurnServerType",
    });
  });

  test("derived values follow the keys they derive from", () => {
    const s = from({ internalDomain: "corp.example", externalDomain: "example.com", expresswayEHostName: "edge" });
    expect(s.cmsDomain).toBe("cms.corp.example");
    expect(s.expresswayE.fqdn).toBe("edge.example.com");
    expect(s.webBridge.externalHost).toBe("cmsweb.example.com");
    expect(s.expresswayE.certificateSans).toEqual(["edge.example.com", "cmsweb.example.com", "example.com"]);
    expect(from({ turnPort: "3479" }).turn.cmsTcpPort).toBe(3479);
    expect(from({ waiveRules: '["web-admin-port"]' }).waiveRules).toEqual(["web-admin-port"]);
    expect(from({ waiveRules: "web-admin-port, turn-port" }).waiveRules).toEqual(["web-admin-port", "turn-port"]);
  });

  test("bad values are refused naming the key", () => {
    expect(() => from({ turnPort: "34x" })).toThrow(/config turnPort must be a whole number, got "34x"/);
    expect(() => from({ mraEnabled: "yes" })).toThrow(/config mraEnabled must be true or false/);
    expect(() => from({ cmsVersion: "latest" })).toThrow(/config cmsVersion is not a release number: latest/);
    expect(() => from({ cmsTurnServerType: "turn" })).toThrow(/cmsTurnServerType must be one of standard/);
    expect(() => from({ waiveRules: '["turn-port", 1]' })).toThrow(/waiveRules must be a JSON list/);
  });

  test("every config key the example reads is in docs/dual-domain.md's config table, and no other", () => {
    const page = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "dual-domain.md"), "utf8");
    const section = page.slice(page.indexOf("## Config keys of the example"));
    const table = section.slice(0, section.indexOf("\n\n", section.indexOf("| key")));
    const documented = [...table.matchAll(/^\| `([A-Za-z0-9]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(CONFIG_KEYS.map((k) => k.key));
    // Keys read on either CMS generation (XMPP keys on 2.x, the c2w port on 3.x), plus the secrets the program reads.
    const read = new Set<string>();
    for (const cmsVersion of ["2.2", "3.8"]) {
      readSettings((key) => {
        read.add(key);
        return key === "cmsVersion" ? cmsVersion : undefined;
      });
    }
    const secrets = CONFIG_KEYS.filter((k) => k.secret).map((k) => k.key);
    expect([...read, ...secrets].sort()).toEqual(CONFIG_KEYS.map((k) => k.key).sort());
  });

  test("the guide's values pass every rule; the plan's manual steps carry the same values", () => {
    const secrets = { turnPassword: "a", traversalPassword: "b" };
    expect(checkEdgePlan(edgePlanOf(from({}), secrets))).toEqual([]);
    expect(checkEdgePlan(edgePlanOf(from({ cmsVersion: "3.8" }), secrets))).toEqual([]);
    const wrong = checkEdgePlan(edgePlanOf(from({}), { ...secrets, cmsTurnPassword: "c" }));
    expect(wrong.map((v) => v.rule)).toEqual(["turn-credentials"]);
    const steps = manualSteps(edgePlanOf(from({ webBridgeExternalHost: "join.octavio.com" })));
    expect(steps.find((s) => s.where.includes("Cisco Meeting Server"))?.value).toContain("join.octavio.com");
    const turnStep = (config: Record<string, string>) =>
      manualSteps(edgePlanOf(from({ expresswayVersion: "X8.9.2", ...config }))).find((s) =>
        s.where.startsWith("Configuration > Traversal > TURN"),
      )?.value;
    expect(turnStep({})).toBe("TURN services On; TURN requests port 3478; media ports 24000-29999; realm turnuser");
    expect(turnStep({ turnMediaPortStart: "30000", turnMediaPortEnd: "31999", turnRealm: "edge" })).toBe(
      "TURN services On; TURN requests port 3478; media ports 30000-31999; realm edge",
    );
  });
});

describe("npm run lab arguments", () => {
  test("--cms-version and --expressway-version name the releases to emulate", () => {
    expect(parseArgs(["--cms-version", "3.8", "--expressway-version", "X8.9.2"]).versions).toEqual({
      cms: "3.8",
      expressway: "X8.9.2",
    });
    expect(parseArgs([]).versions).toEqual({});
    expect(() => parseArgs(["--cms-version"])).toThrow(/--cms-version needs a release/);
    expect(() => parseArgs(["--cms-version", "new"])).toThrow(/--cms-version needs a release/);
  });

  test("--unconfirmed names device behaviours no source settles, or all of them; a wrong name is refused", () => {
    expect(parseArgs(["--unconfirmed", "dns-servers-bare,sysinfo-other-keys"]).unconfirmed).toEqual([
      "dns-servers-bare",
      "sysinfo-other-keys",
    ]);
    expect(parseArgs(["--unconfirmed", "all"]).unconfirmed).toEqual(Object.keys(UNCONFIRMED_VARIANTS));
    expect(parseArgs([]).unconfirmed).toEqual([]);
    expect(() => parseArgs(["--unconfirmed", "dns-wrapped"])).toThrow(
      /unknown unconfirmed variant\(s\) dns-wrapped; known: all, /,
    );
  });
});

describe("docs/guide-steps.md and the example", () => {
  test("every kind the guide's table names is declared by the example, and every kind declared is in the table", () => {
    const root = path.join(__dirname, "..", "..");
    const table = fs.readFileSync(path.join(root, "docs", "guide-steps.md"), "utf8");
    const program = fs.readFileSync(path.join(root, "examples", "dual-domain", "index.ts"), "utf8");
    const kinds = (text: string, pattern: RegExp) => [...new Set([...text.matchAll(pattern)].map((m) => m[1]))].sort();
    const inTable = kinds(table, /`((?:Cms|Expressway)[A-Z][A-Za-z]+)`/g);
    const declared = kinds(program, /new ((?:Cms|Expressway)[A-Z][A-Za-z]+)\(/g);
    expect(declared).toHaveLength(11);
    expect(inTable).toEqual(declared);
  });

  test('a row that points to another ("row 12\'s Cisco Meeting Server page") points to the row that has it', () => {
    const table = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "guide-steps.md"), "utf8");
    const rows = new Map([...table.matchAll(/^\| (\d+) \|(.*)$/gm)].map((m) => [m[1], m[2]]));
    const pointers = [...table.matchAll(/\brow (\d+)'s ([^)|;,]+)/g)];
    expect(pointers.length).toBeGreaterThan(0);
    for (const [, row, what] of pointers) expect(`row ${row}: ${rows.get(row)}`).toContain(what.trim());
  });
});

describe("what npm run lab prints about the example", () => {
  const project = "cisco-edge-dual-domain";
  test("versions and the shape they give, from config keys with or without the project's namespace", () => {
    const settings = exampleSettings({ [`${project}:cmsVersion`]: "3.8.0" }, project);
    const lines = versionLines({ cms: "3.8.0", expressway: "X8.9.2" }, settings);
    expect(lines[0]).toMatch(/^Emulating CMS 3\.8\.0 and Expressway-C\/E X8\.9\.2 /);
    expect(lines.join("\n")).toContain('CMS TURN server type "expressway"');
    expect(lines.join("\n")).toContain("CMS 3.x: no XMPP");
    const steps = manualStepLines({ expresswayVersion: "X8.9.2", webBridgeExternalHost: "join.octavio.com" }, project);
    expect(steps[0]).toMatch(/^Manual steps \(\d+\)/);
    expect(steps.join("\n")).toContain("Guest account client URI: join.octavio.com");
    expect(steps.join("\n")).toContain("Configuration > Traversal > TURN (no REST path before X8.11)");
  });
});
