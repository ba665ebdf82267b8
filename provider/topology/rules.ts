import type { ContentPlan } from "./content-plan";
import { type EdgePlan, hostOf, isWithin, type PlannedCredential, type PlannedTurnServer } from "./plan";

/**
 * The failure modes of Cisco TAC 211301 ("Proxy WebRTC with CMS over Expressway, dual
 * domain", Troubleshoot section) and its prerequisites, as checks on what a stack
 * declares. Each rule quotes the symptom an engineer would otherwise meet on a call.
 * Messages show the offending values, never a secret: passwords are only compared.
 */

export interface RuleViolation {
  /** Rule id, the name a stack uses to waive it. */
  readonly rule: string;
  /** What the guide says a user sees when this is wrong. */
  readonly symptom: string;
  /** What is wrong, with the declared values. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/** A check on what a stack of one system declares (P: that system's plan). */
export interface PlanRule<P> {
  readonly id: string;
  /** The guide's step or troubleshooting entry the rule stands for. */
  readonly guide: string;
  readonly symptom: string;
  check(plan: P): readonly Omit<RuleViolation, "rule" | "symptom">[];
}

export type EdgeRule = PlanRule<EdgePlan>;

/** The part of a plan the TURN credential rule reads: both systems have it. */
interface TurnSides {
  readonly cms: { readonly turnServers: readonly PlannedTurnServer[] };
  readonly expresswayE: { readonly credentials: readonly PlannedCredential[] };
}

const ICE_DROP =
  'WebRTC client connects, then drops: CMS logs "ICE failure; relay candidate creation timeout", ' +
  'the client gets "Allocate Error Response ... 431 Integrity Check Failure"';

const turnCredentials: PlanRule<TurnSides> = {
  id: "turn-credentials",
  guide: "Troubleshoot: WebRTC client connects, then drops (TURN credentials)",
  symptom: ICE_DROP,
  check(plan) {
    const problems = [];
    for (const turn of plan.cms.turnServers) {
      if (turn.username === undefined) {
        problems.push({
          problem: `the CMS TURN server ${turn.serverAddress} has no username`,
          fix: "set CmsTurnServer.username and password to a local user of the Expressway-E (e.g. turnuser)",
        });
        continue;
      }
      const user = plan.expresswayE.credentials.find((c) => c.name === turn.username);
      if (!user) {
        const known = plan.expresswayE.credentials.map((c) => JSON.stringify(c.name)).join(", ") || "none";
        problems.push({
          problem:
            `the CMS TURN server ${turn.serverAddress} authenticates as ${JSON.stringify(turn.username)}, ` +
            `which is not a local user the stack declares on the Expressway-E (declared: ${known})`,
          fix: `declare ExpresswayCredential ${JSON.stringify(turn.username)} on the Expressway-E, same password`,
        });
      } else if (turn.password !== undefined && user.password !== undefined && turn.password !== user.password) {
        problems.push({
          problem:
            `the CMS TURN server's password for ${JSON.stringify(turn.username)} differs from the ` +
            "Expressway-E local user's password (values not shown)",
          fix: "give both the same secret (the example uses one config key, turnPassword, for both)",
        });
      }
    }
    return problems;
  },
};

const turnPort: EdgeRule = {
  id: "turn-port",
  guide: "Troubleshoot: WebRTC client connects, then drops (TURN port); Expressway-E Configuration > Traversal > TURN",
  symptom: ICE_DROP,
  check(plan) {
    const problems = [];
    const port = plan.expresswayE.turnRequestsPort;
    if (port !== plan.clientTurnPort) {
      problems.push({
        problem:
          `the Expressway-E TURN requests port is ${port}, ` +
          `but clients and the Call Bridge use ${plan.clientTurnPort}`,
        fix: `set the TURN requests port to ${plan.clientTurnPort} (the device default is 3478)`,
      });
    }
    for (const turn of plan.cms.turnServers) {
      const override = turn.tcpPortNumberOverride;
      if (override !== undefined && override !== port) {
        problems.push({
          problem:
            `the CMS TURN server ${turn.serverAddress} sends TCP media to port ${override} ` +
            `(tcpPortNumberOverride) but the Expressway-E TURN requests port is ${port}`,
          fix: `set tcpPortNumberOverride to ${port}`,
        });
      }
      const type = turn.type ?? "standard";
      if (override === undefined && type === "standard" && !plan.expresswayE.turnOn443) {
        problems.push({
          problem:
            `the CMS TURN server ${turn.serverAddress} is of type "standard" without tcpPortNumberOverride, ` +
            "so CMS sends TCP media to port 443, where this Expressway-E has no TURN service",
          fix: `set tcpPortNumberOverride to ${port} (or type "expressway" on CMS 2.8 or later)`,
        });
      }
    }
    return problems;
  },
};

const BAD_REQUEST = 'The web page shows "Bad Request" when guests open the join link';

const guestUriExternal: EdgeRule = {
  id: "guest-uri-external",
  guide:
    "Troubleshoot: Web page shows Bad Request; " +
    "Expressway-C Configuration > Unified Communications > Cisco Meeting Server",
  symptom: BAD_REQUEST,
  check(plan) {
    const uri = hostOf(plan.expresswayC.guestAccountClientUri);
    if (isWithin(uri, plan.externalDomain) && !isWithin(uri, plan.internalDomain)) return [];
    return [
      {
        problem:
          `the guest account client URI on the Expressway-C is ${JSON.stringify(uri)}, ` +
          `not a name in the external domain ${JSON.stringify(plan.externalDomain)}`,
        fix: `use the external web bridge name, e.g. ${JSON.stringify(`cmsweb.${plan.externalDomain}`)}`,
      },
    ];
  },
};

const guestUriNotMraDomain: EdgeRule = {
  id: "guest-uri-not-mra-domain",
  guide: "Prerequisite: the MRA domain and the CMS web proxy URL must be different values",
  symptom: BAD_REQUEST,
  check(plan) {
    const uri = hostOf(plan.expresswayC.guestAccountClientUri);
    const clash = plan.expresswayC.mraDomains.find((d) => d.toLowerCase() === uri);
    if (!clash) return [];
    return [
      {
        problem: `the guest account client URI ${JSON.stringify(uri)} is also an Expressway-C domain (MRA)`,
        fix: `use a host name under the domain instead, e.g. ${JSON.stringify(`cmsweb.${clash}`)}`,
      },
    ];
  },
};

const webBridgeInCertificate: EdgeRule = {
  id: "webbridge-in-certificate",
  guide: "Troubleshoot: Insecure connection; the join URL must be a SAN of the Expressway-E certificate",
  symptom: 'The browser warns "Your connection is not private" / insecure connection on the join page',
  check(plan) {
    const uri = hostOf(plan.expresswayC.guestAccountClientUri);
    const sans = plan.expresswayE.certificateSans.map((s) => s.toLowerCase());
    if (sans.includes(uri)) return [];
    return [
      {
        problem:
          `the web bridge name ${JSON.stringify(uri)} is not among the Expressway-E certificate's ` +
          `subject alternative names (${sans.map((s) => JSON.stringify(s)).join(", ") || "none declared"})`,
        fix: `add ${JSON.stringify(uri)} to the certificate signing request's SANs (and to expresswayECertificateSans)`,
      },
    ];
  },
};

const webBridgeDeclared: EdgeRule = {
  id: "webbridge-url",
  guide: "Troubleshoot: Join button missing; CMS web bridge URL and webbridge trust",
  symptom: "The join page loads but the Join button is missing",
  check(plan) {
    const problems = [];
    if (plan.cms.webBridgeUrls.length === 0) {
      problems.push({
        problem: "the stack declares no CMS web bridge, so the Call Bridge has no web bridge URL",
        fix: "declare a CmsWebBridge with the internal web bridge URL (e.g. https://cmsweb.octavio.local)",
      });
    }
    for (const url of plan.cms.webBridgeUrls) {
      const host = hostOf(url);
      if (isWithin(host, plan.externalDomain) && !isWithin(host, plan.internalDomain)) {
        problems.push({
          problem: `the CMS web bridge URL ${JSON.stringify(url)} uses an external name; the Call Bridge is inside`,
          fix: `use the internal name, e.g. ${JSON.stringify(`https://cmsweb.${plan.internalDomain}`)}`,
        });
      }
    }
    if (!plan.cms.webBridgeTrustsCallBridge) {
      problems.push({
        problem: "the web bridge is declared not to trust the Call Bridge certificate",
        fix: "on the CMS MMP: webbridge trust <callbridge certificate bundle>, then webbridge enable",
      });
    }
    return problems;
  },
};

const callMatchBothDomains: EdgeRule = {
  id: "call-match-domains",
  guide: "Prerequisite: incoming calls configured for the internal and external domains",
  symptom: "Guests reach the web page, but calls to the space are rejected (no matching rule)",
  check(plan) {
    const declared = plan.cms.callMatchDomains.map((d) => d.toLowerCase());
    return [plan.cms.domain, plan.externalDomain]
      .filter((domain) => !declared.includes(domain.toLowerCase()))
      .map((domain) => ({
        problem: `no incoming call matching rule for ${JSON.stringify(domain)} (declared: ${
          declared.map((d) => JSON.stringify(d)).join(", ") || "none"
        })`,
        fix: `declare a CmsCallMatch with domain ${JSON.stringify(domain)}`,
      }));
  },
};

const webAdminPort: EdgeRule = {
  id: "web-admin-port",
  guide: "Prerequisite: Expressway-E System > Administration, Web administrator port 445",
  symptom: "The web proxy (and TURN on TCP 443) cannot use port 443 while the Expressway-E web admin listens on it",
  check(plan) {
    if (plan.expresswayE.webAdminPort !== 443) return [];
    return [
      {
        problem: "the Expressway-E web administrator port is 443, which the CMS web proxy needs",
        fix:
          "move the web administrator port to 445 (System > Administration; restart), " +
          "then use :445 in expresswayE:url",
      },
    ];
  },
};

const traversalCredentials: EdgeRule = {
  id: "traversal-credentials",
  guide: "Prerequisite: the UC traversal zone's user on the Expressway-C exists on the Expressway-E",
  symptom: "The UC traversal zone stays down, so no SSH tunnel and no web proxy",
  check(plan) {
    const zone = plan.expresswayC.traversalCredential;
    if (!zone) return [];
    const user = plan.expresswayE.credentials.find((c) => c.name === zone.name);
    if (!user) {
      return [
        {
          problem:
            `the Expressway-C traversal zone authenticates as ${JSON.stringify(zone.name)}, ` +
            "which is not a local user the stack declares on the Expressway-E",
          fix: `declare ExpresswayCredential ${JSON.stringify(zone.name)} on the Expressway-E`,
        },
      ];
    }
    if (zone.password !== undefined && user.password !== undefined && zone.password !== user.password) {
      return [
        {
          problem:
            `the traversal zone's password for ${JSON.stringify(zone.name)} differs from ` +
            "the Expressway-E user's (values not shown)",
          fix: "give both the same secret (the example uses one config key, traversalPassword, for both)",
        },
      ];
    }
    return [];
  },
};

/** Every rule, in the guide's order. */
export const EDGE_RULES: readonly EdgeRule[] = [
  turnCredentials,
  turnPort,
  guestUriExternal,
  guestUriNotMraDomain,
  webBridgeInCertificate,
  webBridgeDeclared,
  callMatchBothDomains,
  webAdminPort,
  traversalCredentials,
];

/** Runs every rule not waived; unknown waiver names are refused so a typo cannot silence a rule. */
function checkPlan<P>(
  rules: readonly PlanRule<P>[],
  plan: P,
  waived: readonly string[],
  guide: string,
): RuleViolation[] {
  const known = new Set(rules.map((r) => r.id));
  const unknown = waived.filter((w) => !known.has(w));
  if (unknown.length > 0) {
    throw new EdgePlanError(
      [
        {
          rule: "waiver",
          symptom: "a rule would be silenced by a misspelled name",
          problem: `unknown rule(s) to waive: ${unknown.map((u) => JSON.stringify(u)).join(", ")}`,
          fix: `waive only these: ${[...known].join(", ")}`,
        },
      ],
      guide,
    );
  }
  return rules
    .filter((rule) => !waived.includes(rule.id))
    .flatMap((rule) => rule.check(plan).map((found) => ({ rule: rule.id, symptom: rule.symptom, ...found })));
}

const DUAL_DOMAIN_GUIDE = "the dual-domain guide";
const SKYPE_CONTENT_GUIDE = "the Skype for Business content guide (TAC 212580)";

export function checkEdgePlan(plan: EdgePlan, waived: readonly string[] = []): RuleViolation[] {
  return checkPlan(EDGE_RULES, plan, waived, DUAL_DOMAIN_GUIDE);
}

export class EdgePlanError extends Error {
  override readonly name = "EdgePlanError";
  constructor(
    readonly violations: readonly RuleViolation[],
    guide: string = DUAL_DOMAIN_GUIDE,
  ) {
    super(
      `${violations.length} check(s) of ${guide} failed before any change was made:\n` +
        violations
          .map(
            (v) =>
              `  [${v.rule}] ${v.problem}.\n` +
              `      The guide's symptom: ${v.symptom}.\n` +
              `      Fix: ${v.fix}. (Waive with config waiveRules: ["${v.rule}"] if intended.)`,
          )
          .join("\n"),
    );
  }
}

/**
 * One warning line per waived rule: a waiver silences a check of the guide, so every run says
 * which, and whether the rule finds a problem in this plan (a waiver is a decision to revisit).
 */
export function waiverWarnings<P>(rules: readonly PlanRule<P>[], plan: P, waived: readonly string[]): string[] {
  return rules
    .filter((rule) => waived.includes(rule.id))
    .map((rule) => {
      const found = rule.check(plan);
      const now =
        found.length > 0
          ? `it finds now: ${found.map((f) => f.problem).join("; ")}`
          : "it finds nothing in this plan now";
      return `rule "${rule.id}" is waived (config waiveRules), so "${rule.guide}" is not checked; ${now}`;
    });
}

/**
 * Throws one error naming every violation; a program calls it before declaring resources.
 * Returns the waived rules' warning lines (waiverWarnings) for the program to log.
 */
export function assertEdgePlan(plan: EdgePlan, waived: readonly string[] = []): string[] {
  const violations = checkEdgePlan(plan, waived);
  if (violations.length > 0) throw new EdgePlanError(violations);
  return waiverWarnings(EDGE_RULES, plan, waived);
}

const NO_CONTENT =
  "Skype for Business users see the CMS video but never its content (or CMS never sees theirs): " +
  "the applicationsharing dialog gets no TCP relay";

const lyncRuleEncrypted: PlanRule<ContentPlan> = {
  id: "lync-rule-encrypted",
  guide:
    "CMS API reference, outboundDialPlanRules: " +
    '"Ensure all Lync outbound dialing rules are explicitly set to Encrypted mode"',
  symptom: "Calls from CMS to Skype for Business fail or fall back to unencrypted TCP, which the SfB front end refuses",
  check(plan) {
    const shown = (value: string | undefined) =>
      value === undefined ? 'unset (device default "auto")' : JSON.stringify(value);
    return plan.cms.outboundRules
      .filter((r) => r.trunkType === "lync" && r.sipControlEncryption !== "encrypted")
      .map((r) => ({
        problem:
          `the outbound rule for ${JSON.stringify(r.domain)} has trunkType "lync" and sipControlEncryption ` +
          shown(r.sipControlEncryption),
        fix: 'set sipControlEncryption to "encrypted" on every Lync rule',
      }));
  },
};

const turnTcpPort: PlanRule<ContentPlan> = {
  id: "turn-tcp-port",
  guide: "TAC 212580: CMS asks its TURN server (the Expressway-E) for a TCP relay on the TURN port",
  symptom: NO_CONTENT,
  check(plan) {
    const port = plan.expresswayE.turnRequestsPort;
    const problems = [];
    if (plan.cms.turnServers.length === 0)
      problems.push({
        problem: "the stack declares no CMS TURN server, so CMS has nowhere to allocate a TCP relay",
        fix: `declare a CmsTurnServer for the Expressway-E with tcpPortNumberOverride ${port}`,
      });
    for (const turn of plan.cms.turnServers) {
      if (turn.tcpPortNumberOverride === undefined)
        problems.push({
          problem: `the CMS TURN server ${turn.serverAddress} has no TCP port (tcpPortNumberOverride unset)`,
          fix: `set tcpPortNumberOverride to the Expressway-E TURN requests port ${port}`,
        });
      else if (turn.tcpPortNumberOverride !== port)
        problems.push({
          problem:
            `the CMS TURN server ${turn.serverAddress} sends TCP media to port ${turn.tcpPortNumberOverride}, ` +
            `but the Expressway-E TURN requests port is ${port}`,
          fix: `set tcpPortNumberOverride to ${port}`,
        });
    }
    if (!/^(tcp|both)$/i.test(plan.expresswayE.turnProtocolMode))
      problems.push({
        problem:
          `the Expressway-E TURN ProtocolMode is planned as ${JSON.stringify(plan.expresswayE.turnProtocolMode)}, ` +
          "which allows no TCP relay (the Allocate gets 442 Unsupported Transport Protocol)",
        fix: "plan ProtocolMode Both (xConfiguration Traversal Server TURN ProtocolMode: Both)",
      });
    return problems;
  },
};

const relayRangeClear: PlanRule<ContentPlan> = {
  id: "turn-relay-range",
  guide: "Expressway-E Configuration > Traversal > TURN: media port range apart from the TURN requests port",
  symptom: NO_CONTENT,
  check(plan) {
    const { start, end } = plan.expresswayE.turnMediaPorts;
    const port = plan.expresswayE.turnRequestsPort;
    if (start > end || port < start || port > end) return [];
    return [
      {
        problem: `the TURN relay range ${start}-${end} holds the TURN requests port ${port}`,
        fix: `move the requests port out of the range (the device defaults: 3478 and 24000-29999)`,
      },
    ];
  },
};

const mediaRangeOrder: PlanRule<ContentPlan> = {
  id: "turn-media-range",
  guide: "Expressway-E Configuration > Traversal > TURN: media port range start and end",
  symptom: NO_CONTENT,
  check(plan) {
    const { start, end } = plan.expresswayE.turnMediaPorts;
    if (start <= end) return [];
    return [
      {
        problem: `the TURN media port range starts at ${start}, above its end ${end}`,
        fix: `swap them: start ${end}, end ${start} (the device default is 24000-29999)`,
      },
    ];
  },
};

/** Every rule of the Skype for Business content system (TAC 212580), the TURN credentials first. */
export const SKYPE_CONTENT_RULES: readonly PlanRule<ContentPlan>[] = [
  turnCredentials,
  turnTcpPort,
  relayRangeClear,
  mediaRangeOrder,
  lyncRuleEncrypted,
];

export function checkContentPlan(plan: ContentPlan, waived: readonly string[] = []): RuleViolation[] {
  return checkPlan(SKYPE_CONTENT_RULES, plan, waived, SKYPE_CONTENT_GUIDE);
}

/**
 * Throws one error naming every violation; the Skype content program calls it before declaring resources.
 * Returns the waived rules' warning lines (waiverWarnings) for the program to log.
 */
export function assertContentPlan(plan: ContentPlan, waived: readonly string[] = []): string[] {
  const violations = checkContentPlan(plan, waived);
  if (violations.length > 0) throw new EdgePlanError(violations, SKYPE_CONTENT_GUIDE);
  return waiverWarnings(SKYPE_CONTENT_RULES, plan, waived);
}
