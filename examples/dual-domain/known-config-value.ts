import type * as pulumi from "@pulumi/pulumi";

/**
 * The value of an Output the program knows to be known. Config values, secret ones
 * included, are plain values the engine hands the program before it runs, so their
 * Outputs are known in preview as in up and the callback always runs: the promise
 * always settles. The plaintext is used only to compare passwords in the plan (no
 * message built from a plan shows one) and never leaves this process; the resources get
 * the secret Outputs themselves. Never use this on a resource's output (unknown in preview).
 */
export function knownConfigValue(value: pulumi.Output<string>): Promise<string>;
export function knownConfigValue(value: pulumi.Output<string> | undefined): Promise<string | undefined>;
export function knownConfigValue(value: pulumi.Output<string> | undefined): Promise<string | undefined> {
  if (value === undefined) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    value.apply((plain) => {
      resolve(plain);
      return plain;
    });
  });
}
