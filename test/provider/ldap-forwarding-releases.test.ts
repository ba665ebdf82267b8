import type { PropertyMap } from "../../provider/described-provider";
import { cmsForwardingRule } from "../../provider/schema/cms-forwarding";
import { cmsLdapMapping, cmsLdapServer, cmsLdapSource } from "../../provider/schema/cms-ldap";
import type { ObjectDescription } from "../../provider/schema/types";
import { provider, useTestDevices } from "../support/test-devices";

/**
 * CmsForwardingRule and the LDAP kinds on the oldest and newest CMS releases the emulator plays
 * by default: the Blueprint limits only usePagedResults (2.1) and userProfile (2.0), both older
 * than either, so every field is taken on both; the source names its server, mapping and tenant
 * by id. (The 2.0 refusal of usePagedResults: test/lifecycle/cms-more-kinds.test.ts.)
 */

/** Every device field's example (a secret gets a made-up value); `ids` for fields that hold another object's id. */
function everyField(desc: ObjectDescription, ids: PropertyMap = {}): PropertyMap {
  const values: PropertyMap = {};
  for (const field of desc.fields) {
    if (field.local) continue;
    values[field.name] = ids[field.name] ?? field.example ?? "Ldap-Secret-1";
  }
  return values;
}

async function created(resource: string, inputs: PropertyMap): Promise<string> {
  const p = provider(resource);
  const checked = await p.check({}, inputs);
  expect(checked.failures).toEqual([]);
  return (await p.create(checked.inputs)).id;
}

describe.each(["2.2", "3.8"])("CMS %s", (cmsVersion) => {
  const lab = useTestDevices({ cmsVersion });

  test("a forwarding rule, an LDAP server, mapping and source with every field are created as declared", async () => {
    const { cms } = lab();
    const tenant = await created("CmsTenant", { name: "Octavio" });
    const rule = await created("CmsForwardingRule", everyField(cmsForwardingRule, { tenant }));
    expect(cms.get("forwardingDialPlanRules", rule)?.fields).toMatchObject({ tenant, uriParameters: "discard" });

    const server = await created("CmsLdapServer", everyField(cmsLdapServer));
    expect(cms.get("ldapServers", server)?.fields).toMatchObject({
      usePagedResults: "true",
      password: "Ldap-Secret-1",
    });
    const mapping = await created("CmsLdapMapping", everyField(cmsLdapMapping));
    expect(Object.keys(cms.get("ldapMappings", mapping)?.fields ?? {})).toHaveLength(cmsLdapMapping.fields.length);

    // userProfile needs a user profile the emulator knows of: left out, as the emulator has none.
    const { userProfile: _none, ...source } = everyField(cmsLdapSource, { server, mapping, tenant });
    const id = await created("CmsLdapSource", source);
    expect(cms.get("ldapSources", id)?.fields).toMatchObject({ server, mapping, tenant, nonMemberAccess: "true" });
  });
});
