import { compareVersions, isVersion } from "../../provider/schema/versions";
import { EXPRESSWAY_TURN_REST_SINCE } from "../../provider/topology";
import {
  type ConfigKey,
  type ConfigLookup,
  type ExampleSettings,
  configReader,
  names,
  turnType,
} from "../dual-domain/settings";

/**
 * Every value the Skype for Business content example declares, read from stack config with
 * the values of Cisco TAC 212580 as defaults (CMS 10.48.54.230, Expressway-E 10.48.54.229,
 * TURN user `turn`, realm TANDBERG, TCP 3478, relays 24000-29999). The SfB domain and
 * front-end pool are the site's own: config names them. Pure: the program and the lab read
 * config through this. examples/skype-content/README.md lists CONFIG_KEYS (a unit test keeps
 * the two in step).
 */

export const CONFIG_KEYS: readonly ConfigKey[] = [
  { key: "cmsVersion", default: "2.2", doc: "CMS release: Lync simple join (2.2+) and lyncConferenceMode (2.3+)" },
  {
    key: "expresswayVersion",
    default: "X8.9",
    doc: "Expressway-E release (the document's X8.9): before X8.11 the TURN page is a manual step",
  },
  { key: "cmsAddress", default: "10.48.54.230", doc: "CMS address (data only; firewall manual step)" },
  { key: "cmsDomain", default: "cms.example.com", doc: "CMS domain: incoming call matching, SfB static route" },
  {
    key: "cmsFqdn",
    default: "<cmsDomain>",
    doc: "Call Bridge FQDN: outbound localContactDomain, SfB trusted application pool, certificate subject",
  },
  {
    key: "expresswayEAddress",
    default: "10.48.54.229",
    doc: "Expressway-E address: CMS TURN server and client address",
  },
  { key: "sfbDomain", default: "sfb.example.com", doc: "Skype for Business SIP domain (the outbound rule's domain)" },
  {
    key: "sfbPool",
    default: "pool.<sfbDomain>",
    doc: "SfB front-end pool FQDN: the outbound rule's SIP proxy, the trusted application's registrar",
  },
  { key: "sfbSite", default: "1", doc: "SfB site id of the trusted application pool (manual step)" },
  { key: "turnUsername", default: "turn", doc: "TURN user: Expressway-E local user and CMS TURN username" },
  { key: "turnPassword", default: "(required)", doc: "its password, on both sides", secret: true },
  {
    key: "cmsTurnServerType",
    default: "standard before CMS 2.9, expressway from 2.9",
    doc: "CMS turnServers type (standard needs tcpPortNumberOverride for TCP media)",
  },
  { key: "turnRealm", default: "TANDBERG", doc: "Expressway-E TURN authentication realm (the device default)" },
  { key: "turnPort", default: "3478", doc: "Expressway-E TURN requests port" },
  { key: "cmsTurnTcpPort", default: "<turnPort>", doc: "CMS TURN tcpPortNumberOverride: the port of TCP media" },
  { key: "turnMediaPortStart", default: "24000", doc: "Expressway-E TURN relay (media) port range start" },
  { key: "turnMediaPortEnd", default: "29999", doc: "Expressway-E TURN relay (media) port range end" },
  {
    key: "turnProtocolMode",
    default: "Both",
    doc: "what the manual step sets `xConfiguration Traversal Server TURN ProtocolMode` to (TCP or Both allow content)",
  },
  { key: "outboundPriority", default: "10", doc: "priority of the outbound rule to the SfB domain" },
  {
    key: "outboundEncryption",
    default: "encrypted",
    doc: "sipControlEncryption of the Lync outbound rule (rule lync-rule-encrypted refuses anything else)",
  },
  { key: "callMatchPriority", default: "10", doc: "priority of the incoming call matching rule for the CMS domain" },
  { key: "profileName", default: "Skype content", doc: "name of the call leg profile allowing presentation" },
  { key: "waiveRules", default: "(none)", doc: "rules of provider/topology to waive, comma-separated or a JSON list" },
];

