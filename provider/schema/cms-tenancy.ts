import { idField } from "./cms-sfb";
import type { FieldDescription, ObjectDescription } from "./types";

/*
 * Cisco Meeting Server multi-tenancy objects: tenants and the DTMF profiles a tenant (or the
 * system) uses. Wire names, required parameters and list answers are those of Cisco's API
 * Blueprint [APIARY, "ciscocms/apiary" apiary.apib: the "Tenants" methods and the tenant and
 * dtmfProfile data structures; failure tags from its Failure Reasons table]. The Blueprint
 * covers 2.4 and later; it marks no tenant field with a release, and every dtmfProfile field
 * as present from 1.8 or 1.9, so neither object nor any field is limited to some releases the
 * provider supports. Length limits the device does not document are the provider's guard
 * rails ("guard"). Registered in allDescriptions (provider/schema/index.ts).
 */

export const cmsTenant: ObjectDescription = {
  resource: "CmsTenant",
  noun: "tenant",
  doc:
    "A tenant (/api/v1/tenants): a name for a group of spaces, users, rules and web bridges, and the " +
    "profiles they use unless they name their own (call leg, call, DTMF, IVR and call branding, user). " +
    "Identified by its name: the CMS does not refuse two tenants with one name, so the provider looks the " +
    "name up before creating (adopt: true takes the existing tenant over) and never creates a second.",
  defaultProfile: "cms",
  api: {
    family: "cms",
    collection: "tenants",
    element: "tenant",
    notFound: "tenantDoesNotExist",
    uniqueFields: {},
    // The Blueprint's GET /tenants table: name and tenantGroup (its sample shows only name).
    listFields: ["name", "tenantGroup"],
  },
  naturalKeys: [["name"]],
  deviceEnforcesUniqueness: false,
  fields: [
    {
      name: "name",
      api: "name",
      required: true,
      type: { kind: "string", maxLength: 200 },
      doc: "A label for the tenant (required; guard: up to 200 characters).",
      example: "Octavio",
    },
    idField(
      "tenantGroup",
      "a tenant group",
      "The tenant group it belongs to; the call ids of spaces of tenants in one tenant group must be unique.",
    ),
    idField("callLegProfile", "a call leg profile", "The tenant's call leg profile (e.g. a CmsCallLegProfile's id).", {
      refersTo: { resource: "CmsCallLegProfile", field: "id" },
    }),
    idField("callProfile", "a call profile", "The tenant's call profile (e.g. a CmsCallProfile's id).", {
      refersTo: { resource: "CmsCallProfile", field: "id" },
    }),
    idField("dtmfProfile", "a DTMF profile", "The tenant's DTMF profile (e.g. a CmsDtmfProfile's id).", {
      refersTo: { resource: "CmsDtmfProfile", field: "id" },
    }),
    idField("ivrBrandingProfile", "an IVR branding profile", "The tenant's IVR branding profile."),
    idField("callBrandingProfile", "a call branding profile", "The tenant's call branding profile."),
    {
      name: "participantLimit",
      api: "participantLimit",
      type: { kind: "int", min: 1, max: 100000 },
      doc:
        "Most participants of the tenant active at once; new participants beyond it are refused " +
        "(guard: 1 to 100000).",
      example: 200,
    },
    idField("userProfile", "a user profile", "The user profile of the tenant's users unless they name another."),
  ],
};

/** A DTMF key sequence: keys 0-9, * and # (the Blueprint's DTMF character set; guard: 1 to 32 keys) [I]. */
function dtmfSequence(name: string, doc: string, example: string): FieldDescription {
  return {
    name,
    api: name,
    type: {
      kind: "string",
      maxLength: 32,
      pattern: { regex: /^[0-9*#]+$/, allowed: "DTMF keys 0-9, * and # (e.g. **4)" },
    },
    doc: `The keys a participant presses to ${doc}.`,
    example,
  };
}

export const cmsDtmfProfile: ObjectDescription = {
  resource: "CmsDtmfProfile",
  noun: "DTMF profile",
  doc:
    "A DTMF profile (/api/v1/dtmfProfiles): the key sequences participants on SIP endpoints press to mute, " +
    "change layout, lock the call or start recording. A field left unset has no key sequence. Make it a " +
    "tenant's with CmsTenant's dtmfProfile. The CMS gives it no name, so it has no natural key: an " +
    "ambiguous create failure is reported, never retried blindly.",
  defaultProfile: "cms",
  api: {
    family: "cms",
    collection: "dtmfProfiles",
    element: "dtmfProfile",
    notFound: "dtmfProfileDoesNotExist",
    uniqueFields: {},
    listFields: [],
  },
  naturalKeys: [],
  deviceEnforcesUniqueness: false,
  fields: [
    dtmfSequence("lockCall", "lock the call (new guests wait in the lobby)", "**7"),
    dtmfSequence("unlockCall", "unlock the call (guests waiting are let in)", "**8"),
    dtmfSequence("nextLayout", "change their layout to the next one", "*6"),
    dtmfSequence("previousLayout", "change their layout to the previous one", "*4"),
    dtmfSequence("muteSelfAudio", "mute their own audio", "*1"),
    dtmfSequence("unmuteSelfAudio", "unmute their own audio", "*2"),
    dtmfSequence("toggleMuteSelfAudio", "toggle their own audio mute", "*3"),
    dtmfSequence("muteAllExceptSelfAudio", "mute every other participant", "**1"),
    dtmfSequence("unmuteAllExceptSelfAudio", "unmute every other participant", "**2"),
    dtmfSequence("startRecording", "start recording the call", "**5"),
    dtmfSequence("stopRecording", "stop recording the call", "**6"),
    dtmfSequence("allowAllMuteSelf", "let every participant mute and unmute themselves", "**31"),
    dtmfSequence("cancelAllowAllMuteSelf", "withdraw that permission", "**32"),
    dtmfSequence("allowAllPresentationContribution", "let every participant present", "**41"),
    dtmfSequence("cancelAllowAllPresentationContribution", "withdraw the permission to present", "**42"),
    dtmfSequence("muteAllNewAudio", "mute participants who join from now on", "**51"),
    dtmfSequence("unmuteAllNewAudio", "stop muting participants who join", "**52"),
    dtmfSequence("defaultMuteAllNewAudio", "give joining participants their call leg profile's mute", "**53"),
    dtmfSequence(
      "muteAllNewAndAllExceptSelfAudio",
      "mute every other participant and those who join (needs muteOthersAllowed)",
      "**61",
    ),
    dtmfSequence(
      "unmuteAllNewAndAllExceptSelfAudio",
      "unmute every other participant and those who join (needs muteOthersAllowed)",
      "**62",
    ),
    dtmfSequence("endCall", "end the call for everyone", "**0"),
    dtmfSequence("getTotalParticipantCount", "hear how many participants the call has", "**9"),
  ],
};

export const cmsTenancyDescriptions: readonly ObjectDescription[] = [cmsDtmfProfile, cmsTenant];
