import { typeProblem } from "../../provider/field-type";
import { descriptionFor } from "../../provider/schema";
import { rangeProblems } from "../../provider/schema/ranges";
import { fieldByName } from "../../provider/schema/types";
import { compareVersions, isVersion } from "../../provider/schema/versions";
import { EXPRESSWAY_TURN_REST_SINCE } from "../../provider/topology";

/**
 * Every value the dual-domain example declares, read from stack config with the guide's
 * values (Cisco TAC 211301) as defaults. Pure: the program reads its config through
 * this, and so does `npm run lab` to print the manual steps, so both see the same values.
 * docs/dual-domain.md's config table lists CONFIG_KEYS (a unit test keeps the two in step).
 */

export interface ConfigKey {
  readonly key: string;
  /** The default as docs/dual-domain.md shows it (derived defaults name what they derive from). */
  readonly default: string;
  readonly doc: string;
  readonly secret?: boolean;
}

export const CONFIG_KEYS: readonly ConfigKey[] = [
  {
    key: "cmsVersion",
    default: "2.2",
    doc: "CMS release the stack targets: picks the TURN server type, the web bridge shape and XMPP (2.x only)",
  },
  {
    key: "expresswayVersion",
    default: "X8.11.4",
    doc: "Expressway release: before X8.11 TURN has no REST path and becomes a manual step (the guide's X8.9.2)",
  },
  { key: "internalDomain", default: "octavio.local", doc: "internal domain" },
  { key: "externalDomain", default: "octavio.com", doc: "external domain" },
  { key: "cmsDomain", default: "cms.<internalDomain>", doc: "CMS domain: XMPP domain, space URIs, call matching" },
  { key: "expresswayCHostName", default: "vcsc", doc: "Expressway-C System > DNS host name" },
  { key: "expresswayEHostName", default: "vcse", doc: "Expressway-E System > DNS host name" },
  {
    key: "expresswayCFqdn",
    default: "<expresswayCHostName>.<internalDomain>",
    doc: "name the traversal server zone verifies in the Expressway-C certificate",
  },
  {
    key: "expresswayEFqdn",
    default: "<expresswayEHostName>.<externalDomain>",
    doc: "peer address of the traversal client zone",
  },
  { key: "dnsServers", default: "172.16.85.162", doc: "Expressway-C default DNS servers, comma-separated (up to 5)" },
  { key: "expresswayEDnsServers", default: "(none)", doc: "Expressway-E default DNS servers, comma-separated" },
  { key: "mraEnabled", default: "true", doc: "Unified Communications (MRA) on, on both Expressways" },
  { key: "expresswayEInsideAddress", default: "172.16.85.168", doc: "CMS TURN server address (Expressway-E inside)" },
  {
    key: "expresswayEPublicAddress",
    default: "10.88.246.156",
    doc: "CMS TURN client address (Expressway-E public), also in the external DNS manual step",
  },
  { key: "turnUsername", default: "turnuser", doc: "TURN user: Expressway-E local user and CMS TURN username" },
  { key: "turnPassword", default: "(required)", doc: "its password, on both sides", secret: true },
  {
    key: "cmsTurnPassword",
    default: "<turnPassword>",
    doc: "the CMS side's TURN password, when it must differ (rule turn-credentials refuses a mismatch)",
    secret: true,
  },
  {
    key: "cmsTurnServerType",
    default: "standard before CMS 2.9, expressway from 2.9",
    doc: "CMS turnServers type",
  },
  { key: "turnPort", default: "3478", doc: "Expressway-E TURN requests port" },
  { key: "cmsTurnTcpPort", default: "<turnPort>", doc: "CMS TURN tcpPortNumberOverride (the port clients use)" },
  { key: "turnRealm", default: "turnuser", doc: "Expressway-E TURN authentication realm (the guide's capture)" },
  { key: "turnMediaPortStart", default: "24000", doc: "Expressway-E TURN media port range start" },
  { key: "turnMediaPortEnd", default: "29999", doc: "Expressway-E TURN media port range end" },
  { key: "traversalUsername", default: "Tuser", doc: "UC traversal zone user (Expressway-E local user)" },
  { key: "traversalPassword", default: "(required)", doc: "its password, on both sides", secret: true },
  { key: "traversalZoneName", default: "UT Zone", doc: "UC traversal zone name on both sides" },
  { key: "traversalPort", default: "7001", doc: "UC traversal zone SIP TLS port" },
  { key: "traversalHopCount", default: "15", doc: "UC traversal zone hop count (both sides)" },
  {
    key: "webBridgeInternalHost",
    default: "cmsweb.<internalDomain>",
    doc: "web bridge name the Call Bridge uses (CmsWebBridge url)",
  },
  {
    key: "webBridgeExternalHost",
    default: "cmsweb.<externalDomain>",
    doc: "web bridge name guests use: Expressway-C guest account client URI, certificate SAN, guest URL",
  },
  { key: "webBridgeC2wPort", default: "9999", doc: "CMS 3.x web bridge c2w port (url c2w://host:port)" },
  { key: "spaceName", default: "Proxy webRTC", doc: "space name" },
  { key: "spaceUri", default: "proxywebrtc", doc: "space URI user part (SIP URI `<spaceUri>@<cmsDomain>`)" },
  { key: "spaceCallId", default: "100101", doc: "space call id guests enter" },
  { key: "spacePasscode", default: "(none)", doc: "space passcode", secret: true },
  { key: "callMatchPriority", default: "10", doc: "priority of both incoming call matching rules" },
  { key: "xmppUniqueName", default: "cb1", doc: "CMS 2.x unique Call Bridge name (`xmpp callbridge add <name>`)" },
  { key: "xmppServerAddress", default: "localhost:5223", doc: "CMS 2.x XMPP server address override" },
  {
    key: "xmppSharedSecret",
    default: "(none)",
    doc: "CMS 2.x XMPP shared secret printed by `xmpp callbridge add`",
    secret: true,
  },
  {
    key: "expresswayEWebAdminPort",
    default: "445",
    doc: "Expressway-E web administrator port (manual step; rule web-admin-port)",
  },
  {
    key: "expresswayECertificateSans",
    default: "<expresswayEFqdn>,<webBridgeExternalHost>,<externalDomain>",
    doc: "expected Expressway-E certificate SANs, comma-separated (manual step; rule webbridge-in-certificate)",
  },
  {
    key: "webBridgeTrustsCallBridge",
    default: "true",
    doc: "whether the MMP step `webbridge trust` is done (rule webbridge-url)",
  },
  { key: "waiveRules", default: "(none)", doc: "rules of provider/topology to waive, comma-separated or a JSON list" },
  {
    key: "verify",
    default: "false",
    doc: "read the devices' status after up into the `health` output (as `npm run lab -- verify` does)",
  },
];

