import type { FieldDescription, ObjectDescription } from "./types";

/*
 * Device-wide Expressway settings of the dual-domain guide: System > DNS, Unified
 * Communications (MRA) and, on the Expressway-E, Traversal > TURN. Sources and
 * confidence: docs/sources.md (py-expressway, the REST API reference contents X8.9/X8.10,
 * the administrator guide X14.2, TAC 211301).
 */

const onOff = (name: string, api: string, deviceDefault: boolean, doc: string, example?: boolean) =>
  ({
    name,
    api,
    deviceDefault,
    type: { kind: "bool" },
    doc: `${doc} (device default ${deviceDefault ? "On" : "Off"}).`,
    ...(example !== undefined ? { example } : {}),
  }) satisfies FieldDescription;

const port = (name: string, api: string, deviceDefault: number, doc: string): FieldDescription => ({
  name,
  api,
  deviceDefault,
  type: { kind: "int", min: 1024, max: 65535 },
  doc: `${doc} (device default ${deviceDefault}).`,
});

export const expresswayDns: ObjectDescription = {
  resource: "ExpresswayDns",
  noun: "DNS settings",
  doc:
    "System > DNS on an Expressway-C or -E: system host name, domain name and the default DNS servers. " +
    "On the Expressway-E the domain name is the external domain.",
  defaultProfile: "expresswayC",
  lifecycle: "singleton",
  api: { family: "expressway", paths: { default: "common/dns/dns" }, keyField: "" },
  naturalKeys: [],
  deviceEnforcesUniqueness: false,
  ranges: [{ start: "requestsPortRangeStart", end: "requestsPortRangeEnd" }],
  fields: [
    {
      name: "systemHostName",
      api: "SystemHostName",
      type: { kind: "string", maxLength: 63 },
      example: "vcsc",
      doc: "System host name (`vcsc` / `vcse` in the guide).",
    },
    {
      name: "domainName",
      api: "DomainName",
      type: { kind: "string", maxLength: 253 },
      example: "octavio.local",
      doc: "Domain name (`octavio.local` on the Expressway-C, `octavio.com` on the Expressway-E in the guide).",
    },
    {
      name: "requestsPortRange",
      api: "DNSRequestsPortRange",
      // The UI reads "Use the ephemeral port range"; the JSON value set is not public [GAP].
      deviceDefault: "UseEphemeralPortRange",
      example: "UseEphemeralPortRange",
      type: { kind: "string", minLength: 1, maxLength: 64 },
      doc: "DNS requests port range mode (wire values unconfirmed; default the ephemeral range).",
    },
    {
      ...port("requestsPortRangeStart", "DNSRequestsPortRangeStart", 1024, "First port of a custom DNS requests range"),
      example: 1024,
    },
    {
      ...port("requestsPortRangeEnd", "DNSRequestsPortRangeEnd", 65535, "Last port of a custom DNS requests range"),
      example: 65535,
    },
    {
      name: "servers",
      api: "DefaultDNSServers",
      type: { kind: "stringList", minItems: 0, maxItems: 5, item: { maxLength: 255, format: "host" } },
      indexedAt: { path: "common/dns/dnsserver", indexField: "index", valueField: "address" },
      example: ["172.16.85.162"],
      doc: "Default DNS servers (up to 5), kept by the device at `common/dns/dnsserver` keyed by index 1 to 5.",
    },
  ],
};

export const expresswayMra: ObjectDescription = {
  resource: "ExpresswayMra",
  noun: "Mobile and Remote Access settings",
  doc: "Configuration > Unified Communications: Mobile and Remote Access on an Expressway-C or -E (`common/mra`).",
  defaultProfile: "expresswayC",
  lifecycle: "singleton",
  api: { family: "expressway", paths: { default: "common/mra" }, keyField: "" },
  naturalKeys: [],
  deviceEnforcesUniqueness: false,
  fields: [
    onOff("enabled", "Enabled", false, "Mobile and Remote Access", true),
    onOff("sso", "SSO", false, "Single sign-on", false),
  ],
};

