import { edgePlanOf } from "../../examples/dual-domain/edge-plan";
import { type ExampleSettings, readSettings } from "../../examples/dual-domain/settings";
import { type ManualStep, manualSteps } from "../../provider/topology";
import { namespacedKey, resolveConfig, type StackConfig } from "../stack/config";
import type { EmulatedVersions } from "./lab-file";

/**
 * What the lab says about the example beyond the engine's table: which releases the
 * emulators play (and so which shape the example takes), and the guide's steps no
 * management API can do, computed by the example's own settings reader from the same
 * stack config the program ran with, so they match what was applied.
 */

/** The stack's settings lookup over the lab's config (keys with or without the project's namespace). */
export function configLookup(config: StackConfig, project: string): (key: string) => string | undefined {
  const { values } = resolveConfig(project, config);
  return (key) => values[namespacedKey(project, key)];
}

/** The example's settings as the program reads them from this stack config. */
export function exampleSettings(config: StackConfig, project: string): ExampleSettings {
  return readSettings(configLookup(config, project));
}

/** The releases the emulators play, and the shape the example takes on them. */
export function versionLines(versions: EmulatedVersions, settings: ExampleSettings): string[] {
  return [
    `Emulating CMS ${versions.cms} and Expressway-C/E ${versions.expressway} ` +
      "(--cms-version 3.8 for the current CMS, --expressway-version X8.9.2 for the guide's Expressway).",
    `  CMS TURN server type "${settings.turn.cmsServerType}": ${settings.turn.cmsServerTypeReason}.`,
    settings.xmpp
      ? "  CMS 2.x: XMPP settings and the 2.x web bridge fields are declared."
      : "  CMS 3.x: no XMPP; the web bridge is declared as c2w:// (Web Bridge 3).",
    settings.turn.managed
      ? "  Expressway-E TURN is managed through its REST path (X8.11 and later)."
      : `  Expressway ${settings.expresswayVersion} has no TURN REST path: TURN is a manual step below.`,
  ];
}

/** Manual steps as the lab prints them. */
export function stepLines(steps: readonly ManualStep[]): string[] {
  const lines = [`Manual steps (${steps.length}): no management API does these; values from the stack config.`];
  steps.forEach((step, i) => {
    lines.push(`  ${String(i + 1).padStart(2)}. ${step.device}: ${step.where}`);
    lines.push(`      value: ${step.value}`);
    lines.push(`      why:   ${step.why}`);
  });
  return lines;
}

/** The manual steps of the example as the stack config makes them (no secret is read or printed). */
export function manualStepLines(config: StackConfig, project: string): string[] {
  return stepLines(manualSteps(edgePlanOf(exampleSettings(config, project))));
}
