import * as pulumi from "@pulumi/pulumi";
import { CmsAccessMethod, CmsCallLegProfile, CmsSpace, ExpresswayCredential } from "../provider";
import { BENCH_PROFILES, benchAccessMethods, benchSpace, benchUserName } from "./objects";

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

const profiles = BENCH_PROFILES.slice(0, accessMethods).map((p) => new CmsCallLegProfile(p.name.toLowerCase(), p));
for (let n = 0; n < spaceCount; n++) {
  const space = new CmsSpace(`space-${n}`, benchSpace(n));
  benchAccessMethods(n)
    .slice(0, accessMethods)
    .forEach(({ suffix, passcode, ...method }, profile) => {
      new CmsAccessMethod(`space-${n}-${suffix}`, {
        space: space.id,
        ...method,
        passcode: passcode === undefined ? undefined : pulumi.secret(passcode),
        callLegProfile: profiles[profile].id,
      });
    });
}
for (let n = 0; n < credentialCount; n++) new ExpresswayCredential(`user-${n}`, { name: benchUserName(n), password });

export const declared = { spaces: spaceCount, accessMethods: spaceCount * accessMethods, credentials: credentialCount };
