import type { Profile } from "../../emulator/devices";
import { isCms3, readSettings } from "../../examples/dual-domain/settings";
import { cmsCall, type DeviceLogin, dnsServerEntry, expresswayCall } from "../emulator/client";

/**
 * A brownfield edge for tests of export, audit and adoption (issue 21): configures running
 * devices (the emulators, or any device the profiles name) directly through their REST APIs,
 * with plain HTTP requests in the devices' wire names, never through the provider. It holds:
 *
 * - the whole dual-domain topology, as examples/dual-domain declares it with the guide's
 *   values (examples/dual-domain/settings.ts, so the two stay in step), on the given CMS
 *   release (the web bridge is `https://…` with the 2.x guest fields on 2.x, `c2w://…` on 3.x;
 *   XMPP only on 2.x) and Expressway release (TURN only from X8.11, which has its REST path);
 * - `extraSpaces` more spaces (default 50), every other one with a passcode;
 * - a tenant (SEED_TENANT_NAME) and a second call-matching rule for the CMS domain restricted to it;
 * - a third domain on the Expressway-C (SEED_THIRD_DOMAIN).
 *
 * The secrets are SEED_SECRETS, so a test can give an exported program the same values.
 */

export const SEED_TENANT_NAME = "Seed tenant";
export const SEED_THIRD_DOMAIN = "octavio.net";
export const SEED_EXTRA_SPACES = 50;

export const SEED_SECRETS = {
  turnPassword: "Seed-turn-pw-21",
  traversalPassword: "Seed-traversal-pw-21",
  spacePasscode: "2121",
  xmppSharedSecret: "Seed-xmpp-secret-21",
} as const;

/** Where each profile's device answers and its API account (an emulator server fits). */
export type SeedTargets = Readonly<Record<Profile, DeviceLogin>>;

export interface SeedOptions {
  /** CMS release the devices run (picks the web bridge shape, XMPP and the TURN type): default "2.2". */
  readonly cmsVersion?: string;
  /** Expressway release both Expressways run: default "X8.11.4". */
  readonly expresswayVersion?: string;
  readonly extraSpaces?: number;
}

/** How many objects of each collection the seed made, by profile and API path: what a listing must find. */
export interface SeedCounts {
  readonly cms: Readonly<
    Record<"coSpaces" | "inboundDialPlanRules" | "tenants" | "turnServers" | "webBridges", number>
  >;
  readonly expresswayC: Readonly<Record<"common/domain" | typeof CLIENT_ZONES, number>>;
  readonly expresswayE: Readonly<Record<"common/credential" | typeof SERVER_ZONES, number>>;
  /** Spaces made with a passcode. */
  readonly spacesWithPasscode: number;
}

const CLIENT_ZONES = "controller/zone/unifiedcommunicationstraversal";
const SERVER_ZONES = "edge/zone/unifiedcommunicationstraversal";

/** A CMS write; fails naming the request and the answer; answers the new object's id on POST. */
async function cms(device: DeviceLogin, method: "POST" | "PUT", path: string, form: Record<string, string>) {
  const answer = await cmsCall(device, method, `/api/v1/${path}`, form);
  if (answer.status !== 200) throw new Error(`seed: CMS ${method} ${path} answered ${answer.status}: ${answer.body}`);
  return (answer.headers.get("location") ?? "").trim().split("/").pop() ?? "";
}