/**
 * Configuration > Traversal > TURN on the Expressway-E. The JSON names of this object are
 * NOT published (no RAML excerpt or client found): the `api` names below are the
 * emulator's guesses in the API's style, kept here and nowhere else, and every one is
 * unconfirmed. A real device's names come from its own GET (or /api/raml): the provider maps
 * each field by the name that GET returns (`api` or one of `apiCandidates`, any letter case)
 * and refuses a field it cannot map, listing the device's keys. The emulator can be told to
 * use other names (its `wireNames` option).
 */
export const expresswayTurn: ObjectDescription = {
  resource: "ExpresswayTurn",
  noun: "TURN settings",
  doc:
    "The Expressway-E TURN server (Configuration > Traversal > TURN). No REST path before X8.11 (the guide's " +
    "X8.9.2 has none). A change made while services are On takes effect only once they are turned Off and On " +
    "again: preview says so, and `restartServicesOnChange` lets up do it.",
  defaultProfile: "expresswayE",
  lifecycle: "singleton",
  // X8.9's API reference has no TURN path and X8.10's stops before the Expressway-E part: X8.10
  // is asked (a 404 then names the manual step), earlier releases are refused before any request.
  versions: { since: "8.11", unsureFrom: "8.10" },
  manualStep:
    "Configure it by hand instead on the Expressway-E web UI, Configuration > Traversal > TURN: " +
    "TURN services On, TURN requests port, authentication realm, media port range, then Save " +
    "(leave this resource out of the stack for that device).",
  api: { family: "expressway", paths: { default: "edge/traversal/turn" }, keyField: "" },
  naturalKeys: [],
  deviceEnforcesUniqueness: false,
  ranges: [{ start: "mediaPortRangeStart", end: "mediaPortRangeEnd" }],
  appliedOnRestart: {
    toggle: "services",
    input: "restartServicesOnChange",
    service: "TURN services",
    drops: "live TURN relays drop",
    source: "admin guide X14.2",
  },
  fields: [
    {
      ...onOff("services", "TurnServices", false, "TURN services [wire name unconfirmed]", true),
      apiCandidates: ["TURNServices", "Services", "Mode", "Active", "Enabled"],
    },
    {
      ...port("requestsPort", "RequestsPort", 3478, "TURN requests port [wire name unconfirmed]"),
      apiCandidates: ["TurnRequestsPort", "TURNRequestsPort", "Port", "RequestPort"],
      example: 3478,
    },
    {
      name: "authenticationRealm",
      api: "AuthenticationRealm",
      apiCandidates: ["Realm", "AuthRealm", "TurnRealm"],
      // TANDBERG is the realm in TAC 212580's capture; that it is the default is inferred [I].
      deviceDefault: "TANDBERG",
      type: { kind: "string", minLength: 1, maxLength: 128 },
      example: "turnuser",
      doc: "Authentication realm [wire name unconfirmed] (the guide's capture shows `turnuser`).",
    },
    {
      ...port("mediaPortRangeStart", "MediaPortRangeStart", 24000, "First relay media port [wire name unconfirmed]"),
      apiCandidates: ["MediaPortStart", "MediaRangeStart", "MediaPortsStart"],
      example: 24000,
    },
    {
      ...port("mediaPortRangeEnd", "MediaPortRangeEnd", 29999, "Last relay media port [wire name unconfirmed]"),
      apiCandidates: ["MediaPortEnd", "MediaRangeEnd", "MediaPortsEnd"],
      example: 29999,
    },
    {
      ...onOff(
        "delegatedCredentialChecking",
        "DelegatedCredentialChecking",
        false,
        "Delegated credential checking [wire name unconfirmed]",
        false,
      ),
      apiCandidates: ["DelegatedCredentials", "AuthenticationRemote", "DelegatedAuthentication"],
    },
    {
      name: "restartServicesOnChange",
      api: "restartServicesOnChange",
      local: true,
      type: { kind: "bool" },
      example: false,
      doc:
        "Let up restart TURN services (Off, then On) when it changes a setting while they are On: the device " +
        "applies such a change only then, and live TURN relays drop. Default false: up leaves the change held, " +
        "preview and up say so, and the output `awaitingRestart` names the held settings.",
    },
  ],
};

export const expresswaySettingsDescriptions: readonly ObjectDescription[] = [
  expresswayDns,
  expresswayMra,
  expresswayTurn,
];
