import {
  assertEdgePlan,
  checkEdgePlan,
  EDGE_RULES,
  type EdgePlan,
  manualSteps,
  waiverWarnings,
} from "../../provider/topology";

const TURN_SECRET = "turn-Secret-9f2";
const TRAVERSAL_SECRET = "trav-Secret-7c1";

/** The guide's topology (TAC 211301), as the example stack declares it. */
function guidePlan(): EdgePlan {
  return {
    internalDomain: "octavio.local",
    externalDomain: "octavio.com",
    cms: {
      version: "2.2.1",
      domain: "cms.octavio.local",
      callMatchDomains: ["cms.octavio.local", "octavio.com"],
      turnServers: [
        {
          serverAddress: "172.16.85.168",
          clientAddress: "10.88.246.156",
          username: "turnuser",
          password: TURN_SECRET,
          type: "standard",
          tcpPortNumberOverride: 3478,
        },
      ],
      webBridgeUrls: ["https://cmsweb.octavio.local"],
      webBridgeTrustsCallBridge: true,
    },
    expresswayC: {
      hostName: "vcsc",
      mraDomains: ["octavio.local", "octavio.com"],
      guestAccountClientUri: "cmsweb.octavio.com",
      traversalCredential: { name: "Tuser", password: TRAVERSAL_SECRET },
    },
    expresswayE: {
      hostName: "vcse",
      domain: "octavio.com",
      insideAddress: "172.16.85.168",
      publicAddress: "10.88.246.156",
      credentials: [
        { name: "turnuser", password: TURN_SECRET },
        { name: "Tuser", password: TRAVERSAL_SECRET },
      ],
      turnRequestsPort: 3478,
      turnOn443: false,
      webAdminPort: 445,
      certificateSans: ["vcse.octavio.com", "cmsweb.octavio.com", "octavio.com"],
      version: "8.11.4",
    },
    clientTurnPort: 3478,
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
const broken = (edit: (plan: Mutable<EdgePlan>) => void): EdgePlan => {
  const plan = structuredClone(guidePlan()) as Mutable<EdgePlan>;
  edit(plan);
  return plan;
};

const firing = (plan: EdgePlan) => [...new Set(checkEdgePlan(plan).map((v) => v.rule))];

test("the guide's own topology passes every rule", () => {
  expect(checkEdgePlan(guidePlan())).toEqual([]);
  expect(() => assertEdgePlan(guidePlan())).not.toThrow();
});

const cases: [string, (plan: Mutable<EdgePlan>) => void, RegExp][] = [
  [
    "turn-credentials",
    (p) => {
      p.expresswayE.credentials[0].password = "another-secret";
    },
    /differs from the Expressway-E local user's password/,
  ],
  [
    "turn-credentials",
    (p) => {
      p.cms.turnServers[0].username = "turnUser2";
    },
    /"turnUser2", which is not a local user/,
  ],
  [
    "turn-credentials",
    (p) => {
      p.cms.turnServers[0].username = undefined;
    },
    /TURN server 172.16.85.168 has no username/,
  ],
  [
    // TURN's long-term credential key hashes the user name as typed: another case is another user.
    "turn-credentials",
    (p) => {
      p.cms.turnServers[0].username = "TurnUser";
    },
    /"TurnUser", which is not a local user/,
  ],
  [
    "turn-port",
    (p) => {
      p.expresswayE.turnRequestsPort = 3479;
    },
    /TURN requests port is 3479, but clients and the Call Bridge use 3478/,
  ],
  [
    "turn-port",
    (p) => {
      p.cms.turnServers[0].tcpPortNumberOverride = undefined;
    },
    /type "standard" without tcpPortNumberOverride/,
  ],
  [
    // A server without a type is a standard one (the device default).
    "turn-port",
    (p) => {
      p.cms.turnServers[0].type = undefined;
      p.cms.turnServers[0].tcpPortNumberOverride = undefined;
    },
    /type "standard" without tcpPortNumberOverride/,
  ],
  [
    "guest-uri-external",
    (p) => {
      p.expresswayC.guestAccountClientUri = "cmsweb.octavio.local";
      p.expresswayE.certificateSans.push("cmsweb.octavio.local");
    },
    /"cmsweb.octavio.local", not a name in the external domain "octavio.com"/,
  ],
  [
    // An internal domain under the external one: its names are still internal.
    "guest-uri-external",
    (p) => {
      p.internalDomain = "corp.octavio.com";
      p.expresswayC.guestAccountClientUri = "cmsweb.corp.octavio.com";
      p.expresswayE.certificateSans.push("cmsweb.corp.octavio.com");
    },
    /"cmsweb.corp.octavio.com", not a name in the external domain "octavio.com"/,
  ],
  [
    "guest-uri-not-mra-domain",
    (p) => {
      p.expresswayC.guestAccountClientUri = "octavio.com";
      p.expresswayE.certificateSans.push("octavio.com");
    },
    /"octavio.com" is also an Expressway-C domain/,
  ],
  [
    "guest-uri-not-mra-domain",
    (p) => {
      p.expresswayC.mraDomains = ["octavio.local", "Octavio.COM"];
      p.expresswayC.guestAccountClientUri = "octavio.com";
      p.expresswayE.certificateSans.push("octavio.com");
    },
    /"octavio.com" is also an Expressway-C domain/,
  ],
  [
    "webbridge-in-certificate",
    (p) => {
      p.expresswayE.certificateSans = ["vcse.octavio.com"];
    },
    /"cmsweb.octavio.com" is not among the Expressway-E certificate's subject alternative names/,
  ],
  [
    "webbridge-url",
    (p) => {
      p.cms.webBridgeUrls = [];
    },
    /declares no CMS web bridge/,
  ],
  [
    "webbridge-url",
    (p) => {
      p.cms.webBridgeUrls = ["https://cmsweb.octavio.com"];
    },
    /web bridge URL "https:\/\/cmsweb.octavio.com" uses an external name/,
  ],
  [
    "webbridge-url",
    (p) => {
      p.cms.webBridgeTrustsCallBridge = false;
    },
    /not to trust the Call Bridge certificate/,
  ],
  [
    "call-match-domains",
    (p) => {
      p.cms.callMatchDomains = ["cms.octavio.local"];
    },
    /no incoming call matching rule for "octavio.com"/,
  ],
  [
    "web-admin-port",
    (p) => {
      p.expresswayE.webAdminPort = 443;
    },
    /web administrator port is 443/,
  ],
  [
    "traversal-credentials",
    (p) => {
      p.expresswayC.traversalCredential = { name: "Tuser", password: "wrong" };
    },
    /traversal zone's password for "Tuser" differs/,
  ],
  [
    "traversal-credentials",
    (p) => {
      p.expresswayC.traversalCredential = { name: "Tuser2", password: TRAVERSAL_SECRET };
    },
    /traversal zone authenticates as "Tuser2", which is not a local user/,
  ],
];

test.each(cases)("rule %s fires on a stack that breaks it, and only it", (rule, edit, message) => {
  const plan = broken(edit);
  expect(firing(plan)).toEqual([rule]);
  const error = (() => {
    try {
      assertEdgePlan(plan);
    } catch (e) {
      return e as Error;
    }
    throw new Error("assertEdgePlan did not throw");
  })();
  expect(error.name).toBe("EdgePlanError");
  expect(error.message).toMatch(message);
  expect(error.message).toContain(`[${rule}]`);
  expect(error.message).toContain("The guide's symptom:");
  for (const secret of [TURN_SECRET, TRAVERSAL_SECRET, "another-secret", "wrong"]) {
    expect(error.message).not.toContain(secret);
  }
});

test.each([
  [
    "TURN on 443 on the Expressway-E takes a standard server's TCP media without an override",
    (p: Mutable<EdgePlan>) => {
      p.expresswayE.turnOn443 = true;
      p.cms.turnServers[0].tcpPortNumberOverride = undefined;
    },
  ],
  [
    "certificate SANs compare without regard to case",
    (p: Mutable<EdgePlan>) => {
      p.expresswayE.certificateSans = ["vcse.octavio.com", "CMSWEB.Octavio.com"];
    },
  ],
  [
    "call matching domains compare without regard to case",
    (p: Mutable<EdgePlan>) => {
      p.cms.domain = "CMS.octavio.local";
      p.cms.callMatchDomains = ["cms.octavio.local", "Octavio.COM"];
    },
  ],
])("no rule fires: %s", (_name, edit) => {
  expect(checkEdgePlan(broken(edit))).toEqual([]);
});

test("every rule has a case above", () => {
  expect(new Set(cases.map(([rule]) => rule))).toEqual(new Set(EDGE_RULES.map((r) => r.id)));
});

test("a rule can be waived by name; a misspelled waiver is refused", () => {
  const plan = broken((p) => {
    p.expresswayE.webAdminPort = 443;
  });
  expect(checkEdgePlan(plan, ["web-admin-port"])).toEqual([]);
  // Waived is not forgotten: one warning line per waived rule, with what it finds now.
  expect(assertEdgePlan(plan, ["web-admin-port", "turn-credentials"])).toEqual([
    expect.stringMatching(/^rule "turn-credentials" is waived .*it finds nothing in this plan now$/),
    expect.stringMatching(/^rule "web-admin-port" is waived .*it finds now: .*443/),
  ]);
  expect(waiverWarnings(EDGE_RULES, plan, [])).toEqual([]);
  expect(() => checkEdgePlan(plan, ["web-admin-prot"])).toThrow(/unknown rule\(s\) to waive: "web-admin-prot"/);
});

describe("manual steps", () => {
  test("carry the plan's values: guest URI, admin port, SANs, DNS records", () => {
    const steps = manualSteps(guidePlan());
    const text = (device: string) =>
      steps
        .filter((s) => s.device === device)
        .map((s) => `${s.where} = ${s.value}`)
        .join("\n");
    expect(text("Expressway-C")).toContain("Guest account client URI: cmsweb.octavio.com");
    expect(text("Expressway-E")).toMatch(/Web administrator port .*= 445/);
    expect(text("Expressway-E")).toContain("vcse.octavio.com, cmsweb.octavio.com, octavio.com");
    expect(text("Expressway-E")).toMatch(/ProtocolMode = Both/);
    expect(text("DNS (external)")).toContain("cmsweb.octavio.com A 10.88.246.156");
    expect(text("CMS")).toContain("xmpp domain cms.octavio.local");
    expect(text("CMS")).toMatch(/multi_domain .*= octavio.com/);
    for (const step of steps) {
      expect(step.why.length).toBeGreaterThan(10);
      expect(JSON.stringify(step)).not.toContain(TURN_SECRET);
    }
  });

  test("CMS 3.x has no XMPP steps but the c2w trust", () => {
    const plan = broken((p) => {
      p.cms.version = "3.8.0";
    });
    const cms = manualSteps(plan).filter((s) => s.device === "CMS");
    expect(cms.some((s) => s.where.includes("xmpp"))).toBe(false);
    expect(cms.some((s) => s.where.includes("callbridge trust c2w"))).toBe(true);
  });

  test("TURN becomes a manual step on the guide's X8.9.2, which has no TURN REST path", () => {
    const onX89 = broken((p) => {
      p.expresswayE.version = "8.9.2";
    });
    expect(manualSteps(onX89).some((s) => s.where.startsWith("Configuration > Traversal > TURN"))).toBe(true);
    expect(manualSteps(guidePlan()).some((s) => s.where.startsWith("Configuration > Traversal > TURN"))).toBe(false);
  });
});
