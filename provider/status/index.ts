// First: on too old a Node, the import fails here, once, saying what is needed.
import "../require-node";

export {
  type CmsLicence,
  type CmsTurnHost,
  type CmsTurnServer,
  type CmsTurnServerStatus,
  type CmsWebBridgeStatus,
  getCmsLicence,
  getCmsTurnServer,
  getCmsTurnServerStatus,
  getCmsWebBridgeStatus,
  listCmsIds,
} from "./cms";
export {
  type ExpresswayTunnel,
  type ExpresswayTunnels,
  type ExpresswayTurnStatus,
  getExpresswayStatus,
  getExpresswayTunnels,
  getExpresswayTurnStatus,
} from "./expressway";
export { gatherHealth, type HealthCheck, type HealthDevices, type HealthOptions, healthy } from "./health";
export { type EdgeHealth, type EdgeHealthArgs, edgeHealth, NOT_ASKED, NOT_IN_PREVIEW } from "./program";
export { StatusReadError } from "./read";
export { stackProfile } from "./stack-profile";
export { tcpMediaPort, type TurnTcpCheckOptions } from "./turn-tcp";
