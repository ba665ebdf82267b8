export type { ContentPlan, PlannedOutboundRule } from "./content-plan";
export { contentManualSteps } from "./content-steps";
export { EXPRESSWAY_TURN_REST_SINCE, type ManualStep, manualSteps } from "./manual-steps";
export { compareVersions, type EdgePlan, hostOf, type PlannedCredential, type PlannedTurnServer } from "./plan";
export {
  assertContentPlan,
  assertEdgePlan,
  checkContentPlan,
  checkEdgePlan,
  EDGE_RULES,
  type EdgeRule,
  EdgePlanError,
  type PlanRule,
  type RuleViolation,
  SKYPE_CONTENT_RULES,
  waiverWarnings,
} from "./rules";