/** Where settings come from: `pulumi.Config#get` in the program, the lab's stack config in the lab. */
export type ConfigLookup = (key: string) => string | undefined;

export interface ExampleSettings {
  readonly cmsVersion: string;
  readonly expresswayVersion: string;
  readonly internalDomain: string;
  readonly externalDomain: string;
  readonly cmsDomain: string;
  readonly expresswayC: {
    readonly hostName: string;
    readonly fqdn: string;
    readonly dnsServers: readonly string[];
  };
  readonly expresswayE: {
    readonly hostName: string;
    readonly fqdn: string;
    readonly dnsServers: readonly string[];
    readonly insideAddress: string;
    readonly publicAddress: string;
    readonly webAdminPort: number;
    readonly certificateSans: readonly string[];
  };
  readonly mraEnabled: boolean;
  readonly turn: {
    readonly username: string;
    /** CMS turnServers type, chosen from cmsVersion unless set. */
    readonly cmsServerType: "standard" | "acano" | "cms" | "expressway" | "lyncEdge";
    /** Why that type: printed by the lab and exported, so the choice is never silent. */
    readonly cmsServerTypeReason: string;
    readonly requestsPort: number;
    readonly cmsTcpPort: number;
    readonly realm: string;
    readonly mediaPortStart: number;
    readonly mediaPortEnd: number;
    /** Whether the Expressway release has the TURN REST path (X8.11 and later). */
    readonly managed: boolean;
  };
  readonly traversal: {
    readonly username: string;
    readonly zoneName: string;
    readonly port: number;
    readonly hopCount: number;
  };
  readonly webBridge: {
    readonly internalHost: string;
    readonly externalHost: string;
    /** CmsWebBridge url: https://host on 2.x, c2w://host:port on 3.x. */
    readonly url: string;
    readonly trustsCallBridge: boolean;
  };
  readonly space: { readonly name: string; readonly uri: string; readonly callId: string };
  readonly callMatchPriority: number;
  /** XMPP settings, on CMS 2.x only (3.0 removed XMPP). */
  readonly xmpp?: { readonly uniqueName: string; readonly serverAddress: string };
  readonly waiveRules: readonly string[];
  /** Read the devices' status after up into the `health` output (off: a no-op up sends no request). */
  readonly verify: boolean;
}

/** First CMS release whose turnServers type has `expressway` (TAC 210800; the guide's 2.2.1 has only standard). */
export const CMS_TURN_TYPE_EXPRESSWAY_SINCE = "2.9";

