import type { PropertyMap } from "../../provider/described-provider";
import { cmsDtmfProfile, cmsTenant } from "../../provider/schema/cms-tenancy";
import { provider, useTestDevices } from "../support/test-devices";

/**
 * CmsTenant and CmsDtmfProfile on the oldest and newest CMS releases the emulator plays: Cisco's
 * API Blueprint limits neither object nor any of their fields to some releases, so nothing is
 * refused on either, and a tenant names its DTMF profile by id.
 */

const examples = (fields: typeof cmsDtmfProfile.fields): PropertyMap =>
  Object.fromEntries(fields.map((f) => [f.name, f.example ?? null]));

describe.each(["2.2", "3.8"])("CMS %s", (cmsVersion) => {
  const lab = useTestDevices({ cmsVersion });

  test("a DTMF profile with every key sequence, and a tenant naming it, are created as declared", async () => {
    const dtmf = provider("CmsDtmfProfile");
    const sequences = examples(cmsDtmfProfile.fields);
    const profile = await dtmf.create((await dtmf.check({}, sequences)).inputs);
    expect(lab().cms.get("dtmfProfiles", profile.id)?.fields).toEqual(sequences);

    const tenants = provider("CmsTenant");
    const declared = { name: "Octavio", participantLimit: 200, dtmfProfile: profile.id };
    const checked = await tenants.check({}, declared);
    expect(checked.failures).toEqual([]);
    const tenant = await tenants.create(checked.inputs);
    expect(lab().cms.get("tenants", tenant.id)?.fields).toEqual({
      name: "Octavio",
      participantLimit: "200",
      dtmfProfile: profile.id,
    });
    expect(cmsTenant.fields.filter((f) => f.versions)).toEqual([]);
    expect(cmsDtmfProfile.fields.filter((f) => f.versions)).toEqual([]);
  });
});
