import * as pulumi from "@pulumi/pulumi";
import { CmsAccessMethod, CmsCallLegProfile, CmsSpace, ExpresswayCredential } from "../provider";
import { benchSpace, benchUserName } from "./objects";

/**
 * The benchmark's scale stack: many spaces on the CMS and many local users on the Expressway-E;
 * with `accessMethods` 1 or 2, each space also gets the host and then the guest access method
 * examples/spaces-from-csv declares, on its two call leg profiles.
 */

const config = new pulumi.Config();
const spaceCount = config.getNumber("spaces") ?? 1000;
const credentialCount = config.getNumber("credentials") ?? 200;
const accessMethods = config.getNumber("accessMethods") ?? 0;
const password = config.requireSecret("benchPassword");

const host = accessMethods > 0 ? new CmsCallLegProfile("host", { name: "Host", needsActivation: false }) : undefined;
const guest = accessMethods > 1 ? new CmsCallLegProfile("guest", { name: "Guest", needsActivation: true }) : undefined;
for (let n = 0; n < spaceCount; n++) {
  const values = benchSpace(n);
  const space = new CmsSpace(`space-${n}`, values);
  const ways = [
    { profile: host, suffix: "host", digit: "1" },
    { profile: guest, suffix: "guest", digit: "2", passcode: pulumi.secret(String(1000 + (n % 9000))) },
  ];
  for (const way of ways.slice(0, accessMethods)) {
    new CmsAccessMethod(`space-${n}-${way.suffix}`, {
      space: space.id,
      uri: `${values.uri}.${way.suffix}`,
      callId: `${values.callId}${way.digit}`,
      callLegProfile: way.profile?.id,
      passcode: way.passcode,
    });
  }
}
for (let n = 0; n < credentialCount; n++) new ExpresswayCredential(`user-${n}`, { name: benchUserName(n), password });

export const declared = { spaces: spaceCount, accessMethods: spaceCount * accessMethods, credentials: credentialCount };
