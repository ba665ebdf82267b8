import * as pulumi from "@pulumi/pulumi";
import type { HealthCheck, HealthOptions } from "./health";

/**
 * The health output of a program: the guide's Verify checks, read from the devices after
 * the resources it depends on exist. It never runs during a preview (it would read
 * devices a preview must not depend on, on every preview), and it only ever GETs.
 * Device settings are the stack's profiles (`cms:url`, ...), as the provider reads them.
 */

export interface EdgeHealthArgs extends HealthOptions {
  /** Resources (or any outputs) the checks wait for: the stack's TURN servers, zones, domains. */
  readonly after?: readonly pulumi.Input<unknown>[];
  /**
   * Read the devices (default false). Off, the output only says how to ask: a no-op `up`
   * must send no request, so a stack checks when told to (the example: config `verify`).
   */
  readonly enabled?: boolean;
}

/** One line per check: `pass cms-licence: callBridge activated, ...`. */
export type EdgeHealth = readonly string[];

const line = (c: HealthCheck) => `${c.result} ${c.check}: ${c.detail}`;

export const NOT_ASKED = "not checked: set config verify=true for this up, or run npm run lab -- verify";
export const NOT_IN_PREVIEW = "not checked during preview: the checks read the devices after up";

export function edgeHealth(args: EdgeHealthArgs = {}): pulumi.Output<EdgeHealth> {
  if (!args.enabled) return pulumi.output([NOT_ASKED]);
  const waitFor = (args.after ?? []).map((input) =>
    pulumi.Resource.isInstance(input) ? pulumi.output(input.urn) : pulumi.output(input),
  );
  return pulumi.all(waitFor).apply(async () => {
    if (pulumi.runtime.isDryRun()) return [NOT_IN_PREVIEW];
    // Loaded only now: a program that imports the resources does not load the transport or the parser.
    const { stackProfile } = await import("./stack-profile");
    const { gatherHealth } = await import("./health");
    const checks = await gatherHealth(
      { cms: stackProfile("cms"), expresswayC: stackProfile("expresswayC"), expresswayE: stackProfile("expresswayE") },
      args,
    );
    return checks.map(line);
  });
}
