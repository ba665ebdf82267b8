/**
 * The real engine: the same commands as lab/fake-engine, run by the Pulumi engine
 * through the Automation API. It needs the `pulumi` CLI on PATH; callers check with
 * `findPulumiCli()` and skip (saying so) when it is absent.
 */

export { type AutomationOptions, type AutomationResult, runWithAutomation } from "./automation";
export { findPulumiCli } from "./pulumi-cli";
export type { Command } from "../stack/command";
export type { ConfigValue, StackConfig } from "../stack/config";