const TURN_TYPES = ["standard", "acano", "cms", "expressway", "lyncEdge"] as const;

export function isCms3(version: string): boolean {
  return compareVersions(version, "3.0") >= 0;
}

function list(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Rule names to waive: comma-separated or a JSON list. */
export function names(text: string | undefined): string[] {
  if (text === undefined || text.trim() === "") return [];
  if (text.trim().startsWith("[")) {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed) || parsed.some((n) => typeof n !== "string"))
      throw new Error(`config waiveRules must be a JSON list of rule names, got ${text}`);
    return parsed as string[];
  }
  return list(text);
}

/**
 * The resource field each whole-number config key becomes, so that a value out of range is
 * refused naming the key the user typed as well as the field (a check failure names only the field).
 */
export const FIELD_OF_CONFIG_KEY: Readonly<Record<string, readonly [resource: string, field: string]>> = {
  turnPort: ["ExpresswayTurn", "requestsPort"],
  cmsTurnTcpPort: ["CmsTurnServer", "tcpPortNumberOverride"],
  turnMediaPortStart: ["ExpresswayTurn", "mediaPortRangeStart"],
  turnMediaPortEnd: ["ExpresswayTurn", "mediaPortRangeEnd"],
  traversalPort: ["ExpresswayZone", "sipPort"],
  traversalHopCount: ["ExpresswayZone", "hopCount"],
  callMatchPriority: ["CmsCallMatch", "priority"],
};

function integer(key: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n)) throw new Error(`config ${key} must be a whole number, got ${JSON.stringify(text)}`);
  const target = FIELD_OF_CONFIG_KEY[key];
  const field = target && fieldByName(descriptionFor(target[0]), target[1]);
  const problem = field && typeProblem(field.type, n);
  if (target && problem) throw new Error(`config ${key} is ${n}, which becomes ${target[0]}.${target[1]}: ${problem}`);
  return n;
}

/** A start/end pair of config keys whose fields form a range (ObjectDescription.ranges): named by the keys. */
function refuseInvertedRanges(values: Readonly<Record<string, number>>): void {
  const keyOf = (resource: string, field: string) =>
    Object.keys(FIELD_OF_CONFIG_KEY).find(
      (k) => FIELD_OF_CONFIG_KEY[k][0] === resource && FIELD_OF_CONFIG_KEY[k][1] === field,
    );
  const resources = new Set(Object.values(FIELD_OF_CONFIG_KEY).map(([resource]) => resource));
  for (const resource of resources) {
    const desc = descriptionFor(resource);
    for (const problem of rangeProblems(desc, (field) => values[keyOf(resource, field) ?? ""])) {
      const [start, end] = [keyOf(resource, problem.range.start), keyOf(resource, problem.range.end)];
      throw new Error(
        `config ${start} (${problem.start}) is above ${end} (${problem.end}); they become ` +
          `${resource}.${problem.range.start} and ${resource}.${problem.range.end}, ` +
          "whose start must not be above its end",
      );
    }
  }
}

function boolean(key: string, text: string): boolean {
  if (text === "true") return true;
  if (text === "false") return false;
  throw new Error(`config ${key} must be true or false, got ${JSON.stringify(text)}`);
}

/** The CMS TURN server type for an Expressway-E on this release (config cmsTurnServerType wins), and why. */
export function turnType(
  cmsVersion: string,
  configured: string | undefined,
): [ExampleSettings["turn"]["cmsServerType"], string] {
  if (configured !== undefined) {
    const known = TURN_TYPES.find((t) => t === configured);
    if (!known) throw new Error(`config cmsTurnServerType must be one of ${TURN_TYPES.join(", ")}, got ${configured}`);
    return [known, `set by config cmsTurnServerType`];
  }
  const since = CMS_TURN_TYPE_EXPRESSWAY_SINCE;
  return compareVersions(cmsVersion, since) >= 0
    ? ["expressway", `CMS ${cmsVersion} has type "expressway" (since ${since}), Cisco's choice for an Expressway-E`]
    : [
        "standard",
        `CMS ${cmsVersion} predates type "expressway" (${since}): ` +
          '"standard" with tcpPortNumberOverride, as in the guide',
      ];
}

/**
 * The SSH tunnels the guide's Verify section expects on the Expressway-C, one per domain:
 * the two MRA domains and the web bridge name, which is tunnelled only once the Cisco Meeting
 * Server page names it as guest account client URI (a manual step).
 */
export function expectedTunnelDomains(s: ExampleSettings): string[] {
  return [s.internalDomain, s.externalDomain, s.webBridge.externalHost];
}

