import type { ContentPlan } from "../../provider/topology";
import type { ContentSettings } from "./settings";

/**
 * The example's system as provider/topology's ContentPlan: the same settings the resources
 * are declared from, so the rules check what `up` would build and contentManualSteps(plan)
 * lists the steps with the same values. `turnPassword` is compared only, never shown.
 */
export function contentPlanOf(s: ContentSettings, turnPassword?: string): ContentPlan {
  return {
    cms: {
      version: s.cmsVersion,
      address: s.cms.address,
      fqdn: s.cms.fqdn,
      domain: s.cms.domain,
      turnServers: [
        {
          serverAddress: s.expresswayE.address,
          clientAddress: s.expresswayE.address,
          username: s.turn.username,
          password: turnPassword,
          type: s.turn.cmsServerType,
          tcpPortNumberOverride: s.turn.cmsTcpPort,
        },
      ],
      outboundRules: [
        {
          domain: s.sfb.domain,
          trunkType: "lync",
          sipControlEncryption: s.outbound.encryption,
          localContactDomain: s.cms.fqdn,
          sipProxy: s.sfb.pool,
        },
      ],
    },
    expresswayE: {
      address: s.expresswayE.address,
      version: s.expresswayVersion.replace(/^x/i, ""),
      credentials: [{ name: s.turn.username, password: turnPassword }],
      turnRequestsPort: s.turn.requestsPort,
      turnMediaPorts: { start: s.turn.mediaPortStart, end: s.turn.mediaPortEnd },
      turnRealm: s.turn.realm,
      turnProtocolMode: s.turn.protocolMode,
    },
    sfb: { domain: s.sfb.domain, frontEndPool: s.sfb.pool, site: s.sfb.site },
  };
}
