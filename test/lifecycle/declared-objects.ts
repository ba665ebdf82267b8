import {
  CLIENT_ZONE,
  CREDENTIALS,
  DNS,
  DNS_SERVERS,
  DOMAINS,
  type ExampleStack,
  MRA,
  SERVER_ZONE,
  TURN,
  XMPP,
} from "./example-stack";

/** The guide's values (TAC 211301) the example declares, as each emulator stores them. */

export interface Overrides {
  readonly clientAddress?: string;
  readonly realm?: string;
}

/** How many resources the example declares on this CMS release (no XMPP settings on 3.x). */
export const resourceCount = (cmsVersion: string) => (cmsVersion.startsWith("2.") ? 17 : 16);

function expectCms(stack: ExampleStack, overrides: Overrides): void {
  const { cms } = stack.devices;
  const cms2 = stack.cmsVersion.startsWith("2.");
  const turns = cms.list("turnServers");
  expect(turns).toHaveLength(1);
  expect(turns[0].fields).toMatchObject({
    serverAddress: "172.16.85.168",
    clientAddress: overrides.clientAddress ?? "10.88.246.156",
    username: "turnuser",
    password: stack.secrets.turnPassword,
    // The guide's CMS 2.2 has no "expressway" type: standard with the TCP override, as in its capture.
    type: cms2 ? "standard" : "expressway",
    tcpPortNumberOverride: "3478",
  });
  const spaces = cms.list("coSpaces");
  expect(spaces).toHaveLength(1);
  expect(spaces[0].fields).toMatchObject({
    name: "Proxy webRTC",
    uri: "proxywebrtc",
    callId: "100101",
    passcode: stack.secrets.spacePasscode,
  });
  const rules = cms.list("inboundDialPlanRules");
  expect(rules.map((r) => r.fields.domain).sort()).toEqual(["cms.octavio.local", "octavio.com"]);
  for (const rule of rules) expect(rule.fields).toMatchObject({ priority: "10", resolveTocoSpaces: "true" });

  const bridges = cms.list("webBridges");
  expect(bridges).toHaveLength(1);
  if (cms2) {
    expect(bridges[0].fields).toEqual({
      url: "https://cmsweb.octavio.local",
      idEntryMode: "secure",
      allowWeblinkAccess: "true",
      showSignIn: "true",
      resolveCoSpaceCallIds: "true",
      resolveLyncConferenceIds: "false",
    });
    expect(cms.list(XMPP).map((x) => x.fields)).toEqual([
      { uniqueName: "cb1", domain: "cms.octavio.local", serverAddressOverride: "localhost:5223" },
    ]);
  } else {
    expect(bridges[0].fields).toEqual({ url: "c2w://cmsweb.octavio.local:9999" });
  }
}

function expectExpresswayC(stack: ExampleStack): void {
  const { expC } = stack.devices;
  expect(
    expC
      .list(DOMAINS)
      .map((r) => r.Name)
      .sort(),
  ).toEqual(["octavio.com", "octavio.local"]);
  const zones = expC.list(CLIENT_ZONE);
  expect(zones).toHaveLength(1);
  expect(zones[0]).toMatchObject({
    Name: "UT Zone",
    PeerAddress: ["vcse.octavio.com"],
    AuthenticationUserName: "Tuser",
    AuthenticationPassword: stack.secrets.traversalPassword,
    SIPPort: 7001,
    HopCount: 15,
  });
  expect(expC.list(CREDENTIALS)).toHaveLength(0);
  expect(expC.list(DNS)).toEqual([expect.objectContaining({ SystemHostName: "vcsc", DomainName: "octavio.local" })]);
  expect(expC.list(DNS_SERVERS)).toEqual([{ index: 1, address: "172.16.85.162" }]);
  expect(expC.list(MRA)).toEqual([expect.objectContaining({ Enabled: "On" })]);
}

function expectExpresswayE(stack: ExampleStack, overrides: Overrides): void {
  const { expE } = stack.devices;
  const { secrets } = stack;
  expect(expE.list(CREDENTIALS).map((c) => [c.Name, c.Password])).toEqual(
    expect.arrayContaining([
      ["turnuser", secrets.turnPassword],
      ["Tuser", secrets.traversalPassword],
    ]),
  );
  expect(expE.list(CREDENTIALS)).toHaveLength(2);
  const zones = expE.list(SERVER_ZONE);
  expect(zones).toHaveLength(1);
  expect(zones[0]).toMatchObject({
    Name: "UT Zone",
    AuthenticationUserName: "Tuser",
    SIPPort: 7001,
    HopCount: 15,
    SIPTLSVerifySubjectName: "vcsc.octavio.local",
  });
  // System > DNS carries the external domain: the guide's "Expressway-E has the external domain".
  expect(expE.list(DNS)).toEqual([expect.objectContaining({ SystemHostName: "vcse", DomainName: "octavio.com" })]);
  expect(expE.list(MRA)).toEqual([expect.objectContaining({ Enabled: "On" })]);
  expect(expE.list(TURN)).toEqual([
    expect.objectContaining({
      TurnServices: "On",
      RequestsPort: 3478,
      AuthenticationRealm: overrides.realm ?? "turnuser",
      MediaPortRangeStart: 24000,
      MediaPortRangeEnd: 29999,
    }),
  ]);
}

/** The declared objects, read from the emulators: exactly these, with these values. */
export function expectDeclaredObjects(stack: ExampleStack, overrides: Overrides = {}): void {
  expectCms(stack, overrides);
  expectExpresswayC(stack);
  expectExpresswayE(stack, overrides);
}

/** After destroy: no object of the stack left, and every settings singleton exactly as before the stack. */
export function expectDeviceAsFound(stack: ExampleStack, now: Record<string, unknown>): void {
  const { cms, expC, expE } = stack.devices;
  for (const collection of ["turnServers", "coSpaces", "inboundDialPlanRules", "webBridges"])
    expect(cms.list(collection)).toEqual([]);
  for (const p of [DOMAINS, CREDENTIALS, CLIENT_ZONE]) expect(expC.list(p)).toEqual([]);
  for (const p of [CREDENTIALS, SERVER_ZONE]) expect(expE.list(p)).toEqual([]);
  expect(now).toEqual(stack.before);
}
