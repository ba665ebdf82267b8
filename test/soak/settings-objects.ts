import type { PropertyMap } from "../../provider/described-provider";
import { cmsCall, dnsServerEntries, dnsServerEntry, expresswayCall } from "../emulator/client";
import type { TestDevices } from "../support/test-devices";

/**
 * The device-wide settings objects (singletons) the soak declares: each once per device it
 * applies to. Each device starts with values of its own (set over HTTP before any fault is
 * armed, as an installed device has them), so that apply must change them and destroy must
 * put them back; the checks compare the devices' own GET answers, not the provider's reading.
 */

type DeviceName = "cms" | "expC" | "expE";
type Wire = Record<string, string | number>;

/** A device's GET view of one settings object: its fields by wire name (plus `servers` for DNS). */
export type Snapshot = Record<string, unknown>;

export interface SettingsCase {
  readonly resource: string;
  readonly device: DeviceName;
  /** What the device holds before the soak (any other field stays at the device's default). */
  readonly found: Wire;
  /** DNS only: default DNS servers the device holds before the soak. */
  readonly foundServers?: readonly string[];
  readonly inputs: PropertyMap;
  /** The declared values as the device's GET shows them (`servers`: the address list). */
  readonly declaredWire: Snapshot;
}

const DNS = "common/dns/dns";
const DNS_SERVERS = "common/dns/dnsserver";
const XMPP = "/api/v1/system/configuration/xmpp";
const PATHS: Record<string, string> = {
  ExpresswayDns: DNS,
  ExpresswayMra: "common/mra",
  ExpresswayTurn: "edge/traversal/turn",
};

export const SETTINGS: readonly SettingsCase[] = [
  {
    resource: "ExpresswayDns",
    device: "expC",
    found: { SystemHostName: "expc-old", DomainName: "old.example" },
    foundServers: ["10.0.0.53", "10.0.0.54", "10.0.0.55"],
    inputs: { systemHostName: "vcsc", domainName: "octavio.local", servers: ["172.16.85.162", "10.0.0.54"] },
    declaredWire: { SystemHostName: "vcsc", DomainName: "octavio.local", servers: ["172.16.85.162", "10.0.0.54"] },
  },
  {
    resource: "ExpresswayDns",
    device: "expE",
    found: { SystemHostName: "expe-old", DomainName: "old.example.com" },
    inputs: { profile: "expresswayE", systemHostName: "vcse", domainName: "octavio.com", servers: ["8.8.8.8"] },
    declaredWire: { SystemHostName: "vcse", DomainName: "octavio.com", servers: ["8.8.8.8"] },
  },
  {
    resource: "ExpresswayMra",
    device: "expC",
    found: { SSO: "On" },
    inputs: { enabled: true, sso: false },
    declaredWire: { Enabled: "On", SSO: "Off" },
  },
  {
    // Left at the device's defaults: destroy must put back values the device only defaulted.
    resource: "ExpresswayMra",
    device: "expE",
    found: {},
    inputs: { profile: "expresswayE", enabled: true },
    declaredWire: { Enabled: "On" },
  },
  {
    resource: "ExpresswayTurn",
    device: "expE",
    found: { AuthenticationRealm: "TANDBERG", RequestsPort: 3479 },
    inputs: { services: true, requestsPort: 3478, authenticationRealm: "turnuser", mediaPortRangeStart: 24000 },
    declaredWire: { TurnServices: "On", RequestsPort: 3478, AuthenticationRealm: "turnuser" },
  },
  {
    // No sharedSecret: it is write-only, so destroy cannot give the old one back (notRestorable).
    resource: "CmsXmppSettings",
    device: "cms",
    found: { uniqueName: "cb-old", domain: "old.example" },
    inputs: { uniqueName: "cb1", domain: "cms.octavio.local", serverAddressOverride: "localhost:5223" },
    declaredWire: { uniqueName: "cb1", domain: "cms.octavio.local", serverAddressOverride: "localhost:5223" },
  },
];

/** The elements of a flat XML answer, by name (`<x/>` is ""). */
function xmlFields(xml: string): Snapshot {
  const fields: Snapshot = {};
  for (const match of xml.matchAll(/<(\w+)(?:\/>|>([^<]*)<\/\1>)/g)) fields[match[1]] = match[2] ?? "";
  return fields;
}

async function expresswayGet(lab: TestDevices, device: DeviceName, path: string): Promise<unknown> {
  const answer = await expresswayCall(lab[device], "GET", path);
  if (answer.status !== 200) throw new Error(`GET ${path} on ${device} answered ${answer.status}`);
  return answer.body;
}

/** The device's view of a settings object, by its own GET (faults must be off). */
export async function snapshot(lab: TestDevices, c: SettingsCase): Promise<Snapshot> {
  if (c.device === "cms") {
    const answer = await cmsCall(lab.cms, "GET", XMPP);
    if (answer.status !== 200) throw new Error(`GET ${XMPP} answered ${answer.status}`);
    return xmlFields(answer.body);
  }
  const path = PATHS[c.resource];
  const record = { ...((await expresswayGet(lab, c.device, path)) as Snapshot) };
  if (path !== DNS) return record;
  const servers = dnsServerEntries(await expresswayGet(lab, c.device, DNS_SERVERS)) as { address: string }[];
  return { ...record, servers: servers.map((s) => s.address) };
}

/** Gives each device the values it holds before the soak, over HTTP (faults must be off). */
export async function install(lab: TestDevices, c: SettingsCase): Promise<void> {
  const refused = (what: string, status: number) => new Error(`installing ${what} on ${c.device}: HTTP ${status}`);
  if (c.device === "cms") {
    const answer = await cmsCall(lab.cms, "PUT", XMPP, c.found as Record<string, string>);
    if (answer.status !== 200) throw refused(XMPP, answer.status);
    return;
  }
  const path = PATHS[c.resource];
  if (Object.keys(c.found).length > 0) {
    const answer = await expresswayCall(lab[c.device], "PUT", path, c.found);
    if (answer.status !== 200) throw refused(path, answer.status);
  }
  for (const [i, address] of (c.foundServers ?? []).entries()) {
    const answer = await expresswayCall(lab[c.device], "POST", DNS_SERVERS, dnsServerEntry(i + 1, address));
    if (answer.status !== 201) throw refused(DNS_SERVERS, answer.status);
  }
}
