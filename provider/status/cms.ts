import type { ConnectionSettings } from "../connection";
import { getXml, StatusReadError } from "./read";
import { childrenNamed, findElement, quoteBody, textOf } from "../xml";

/**
 * Read-only status of a Cisco Meeting Server, from its own API (docs/sources.md):
 * - `GET /api/v1/turnServers/<id>/status`: the guide's capture (TAC 211301, CMS 2.2.1),
 *   `<turnServer><status>success</status><host><address/><portNumber/><reachable/>
 *   <roundTripTimeMs/><mappedAddress/><mappedPortNumber/></host></turnServer>`; `status`
 *   values other than success are not published [GAP].
 * - `GET /api/v1/webBridges/<id>/status` (2.2+): `<status>` is documented
 *   (unused, success, connectionFailure, dnsFailure); the rest of the body is not [GAP].
 * - `GET /api/v1/system/licensing` (2.x) or `/api/v1/clusterLicensing` (3.x, body [GAP]):
 *   the callBridge feature's `status` (noLicense, activated, grace, expired) and `expiry`.
 */

export interface CmsTurnHost {
  readonly address?: string;
  readonly portNumber?: number;
  readonly reachable?: boolean;
  readonly roundTripTimeMs?: number;
  readonly mappedAddress?: string;
  readonly mappedPortNumber?: number;
}

export interface CmsTurnServerStatus {
  readonly id: string;
  /** `success` in the guide's capture. */
  readonly status?: string;
  readonly hosts: readonly CmsTurnHost[];
  /** The body as received, cut short, to show when it does not read as expected. */
  readonly deviceSaid: string;
}

/** A CMS TURN server's own fields (`GET /api/v1/turnServers/<id>`), what the TURN-over-TCP check aims by. */
export interface CmsTurnServer {
  readonly id: string;
  readonly serverAddress?: string;
  readonly username?: string;
  /** standard, acano, lyncEdge (2.0); cms, expressway (later). Absent: the device default, standard. */
  readonly type?: string;
  /** The TCP port for TURN media (Lync/Skype presentation legs); absent when none is set. */
  readonly tcpPortNumberOverride?: number;
}

export interface CmsWebBridgeStatus {
  readonly id: string;
  readonly status?: string;
  readonly deviceSaid: string;
}

export interface CmsLicence {
  /** The path that answered: /api/v1/system/licensing or /api/v1/clusterLicensing. */
  readonly path: string;
  readonly callBridge?: { readonly status?: string; readonly expiry?: string };
  readonly deviceSaid: string;
}

const numberOf = (text: string | undefined): number | undefined => {
  const n = Number(text);
  return text === undefined || text === "" || !Number.isFinite(n) ? undefined : n;
};
const booleanOf = (text: string | undefined): boolean | undefined =>
  text === undefined ? undefined : text.trim().toLowerCase() === "true";

const objectPath = (collection: string, id: string) => `/api/v1/${collection}/${encodeURIComponent(id)}/status`;

export async function getCmsTurnServerStatus(settings: ConnectionSettings, id: string): Promise<CmsTurnServerStatus> {
  const doc = await getXml(settings, objectPath("turnServers", id));
  const root = findElement(doc.xml, "turnServer");
  if (!root) throw new StatusReadError(`GET ${doc.path} answered without a <turnServer> element`, quoteBody(doc.body));
  const hosts = childrenNamed(root, "host").map((host) => ({
    address: textOf(childrenNamed(host, "address")[0]),
    portNumber: numberOf(textOf(childrenNamed(host, "portNumber")[0])),
    reachable: booleanOf(textOf(childrenNamed(host, "reachable")[0])),
    roundTripTimeMs: numberOf(textOf(childrenNamed(host, "roundTripTimeMs")[0])),
    mappedAddress: textOf(childrenNamed(host, "mappedAddress")[0]),
    mappedPortNumber: numberOf(textOf(childrenNamed(host, "mappedPortNumber")[0])),
  }));
  return { id, status: textOf(childrenNamed(root, "status")[0]), hosts, deviceSaid: quoteBody(doc.body) };
}

export async function getCmsTurnServer(settings: ConnectionSettings, id: string): Promise<CmsTurnServer> {
  const doc = await getXml(settings, `/api/v1/turnServers/${encodeURIComponent(id)}`);
  const root = findElement(doc.xml, "turnServer");
  if (!root) throw new StatusReadError(`GET ${doc.path} answered without a <turnServer> element`, quoteBody(doc.body));
  const field = (name: string) => textOf(childrenNamed(root, name)[0]);
  return {
    id,
    serverAddress: field("serverAddress"),
    username: field("username"),
    type: field("type"),
    tcpPortNumberOverride: numberOf(field("tcpPortNumberOverride")),
  };
}

export async function getCmsWebBridgeStatus(settings: ConnectionSettings, id: string): Promise<CmsWebBridgeStatus> {
  const doc = await getXml(settings, objectPath("webBridges", id));
  return { id, status: textOf(findElement(doc.xml, "status")), deviceSaid: quoteBody(doc.body) };
}

function callBridgeFeature(xml: unknown): CmsLicence["callBridge"] {
  const feature = findElement(findElement(xml, "features") ?? xml, "callBridge");
  if (!feature || typeof feature !== "object") return undefined;
  return {
    status: textOf(childrenNamed(feature, "status")[0]),
    expiry: textOf(childrenNamed(feature, "expiry")[0]),
  };
}

/**
 * The Call Bridge licence. Tries 2.x's /system/licensing first; when that holds no
 * callBridge status (3.x answers only the licence file there, which may name the feature
 * without one), /clusterLicensing.
 */
export async function getCmsLicence(settings: ConnectionSettings): Promise<CmsLicence> {
  const system = await getXml(settings, "/api/v1/system/licensing");
  const fromSystem = callBridgeFeature(system.xml);
  if (fromSystem?.status) return { path: system.path, callBridge: fromSystem, deviceSaid: quoteBody(system.body) };
  let cluster: Awaited<ReturnType<typeof getXml>>;
  try {
    cluster = await getXml(settings, "/api/v1/clusterLicensing");
  } catch (error) {
    // A 2.x device without features in /system/licensing: show that answer, not the missing 3.x path.
    if (error instanceof StatusReadError) return { path: system.path, deviceSaid: quoteBody(system.body) };
    throw error;
  }
  return { path: cluster.path, callBridge: callBridgeFeature(cluster.xml), deviceSaid: quoteBody(cluster.body) };
}

/** Ids of every object in a CMS collection (`turnServers`, `webBridges`), paging through the list. */
export async function listCmsIds(settings: ConnectionSettings, collection: string): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const doc = await getXml(settings, `/api/v1/${collection}?offset=${ids.length}`);
    const root = findElement(doc.xml, collection);
    const items = Object.entries((root ?? {}) as Record<string, unknown>)
      .filter(([key]) => !key.startsWith("@_"))
      .flatMap(([, value]) => (Array.isArray(value) ? value : [value]));
    const page = items.map((item) => (item as Record<string, unknown>)?.["@_id"]).filter((id) => id !== undefined);
    ids.push(...page.map(String));
    const total = Number((root as Record<string, unknown> | undefined)?.["@_total"] ?? ids.length);
    if (page.length === 0 || ids.length >= total) return ids;
  }
}