/** An Expressway write; fails naming the request and the answer. */
async function expressway(device: DeviceLogin, method: "POST" | "PUT", path: string, body: unknown) {
  const answer = await expresswayCall(device, method, path, body);
  if (answer.status >= 300)
    throw new Error(`seed: Expressway ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

const onOff = (value: boolean) => (value ? "On" : "Off");

/** Seeds the devices; answers what it made. Each device's objects are written in order, the devices at once. */
export async function seedEdge(targets: SeedTargets, options: SeedOptions = {}): Promise<SeedCounts> {
  const s = readSettings((key) =>
    key === "cmsVersion" ? options.cmsVersion : key === "expresswayVersion" ? options.expresswayVersion : undefined,
  );
  const extra = options.extraSpaces ?? SEED_EXTRA_SPACES;
  const { cms: cmsDevice, expresswayC: c, expresswayE: e } = targets;

  /** An Expressway's System > DNS (host, domain, default servers) and its MRA switch. */
  const seedSystem = async (device: DeviceLogin, host: string, domain: string, servers: readonly string[]) => {
    await expressway(device, "PUT", "common/dns/dns", { SystemHostName: host, DomainName: domain });
    for (const [i, address] of servers.entries())
      await expressway(device, "POST", "common/dns/dnsserver", dnsServerEntry(i + 1, address));
    await expressway(device, "PUT", "common/mra", { Enabled: onOff(s.mraEnabled) });
  };

  const seedC = async () => {
    await seedSystem(c, s.expresswayC.hostName, s.internalDomain, s.expresswayC.dnsServers);
    for (const name of [s.internalDomain, s.externalDomain, SEED_THIRD_DOMAIN])
      await expressway(c, "POST", "common/domain", { Name: name, Sip: "On" });
    await expressway(c, "POST", CLIENT_ZONES, {
      Name: s.traversal.zoneName,
      PeerAddress: [s.expresswayE.fqdn],
      AuthenticationUserName: s.traversal.username,
      AuthenticationPassword: SEED_SECRETS.traversalPassword,
      SIPPort: s.traversal.port,
      HopCount: s.traversal.hopCount,
    });
  };

  const seedE = async () => {
    await seedSystem(e, s.expresswayE.hostName, s.externalDomain, s.expresswayE.dnsServers);
    await expressway(e, "POST", "common/credential", { Name: s.turn.username, Password: SEED_SECRETS.turnPassword });
    await expressway(e, "POST", "common/credential", {
      Name: s.traversal.username,
      Password: SEED_SECRETS.traversalPassword,
    });
    if (s.turn.managed)
      await expressway(e, "PUT", "edge/traversal/turn", {
        TurnServices: "On",
        RequestsPort: s.turn.requestsPort,
        AuthenticationRealm: s.turn.realm,
        MediaPortRangeStart: s.turn.mediaPortStart,
        MediaPortRangeEnd: s.turn.mediaPortEnd,
      });
    await expressway(e, "POST", SERVER_ZONES, {
      Name: s.traversal.zoneName,
      AuthenticationUserName: s.traversal.username,
      SIPPort: s.traversal.port,
      HopCount: s.traversal.hopCount,
      SIPTLSVerifySubjectName: s.expresswayC.fqdn,
    });
  };

  const seedCms = async () => {
    if (s.xmpp)
      await cms(cmsDevice, "PUT", "system/configuration/xmpp", {
        uniqueName: s.xmpp.uniqueName,
        domain: s.cmsDomain,
        serverAddressOverride: s.xmpp.serverAddress,
        sharedSecret: SEED_SECRETS.xmppSharedSecret,
      });
    await cms(
      cmsDevice,
      "POST",
      "webBridges",
      isCms3(s.cmsVersion)
        ? { url: s.webBridge.url }
        : {
            url: s.webBridge.url,
            idEntryMode: "secure",
            allowWeblinkAccess: "true",
            showSignIn: "true",
            resolveCoSpaceCallIds: "true",
            resolveLyncConferenceIds: "false",
          },
    );
    await cms(cmsDevice, "POST", "turnServers", {
      serverAddress: s.expresswayE.insideAddress,
      clientAddress: s.expresswayE.publicAddress,
      username: s.turn.username,
      password: SEED_SECRETS.turnPassword,
      type: s.turn.cmsServerType,
      tcpPortNumberOverride: String(s.turn.cmsTcpPort),
    });
    await cms(cmsDevice, "POST", "coSpaces", { name: s.space.name, uri: s.space.uri, callId: s.space.callId });
    for (const domain of [s.cmsDomain, s.externalDomain])
      await cms(cmsDevice, "POST", "inboundDialPlanRules", {
        domain,
        priority: String(s.callMatchPriority),
        resolveTocoSpaces: "true",
      });
    const tenant = await cms(cmsDevice, "POST", "tenants", { name: SEED_TENANT_NAME });
    await cms(cmsDevice, "POST", "inboundDialPlanRules", {
      domain: s.cmsDomain,
      priority: String(s.callMatchPriority + 10),
      resolveTocoSpaces: "true",
      tenant,
    });
    for (let n = 1; n <= extra; n++) {
      const number = String(n).padStart(3, "0");
      await cms(cmsDevice, "POST", "coSpaces", {
        name: `Seed space ${number}`,
        uri: `seed.space.${number}`,
        callId: `2100${number}`,
        ...(n % 2 === 0 ? { passcode: `${SEED_SECRETS.spacePasscode}${number}` } : {}),
      });
    }
  };

  await Promise.all([seedC(), seedE(), seedCms()]);
  return {
    cms: { coSpaces: 1 + extra, inboundDialPlanRules: 3, tenants: 1, turnServers: 1, webBridges: 1 },
    expresswayC: { "common/domain": 3, [CLIENT_ZONES]: 1 } as SeedCounts["expresswayC"],
    expresswayE: { "common/credential": 2, [SERVER_ZONES]: 1 } as SeedCounts["expresswayE"],
    spacesWithPasscode: Math.floor(extra / 2),
  };
}
