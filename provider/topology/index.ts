export { EXPRESSWAY_TURN_REST_SINCE, type ManualStep, manualSteps } from "./manual-steps";
export { compareVersions, type EdgePlan, hostOf, type PlannedCredential, type PlannedTurnServer } from "./plan";
export {
  assertEdgePlan,
  checkEdgePlan,
  EDGE_RULES,
  type EdgeRule,
  EdgePlanError,
  type RuleViolation,
  waiverWarnings,
} from "./rules";
