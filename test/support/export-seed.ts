import type { Devices } from "../../emulator/devices";

/**
 * A brownfield edge for the export tests, configured through the emulators' own REST APIs
 * (plain HTTP, not the provider): the dual-domain objects as the devices hold them, extra
 * spaces with and without passcodes, a third call-matching rule and a third domain.
 * The secrets it sets are returned by the config keys `cisco-edge export` gives them.
 */

export const SEED = {
  turnPassword: "seed-turn-password",
  traversalPassword: "seed-traversal-password",
  xmppSecret: "seed-xmpp-secret",
} as const;

async function call(
  server: { url: string; username: string; password: string },
  method: "POST" | "PUT",
  path: string,
  body: string,
  json: boolean,
): Promise<string | undefined> {
  const answer = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${server.username}:${server.password}`).toString("base64")}`,
      "content-type": json ? "application/json" : "application/x-www-form-urlencoded",
    },
    body,
  });
  const text = await answer.text();
  if (answer.status >= 300) throw new Error(`seed: ${method} ${path} answered ${answer.status}: ${text}`);
  return answer.headers.get("location")?.split("/").pop();
}

/** A CMS request as an administrator would send it (form fields); the new object's id for a POST. */
export function cmsRequest(
  devices: Devices,
  method: "POST" | "PUT",
  path: string,
  fields: Record<string, string | number | boolean>,
): Promise<string | undefined> {
  const form = new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)]));
  return call(devices.byProfile.cms, method, `/api/v1/${path}`, form.toString(), false);
}

/** Seeds the devices; returns the secret config values an exported program of them needs. */
export async function seedEdge(devices: Devices, cmsVersion: string, spaces = 50): Promise<Record<string, string>> {
  const cms = (method: "POST" | "PUT", path: string, fields: Record<string, string | number | boolean>) =>
    cmsRequest(devices, method, path, fields);
  const xway = (profile: "expresswayC" | "expresswayE", method: "POST" | "PUT", path: string, body: unknown) =>
    call(devices.byProfile[profile], method, `/api/provisioning/${path}`, JSON.stringify(body), true);
  const cms2 = cmsVersion.startsWith("2.");
  const secrets: Record<string, string> = {
    expresswayCredentialTurnuserPassword: SEED.turnPassword,
    expresswayCredentialTuserPassword: SEED.traversalPassword,
    cmsTurnServer17216851681088246156Password: SEED.turnPassword,
    expresswayZoneClientUtZoneAuthenticationPassword: SEED.traversalPassword,
  };

  // Expressway-E: DNS, MRA, the TURN and traversal users, the server zone, TURN.
  await xway("expresswayE", "PUT", "common/dns/dns", { SystemHostName: "vcse", DomainName: "octavio.com" });
  await xway("expresswayE", "PUT", "common/mra", { Enabled: "On" });
  await xway("expresswayE", "POST", "common/credential", { Name: "turnuser", Password: SEED.turnPassword });
  await xway("expresswayE", "POST", "common/credential", { Name: "Tuser", Password: SEED.traversalPassword });
  await xway("expresswayE", "POST", "edge/zone/unifiedcommunicationstraversal", {
    Name: "UT Zone",
    AuthenticationUserName: "Tuser",
    SIPTLSVerifySubjectName: "vcsc.octavio.local",
  });
  await xway("expresswayE", "PUT", "edge/traversal/turn", { TurnServices: "On", AuthenticationRealm: "turnuser" });
  // Expressway-C: DNS and its server, MRA, three domains, the client zone.
  await xway("expresswayC", "PUT", "common/dns/dns", { SystemHostName: "vcsc", DomainName: "octavio.local" });
  await xway("expresswayC", "POST", "common/dns/dnsserver", {
    DefaultDNSServers: { index: 1, address: "172.16.85.162" },
  });
  await xway("expresswayC", "PUT", "common/mra", { Enabled: "On" });
  for (const name of ["octavio.local", "octavio.com", "octavio.net"])
    await xway("expresswayC", "POST", "common/domain", { Name: name });
  await xway("expresswayC", "POST", "controller/zone/unifiedcommunicationstraversal", {
    Name: "UT Zone",
    PeerAddress: ["vcse.octavio.com"],
    AuthenticationUserName: "Tuser",
    AuthenticationPassword: SEED.traversalPassword,
  });

  // CMS: XMPP (2.x), the web bridge in its release's shape, TURN, the space, call matching, profiles.
  if (cms2) {
    await cms("PUT", "system/configuration/xmpp", {
      domain: "cms.octavio.local",
      uniqueName: "cb1",
      serverAddressOverride: "localhost:5223",
      sharedSecret: SEED.xmppSecret,
    });
    secrets.cmsXmppSettingsSharedSecret = SEED.xmppSecret;
  }
  await cms("POST", "webBridges", { url: cms2 ? "https://cms.octavio.local" : "c2w://cms.octavio.local:9999" });
  await cms("POST", "turnServers", {
    serverAddress: "172.16.85.168",
    clientAddress: "10.88.246.156",
    username: "turnuser",
    password: SEED.turnPassword,
    type: cms2 ? "standard" : "expressway",
    tcpPortNumberOverride: 3478,
  });
  await cms("POST", "coSpaces", { name: "Proxy webRTC", uri: "proxywebrtc", callId: "100101" });
  for (let i = 1; i <= spaces; i++) {
    const room = { name: `Room ${i}`, uri: `room${i}`, callId: String(200000 + i) };
    if (i % 2 === 0) secrets[`cmsSpaceRoom${i}Passcode`] = String(5000 + i);
    await cms("POST", "coSpaces", i % 2 === 0 ? { ...room, passcode: String(5000 + i) } : room);
  }
  await cms("POST", "inboundDialPlanRules", { domain: "cms.octavio.local", priority: 10, resolveTocoSpaces: true });
  await cms("POST", "inboundDialPlanRules", { domain: "octavio.com", priority: 10 });
  // A rule with a tenant needs the tenant on the device: h-adopt's seed (test/support/seed-edge.ts) adds both.
  await cms("POST", "inboundDialPlanRules", { domain: "tenant.octavio.com", priority: 5 });
  const legProfile = await cms("POST", "callLegProfiles", {
    name: "Skype content",
    sipPresentationChannelEnabled: true,
  });
  await cms("PUT", "system/profiles", { callLegProfile: legProfile ?? "" });
  return secrets;
}
