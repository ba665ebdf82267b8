import type { EdgePlan } from "../../provider/topology";
import type { ExampleSettings } from "./settings";

/** The passwords the rules compare (never shown): plaintext, in memory only. */
export interface PlanSecrets {
  readonly turnPassword?: string;
  readonly cmsTurnPassword?: string;
  readonly traversalPassword?: string;
}

/**
 * The example's topology as provider/topology's EdgePlan: the same settings the resources
 * are declared from, so the rules check what `up` would build and manualSteps(plan) lists
 * the steps with the same values.
 */
export function edgePlanOf(s: ExampleSettings, secrets: PlanSecrets = {}): EdgePlan {
  return {
    internalDomain: s.internalDomain,
    externalDomain: s.externalDomain,
    cms: {
      version: s.cmsVersion,
      domain: s.cmsDomain,
      callMatchDomains: [s.cmsDomain, s.externalDomain],
      turnServers: [
        {
          serverAddress: s.expresswayE.insideAddress,
          clientAddress: s.expresswayE.publicAddress,
          username: s.turn.username,
          password: secrets.cmsTurnPassword ?? secrets.turnPassword,
          type: s.turn.cmsServerType,
          tcpPortNumberOverride: s.turn.cmsTcpPort,
        },
      ],
      webBridgeUrls: [s.webBridge.url],
      webBridgeTrustsCallBridge: s.webBridge.trustsCallBridge,
    },
    expresswayC: {
      hostName: s.expresswayC.hostName,
      mraDomains: [s.internalDomain, s.externalDomain],
      guestAccountClientUri: s.webBridge.externalHost,
      traversalCredential: { name: s.traversal.username, password: secrets.traversalPassword },
    },
    expresswayE: {
      hostName: s.expresswayE.hostName,
      domain: s.externalDomain,
      insideAddress: s.expresswayE.insideAddress,
      publicAddress: s.expresswayE.publicAddress,
      credentials: [
        { name: s.turn.username, password: secrets.turnPassword },
        { name: s.traversal.username, password: secrets.traversalPassword },
      ],
      turnRequestsPort: s.turn.requestsPort,
      turnMediaPorts: { start: s.turn.mediaPortStart, end: s.turn.mediaPortEnd },
      turnRealm: s.turn.realm,
      // TCP 443 TURN is not declared by the example (the guide's TURN listens on 3478 only).
      turnOn443: false,
      webAdminPort: s.expresswayE.webAdminPort,
      certificateSans: s.expresswayE.certificateSans,
      // The plan holds releases without the X ("8.9.2"), as its manual steps print them after one.
      version: s.expresswayVersion.replace(/^x/i, ""),
    },
    clientTurnPort: s.turn.cmsTcpPort,
  };
}