/** Typed readers of config keys with defaults (an empty value is the default); a bad value throws naming the key. */
export function configReader(get: ConfigLookup): {
  str(key: string, fallback: string): string;
  int(key: string, fallback: number): number;
  bool(key: string, fallback: boolean): boolean;
} {
  const read = <T>(key: string, fallback: T, parse: (key: string, text: string) => T): T => {
    const value = get(key);
    return value === undefined || value === "" ? fallback : parse(key, value);
  };
  return {
    str: (key, fallback) => read(key, fallback, (_key, text) => text),
    int: (key, fallback) => read(key, fallback, integer),
    bool: (key, fallback) => read(key, fallback, boolean),
  };
}

/** The example's values from config; a bad value throws naming the key. */
export function readSettings(get: ConfigLookup): ExampleSettings {
  const { str, int, bool } = configReader(get);

  const cmsVersion = str("cmsVersion", "2.2");
  const expresswayVersion = str("expresswayVersion", "X8.11.4");
  // Both are compared below; a version that is not one fails here, naming the key.
  for (const [key, value] of [
    ["cmsVersion", cmsVersion],
    ["expresswayVersion", expresswayVersion],
  ]) {
    if (!isVersion(value)) throw new Error(`config ${key} is not a release number: ${value}`);
  }
  const internalDomain = str("internalDomain", "octavio.local");
  const externalDomain = str("externalDomain", "octavio.com");
  const cHost = str("expresswayCHostName", "vcsc");
  const eHost = str("expresswayEHostName", "vcse");
  const eFqdn = str("expresswayEFqdn", `${eHost}.${externalDomain}`);
  const internalHost = str("webBridgeInternalHost", `cmsweb.${internalDomain}`);
  const externalHost = str("webBridgeExternalHost", `cmsweb.${externalDomain}`);
  const requestsPort = int("turnPort", 3478);
  const mediaPortStart = int("turnMediaPortStart", 24000);
  const mediaPortEnd = int("turnMediaPortEnd", 29999);
  refuseInvertedRanges({ turnMediaPortStart: mediaPortStart, turnMediaPortEnd: mediaPortEnd });
  const [cmsServerType, cmsServerTypeReason] = turnType(cmsVersion, get("cmsTurnServerType"));
  const cms3 = isCms3(cmsVersion);

  return {
    cmsVersion,
    expresswayVersion,
    internalDomain,
    externalDomain,
    cmsDomain: str("cmsDomain", `cms.${internalDomain}`),
    expresswayC: {
      hostName: cHost,
      fqdn: str("expresswayCFqdn", `${cHost}.${internalDomain}`),
      dnsServers: list(str("dnsServers", "172.16.85.162")),
    },
    expresswayE: {
      hostName: eHost,
      fqdn: eFqdn,
      dnsServers: list(str("expresswayEDnsServers", "")),
      insideAddress: str("expresswayEInsideAddress", "172.16.85.168"),
      publicAddress: str("expresswayEPublicAddress", "10.88.246.156"),
      webAdminPort: int("expresswayEWebAdminPort", 445),
      certificateSans: list(str("expresswayECertificateSans", `${eFqdn},${externalHost},${externalDomain}`)),
    },
    mraEnabled: bool("mraEnabled", true),
    turn: {
      username: str("turnUsername", "turnuser"),
      cmsServerType,
      cmsServerTypeReason,
      requestsPort,
      cmsTcpPort: int("cmsTurnTcpPort", requestsPort),
      realm: str("turnRealm", "turnuser"),
      mediaPortStart,
      mediaPortEnd,
      managed: compareVersions(expresswayVersion, EXPRESSWAY_TURN_REST_SINCE) >= 0,
    },
    traversal: {
      username: str("traversalUsername", "Tuser"),
      zoneName: str("traversalZoneName", "UT Zone"),
      port: int("traversalPort", 7001),
      hopCount: int("traversalHopCount", 15),
    },
    webBridge: {
      internalHost,
      externalHost,
      url: cms3 ? `c2w://${internalHost}:${int("webBridgeC2wPort", 9999)}` : `https://${internalHost}`,
      trustsCallBridge: bool("webBridgeTrustsCallBridge", true),
    },
    space: {
      name: str("spaceName", "Proxy webRTC"),
      uri: str("spaceUri", "proxywebrtc"),
      callId: str("spaceCallId", "100101"),
    },
    callMatchPriority: int("callMatchPriority", 10),
    ...(cms3
      ? {}
      : {
          xmpp: {
            uniqueName: str("xmppUniqueName", "cb1"),
            serverAddress: str("xmppServerAddress", "localhost:5223"),
          },
        }),
    waiveRules: names(get("waiveRules")),
    verify: bool("verify", false),
  };
}
