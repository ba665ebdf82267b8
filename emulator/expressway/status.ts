import { element, serialize, type XmlElement } from "../cms/xml";
import type { EmulatorRequest, EmulatorResponse } from "../server";
import type { ExpresswayStore, WireValue } from "./store";

/**
 * The Expressway's legacy status interface, read by verification (the guide's "Verify"
 * section: TURN server Active on the Expressway-E, Unified Communications SSH tunnels
 * Active on the Expressway-C). `GET /status.xml` answers the whole status document;
 * `GET /getxml?location=/Status/<Node>` the part under one node, or `<XPathError>`.
 *
 * Shape: py-expressway's X8.11.3 `/status.xml` capture (every element carries `item="n"`,
 * root `<Status xmlns=... product="TANDBERG VCS" version=...>`), see docs/sources.md.
 * The children of a populated `CollaborationEdge/Tunnels` are not published [GAP]: the
 * names used here (Tunnel: Target, Domain, Status) are this emulator's guess and can be
 * changed with `tunnelFieldNames`, so readers can be tested against other plausible names.
 * How TURN listening addresses appear in XML is not published either [I]: `Server/Address`.
 */

export type TurnServerStatus = "Active" | "Inactive";
export type TunnelStatus = "Active" | "Failed" | "Inactive";

/** What the status interface reports beyond what follows from the stored configuration. */
export interface ExpresswayStatusAnswers {
  /**
   * TURN server status. Default: Active when the TURN settings have services On (on a
   * release without the TURN REST path, where the guide turns it on by hand: Active).
   */
  turnServer?: TurnServerStatus;
  /**
   * TURN relays the licence allows (SystemUnit/Software/Configuration/TURN/Relays). Default 1800:
   * the guide's "1800 TURN Relays" key before X8.11, the count a real X8.11.4 capture shows from
   * X8.11, where no key is needed. null: no TURN relay licence at all (an X8.10 without the key).
   */
  turnRelaysLicensed?: number | null;
  /**
   * TURN ProtocolMode (CLI only: `xConfiguration Traversal Server TURN ProtocolMode`), reported
   * under ResourceUsage/TURN as py-expressway's X8.11.3 capture has it; UDP makes the TURN
   * server refuse TCP relays with 442. Default Both.
   */
  turnProtocolMode?: "Both" | "TCP" | "UDP";
  /** The TURN server fails every credential with 431, as when the CMS TURN password differs. */
  turnWrongPassword?: boolean;
  /** TURN listening addresses (default: none reported). */
  turnListeningAddresses?: readonly string[];
  /** Status of every SSH tunnel (default Active); per domain with `tunnelStatusByDomain`. */
  tunnelStatus?: TunnelStatus;
  tunnelStatusByDomain?: Readonly<Record<string, TunnelStatus>>;
  /** Domains tunnelled besides the Expressway-C's own (the CMS page's web bridge, set by hand: no REST). */
  extraTunnelDomains?: readonly string[];
  /** Element names inside one tunnel [GAP]: default Target, Domain, Status. */
  tunnelFieldNames?: { readonly target?: string; readonly domain?: string; readonly status?: string };
}

/** Who the device is, as SystemUnit reports it. */
export interface ExpresswayUnit {
  /** As the device writes its release ("X8.11.4"). */
  readonly softwareVersion: string;
  readonly serialNumber: string;
  /** Seconds since the device (the emulator) started. */
  readonly uptimeSeconds: number;
}

const XMLNS = "http://www.tandberg.no/XML/CUIL/1.0";
const TURN_PATH = "edge/traversal/turn";
const CLIENT_ZONES = "controller/zone/unifiedcommunicationstraversal";
const DOMAINS = "common/domain";
const MRA = "common/mra";

/** An element as the status document writes them: with `item="n"`. */
function item(name: string, content?: string | readonly XmlElement[], n = 1): XmlElement {
  return element(name, content, [["item", String(n)]]);
}