const ENCRYPTIONS = ["auto", "encrypted", "unencrypted"] as const;
type Encryption = (typeof ENCRYPTIONS)[number];

function encryption(text: string): Encryption {
  const known = ENCRYPTIONS.find((e) => e === text);
  if (!known) throw new Error(`config outboundEncryption must be one of ${ENCRYPTIONS.join(", ")}, got ${text}`);
  return known;
}

export interface ContentSettings {
  readonly cmsVersion: string;
  readonly expresswayVersion: string;
  readonly cms: { readonly address: string; readonly domain: string; readonly fqdn: string };
  readonly expresswayE: { readonly address: string };
  readonly sfb: { readonly domain: string; readonly pool: string; readonly site: string };
  readonly turn: {
    readonly username: string;
    readonly cmsServerType: ExampleSettings["turn"]["cmsServerType"];
    /** Why that type: printed by the lab, so the choice is never silent. */
    readonly cmsServerTypeReason: string;
    readonly realm: string;
    readonly requestsPort: number;
    readonly cmsTcpPort: number;
    readonly mediaPortStart: number;
    readonly mediaPortEnd: number;
    readonly protocolMode: string;
    /** Whether the Expressway release has the TURN REST path (X8.11 and later). */
    readonly managed: boolean;
  };
  readonly outbound: { readonly priority: number; readonly encryption: Encryption };
  readonly callMatchPriority: number;
  /** Lync simple join on the inbound rule: CMS 2.2 and later. */
  readonly lyncSimpleJoin: boolean;
  readonly profileName: string;
  readonly waiveRules: readonly string[];
}

/** The example's values from config; a bad value throws naming the key. */
export function readContentSettings(get: ConfigLookup): ContentSettings {
  const { str, int } = configReader(get);
  const cmsVersion = str("cmsVersion", "2.2");
  const expresswayVersion = str("expresswayVersion", "X8.9");
  for (const [key, value] of [
    ["cmsVersion", cmsVersion],
    ["expresswayVersion", expresswayVersion],
  ]) {
    if (!isVersion(value)) throw new Error(`config ${key} is not a release number: ${value}`);
  }
  const cmsDomain = str("cmsDomain", "cms.example.com");
  const sfbDomain = str("sfbDomain", "sfb.example.com");
  const requestsPort = int("turnPort", 3478);
  const [cmsServerType, cmsServerTypeReason] = turnType(cmsVersion, get("cmsTurnServerType"));
  return {
    cmsVersion,
    expresswayVersion,
    cms: { address: str("cmsAddress", "10.48.54.230"), domain: cmsDomain, fqdn: str("cmsFqdn", cmsDomain) },
    expresswayE: { address: str("expresswayEAddress", "10.48.54.229") },
    sfb: { domain: sfbDomain, pool: str("sfbPool", `pool.${sfbDomain}`), site: str("sfbSite", "1") },
    turn: {
      username: str("turnUsername", "turn"),
      cmsServerType,
      cmsServerTypeReason,
      realm: str("turnRealm", "TANDBERG"),
      requestsPort,
      cmsTcpPort: int("cmsTurnTcpPort", requestsPort),
      mediaPortStart: int("turnMediaPortStart", 24000),
      mediaPortEnd: int("turnMediaPortEnd", 29999),
      protocolMode: str("turnProtocolMode", "Both"),
      managed: compareVersions(expresswayVersion, EXPRESSWAY_TURN_REST_SINCE) >= 0,
    },
    outbound: { priority: int("outboundPriority", 10), encryption: encryption(str("outboundEncryption", "encrypted")) },
    callMatchPriority: int("callMatchPriority", 10),
    lyncSimpleJoin: compareVersions(cmsVersion, "2.2") >= 0,
    profileName: str("profileName", "Skype content"),
    waiveRules: names(get("waiveRules")),
  };
}
