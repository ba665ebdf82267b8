import type { ConnectionSettings } from "../connection";
import { getXml, type StatusDocument, StatusReadError } from "./read";
import { childrenNamed, findElement, quoteBody, textMatching, textOf } from "../xml";

/**
 * Read-only status of an Expressway through its legacy status interface (docs/sources.md:
 * py-expressway's X8.11.3 `/status.xml` capture; centreon's use of
 * `/getxml?location=/Status/...`, which answers `<XPathError>` for an unknown node).
 * No REST status call for TURN or tunnels is published [GAP]. Each read asks
 * `/getxml` for its branch and falls back to the whole `/status.xml`.
 *
 * Published: `TURN/Server/Status` (Active or Inactive), `ResourceUsage/TURN/Relays` and
 * `Port`. `Relays` `Current`/`Max`/`Total` are usage: current, peak since restart and total
 * since restart (a real X8.11 resource-usage page: "Current 12, Peak 57, Since last restart
 * 2758"; an X8.11.3 capture has Max 0 for calls its licence allows). The licensed count is
 * `SystemUnit/Software/Configuration/TURN/Relays` (1800 in a real X8.11.4 capture).
 * Not published [GAP]: the children of a populated `CollaborationEdge/Tunnels`
 * (read here by pattern: a status-like, a domain-like and a target-like child of each
 * tunnel) and how TURN listening addresses appear (read as any `Address` under the server).
 */

export interface ExpresswayTurnStatus {
  /** `Active` when TURN services run. */
  readonly status?: string;
  readonly listeningAddresses: readonly string[];
  /** Usage: in use now, the peak and the total since the last restart. */
  readonly relays: { readonly current?: number; readonly peak?: number; readonly total?: number };
  /** Relays the licence allows, when the device reports a licence for them. */
  readonly licensedRelays?: number;
  /** The release as the status document says it (SystemUnit/Software/Version, else the root's `version`). */
  readonly release?: string;
  readonly requestsPort?: number;
  /**
   * `ProtocolMode` (Both, TCP or UDP), set only by the CLI (`xConfiguration Traversal Server
   * TURN ProtocolMode`); under ResourceUsage/TURN in py-expressway's X8.11.3 capture. UDP means
   * no TCP relays (RFC 6062), which Skype content through CMS needs. Absent when not reported.
   */
  readonly protocolMode?: string;
  readonly deviceSaid: string;
}

export interface ExpresswayTunnel {
  readonly target?: string;
  readonly domain?: string;
  readonly status?: string;
}

export interface ExpresswayTunnels {
  readonly tunnels: readonly ExpresswayTunnel[];
  readonly deviceSaid: string;
}

const numberOf = (text: string | undefined): number | undefined => {
  const n = Number(text);
  return text === undefined || text === "" || !Number.isFinite(n) ? undefined : n;
};

/** The `<Status>` branch at `location` (e.g. /Status/TURN), from /getxml or else /status.xml. */
export async function getExpresswayStatus(settings: ConnectionSettings, location: string): Promise<StatusDocument> {
  let targeted: StatusDocument | undefined;
  try {
    targeted = await getXml(settings, `/getxml?location=${encodeURIComponent(location)}`);
  } catch (error) {
    if (!(error instanceof StatusReadError)) throw error;
  }
  if (targeted && !findElement(targeted.xml, "XPathError")) return targeted;
  return getXml(settings, "/status.xml");
}

function node(doc: StatusDocument, steps: readonly string[]): unknown {
  let current: unknown = findElement(doc.xml, "Status") ?? doc.xml;
  for (const step of steps) current = childrenNamed(current, step)[0];
  return current;
}

export async function getExpresswayTurnStatus(settings: ConnectionSettings): Promise<ExpresswayTurnStatus> {
  const doc = await getExpresswayStatus(settings, "/Status/TURN");
  const server = node(doc, ["TURN", "Server"]);
  if (!server)
    throw new StatusReadError(
      `"${settings.profile}" (${settings.url}) reports no TURN/Server status`,
      quoteBody(doc.body),
    );
  // Relay usage (ResourceUsage) and the licence (SystemUnit) are outside /Status/TURN: read them where they are.
  const whole =
    findElement(doc.xml, "ResourceUsage") && findElement(doc.xml, "SystemUnit")
      ? doc
      : await getExpresswayStatus(settings, "/Status");
  const usage = node(whole, ["ResourceUsage", "TURN"]);
  const relays = childrenNamed(usage, "Relays")[0];
  const port = childrenNamed(usage, "Port")[0];
  const software = node(whole, ["SystemUnit", "Software"]);
  const licence = childrenNamed(childrenNamed(childrenNamed(software, "Configuration")[0], "TURN")[0], "Relays")[0];
  const root = findElement(whole.xml, "Status") as Record<string, unknown> | undefined;
  const release = textOf(childrenNamed(software, "Version")[0]) || textOf(root?.["@_version"]) || undefined;
  const licensedRelays = numberOf(textOf(licence));
  return {
    status: textOf(childrenNamed(server, "Status")[0]),
    listeningAddresses: childrenNamed(server, "Address")
      .map(textOf)
      .filter((a): a is string => a !== undefined),
    relays: {
      current: numberOf(textOf(childrenNamed(relays, "Current")[0])),
      peak: numberOf(textOf(childrenNamed(relays, "Max")[0])),
      total: numberOf(textOf(childrenNamed(relays, "Total")[0])),
    },
    ...(licensedRelays !== undefined ? { licensedRelays } : {}),
    ...(release !== undefined ? { release } : {}),
    requestsPort: numberOf(textOf(childrenNamed(port, "Port")[0])),
    // Where the capture has it, else anywhere under TURN (a release may move it) [I].
    protocolMode:
      textOf(childrenNamed(usage, "ProtocolMode")[0]) ?? textOf(findElement(node(doc, ["TURN"]), "ProtocolMode")),
    deviceSaid: quoteBody(textOf(server) ?? JSON.stringify(server)),
  };
}

/** The Unified Communications SSH tunnels an Expressway-C reports (Status > Unified Communications). */
export async function getExpresswayTunnels(settings: ConnectionSettings): Promise<ExpresswayTunnels> {
  const doc = await getExpresswayStatus(settings, "/Status/CollaborationEdge/Tunnels");
  const edge = node(doc, ["CollaborationEdge"]);
  if (!edge)
    throw new StatusReadError(
      `"${settings.profile}" (${settings.url}) reports no CollaborationEdge status (is this an Expressway-C?)`,
      quoteBody(doc.body),
    );
  const list = childrenNamed(edge, "Tunnels")[0];
  const rows =
    list && typeof list === "object"
      ? Object.entries(list as Record<string, unknown>)
          .filter(([key]) => !key.startsWith("@_"))
          .flatMap(([, value]) => (Array.isArray(value) ? value : [value]))
      : [];
  const tunnels = rows.map((row) => ({
    target: textMatching(row, /target|server|peer|host|address/i),
    domain: textMatching(row, /domain/i),
    status: textMatching(row, /status|state/i),
  }));
  return { tunnels, deviceSaid: quoteBody(doc.body) };
}