const asList = (value: WireValue | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

export function turnIsOn(store: ExpresswayStore): boolean {
  const schema = store.schema(TURN_PATH);
  if (!schema) return true; // no REST path on this release: configured by hand, as the guide does
  const api = schema.fields.find((f) => f.name === "services")?.api ?? "TurnServices";
  return String(store.read(TURN_PATH)[0]?.[api] ?? "Off").toLowerCase() === "on";
}

/** The port TURN listens on: the one in effect, which a change while services run does not move (admin guide X14.2). */
function turnRequestsPort(store: ExpresswayStore): string {
  const schema = store.schema(TURN_PATH);
  const api = schema?.fields.find((f) => f.name === "requestsPort")?.api;
  const port = api ? store.inEffect(TURN_PATH)[api] : undefined;
  return String(port ?? 3478);
}

function turnNodes(store: ExpresswayStore, answers: ExpresswayStatusAnswers): { turn: XmlElement; usage: XmlElement } {
  const status = answers.turnServer ?? (turnIsOn(store) ? "Active" : "Inactive");
  const addresses = (answers.turnListeningAddresses ?? []).map((a, i) => item("Address", a, i + 1));
  const turn = item("TURN", [
    item("Server", [item("Status", status), item("MediaForwardingFrameworks", "1"), ...addresses]),
  ]);
  const usage = item("TURN", [
    // Current, peak since restart and total since restart: usage, not the licence (nothing relayed here).
    item("Relays", counters()),
    item("Ports", [item("Count", "1")]),
    item("Port", [item("Port", turnRequestsPort(store)), item("Count", "0"), item("UDP", "0"), item("TCP", "0")]),
    item("ProtocolMode", answers.turnProtocolMode ?? "Both"),
  ]);
  return { turn, usage };
}

/** A ResourceUsage counter: Current, Max (peak since restart) and Total (since restart); nothing in use here. */
const counters = (): XmlElement[] => [item("Current", "0"), item("Max", "0"), item("Total", "0")];

/**
 * SystemUnit as py-expressway's X8.11.3 capture has it (Product, Uptime, Software with its
 * licence Configuration, Hardware with the serial number). The TURN relay licence sits under
 * Configuration, as a real X8.11.4 capture shows it (docs/sources.md, I18); the other entries'
 * values are this emulator's [I].
 */
function systemUnit(unit: ExpresswayUnit, answers: ExpresswayStatusAnswers): XmlElement {
  const licensed = answers.turnRelaysLicensed === undefined ? 1800 : answers.turnRelaysLicensed;
  const configuration = item("Configuration", [
    item("NonTraversalCalls", "500"),
    item("TraversalCalls", "100"),
    item("Registrations", "2500"),
    item("Expressway", "True"),
    item("Encryption", "True"),
    item("ExpresswaySeries", "True"),
    ...(licensed === null ? [] : [item("TURN", [item("Relays", String(licensed))])]),
  ]);
  return item("SystemUnit", [
    item("Product", "TANDBERG VCS"),
    item("Uptime", String(unit.uptimeSeconds)),
    item("TimeZone", "UTC"),
    item("Software", [item("Version", unit.softwareVersion), item("ReleaseKey"), configuration]),
    item("Hardware", [item("Version", "VMware"), item("SerialNumber", unit.serialNumber)]),
  ]);
}

/** Call usage by kind, as the capture lists it: Max 0 there for calls its licence allows. */
const callUsage = (): XmlElement =>
  item("Calls", [
    item("Traversal", counters()),
    item("NonTraversal", counters()),
    item("CollaborationEdge", counters()),
  ]);

/** One tunnel per Expressway-E peer of a UC traversal client zone and per domain (the guide's SSH tunnels page). */
function tunnels(store: ExpresswayStore, answers: ExpresswayStatusAnswers): XmlElement[] {
  // Only an Expressway-C has traversal client zones, so only it reports tunnels.
  if (!store.schema(CLIENT_ZONES)) return [];
  // The tunnels carry Mobile and Remote Access: none while it is off [I].
  if (store.schema(MRA) && store.read(MRA)[0]?.Enabled !== "On") return [];
  const peers = store.read(CLIENT_ZONES).flatMap((zone) => asList(zone.PeerAddress));
  const domains = store.schema(DOMAINS) ? store.read(DOMAINS).map((d) => String(d.Name)) : [];
  const names = answers.tunnelFieldNames ?? {};
  const rows: XmlElement[] = [];
  for (const peer of peers)
    for (const domain of [...domains, ...(answers.extraTunnelDomains ?? [])]) {
      const status = answers.tunnelStatusByDomain?.[domain] ?? answers.tunnelStatus ?? "Active";
      const n = rows.length + 1;
      rows.push(
        item(
          "Tunnel",
          [
            item(names.target ?? "Target", peer),
            item(names.domain ?? "Domain", domain),
            item(names.status ?? "Status", status),
          ],
          n,
        ),
      );
    }
  return rows;
}

function statusChildren(store: ExpresswayStore, unit: ExpresswayUnit, answers: ExpresswayStatusAnswers): XmlElement[] {
  const { turn, usage } = turnNodes(store, answers);
  return [
    systemUnit(unit, answers),
    turn,
    item("ResourceUsage", [callUsage(), usage]),
    // The calls up now (one child per call): none here.
    item("Calls"),
    item("CollaborationEdge", [item("CMSs"), item("Tunnels", tunnels(store, answers)), item("Domains")]),
    item("Options"),
  ];
}

const xml = (status: number, root: XmlElement): EmulatorResponse => ({
  status,
  headers: { "Content-Type": "text/xml; charset=UTF-8" },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(root)}\n`,
});

function statusRoot(children: XmlElement[], version: string): XmlElement {
  return element("Status", children, [
    ["xmlns", XMLNS],
    ["product", "TANDBERG VCS"],
    ["version", version],
  ]);
}

/** Answers /status.xml and /getxml, or undefined when the request is for another path. */
export function answerStatus(
  request: EmulatorRequest,
  store: ExpresswayStore,
  unit: ExpresswayUnit,
  answers: ExpresswayStatusAnswers,
): EmulatorResponse | undefined {
  if (request.path !== "/status.xml" && request.path !== "/getxml") return undefined;
  if (request.method !== "GET")
    return { status: 405, headers: { Allow: "GET", "Content-Type": "text/plain" }, body: "Method not allowed" };
  const version = unit.softwareVersion;
  const children = statusChildren(store, unit, answers);
  if (request.path === "/status.xml") return xml(200, statusRoot(children, version));
  // /getxml?location=/Status/A/B: the root keeps its name, only the branch down to B is kept.
  const location = request.query.get("location") ?? "";
  const steps = location.split("/").filter((s) => s !== "");
  const xpathError = (reason: string) =>
    xml(200, element("XPathError", [element("Reason", reason), element("XPath", location)]));
  if (steps[0] !== "Status") return xpathError("No match on address expression");
  const branch = (nodes: readonly XmlElement[], rest: readonly string[]): XmlElement[] | undefined => {
    if (rest.length === 0) return [...nodes];
    const found = nodes.find((n) => n.name === rest[0]);
    if (!found) return undefined;
    const inner = typeof found.content === "string" ? [] : (found.content ?? []);
    if (rest.length === 1) return [found];
    const below = branch(inner, rest.slice(1));
    return below && [{ ...found, content: below }];
  };
  const kept = branch(children, steps.slice(1));
  return kept ? xml(200, statusRoot(kept, version)) : xpathError("No match on address expression");
}
