import * as pulumi from "@pulumi/pulumi";
import { CmsSpace, ExpresswayCredential } from "../provider";
import { benchSpace, benchUserName } from "./objects";

/** The benchmark's scale stack: many spaces on the CMS and many local users on the Expressway-E. */

const config = new pulumi.Config();
const spaceCount = config.getNumber("spaces") ?? 1000;
const credentialCount = config.getNumber("credentials") ?? 200;
const password = config.requireSecret("benchPassword");

for (let n = 0; n < spaceCount; n++) new CmsSpace(`space-${n}`, benchSpace(n));
for (let n = 0; n < credentialCount; n++) new ExpresswayCredential(`user-${n}`, { name: benchUserName(n), password });

export const declared = { spaces: spaceCount, credentials: credentialCount };
