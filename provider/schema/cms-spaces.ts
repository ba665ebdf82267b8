import { idField } from "./cms-sfb";
import type { FieldDescription, ObjectDescription } from "./types";

/*
 * The objects that live under a CMS space (coSpace): its access methods and its members.
 * Wire names, defaults and release limits are those of Cisco's API Blueprint [APIARY,
 * "ciscocms/apiary" apiary.apib: "Multiple coSpace Access Methods" and "coSpace Member
 * Methods", data structures accessMethod and coSpaceMember; the Blueprint covers 2.4 and
 * later and marks later additions "From version x"]. Both are children (ObjectDescription.parent):
 * the path is /api/v1/coSpaces/<space id>/accessMethods (or coSpaceUsers), and the space's id is the
 * `space` input. Length limits the device does not document are the provider's guard rails ("guard").
 * Registered in allDescriptions (provider/schema/index.ts).
 */

/** The input holding the space's id: a child's parent reference (see ParentObject). */
const spaceField: FieldDescription = idField(
  "space",
  "a space",
  "The space this object belongs to: a CmsSpace's id (`space: space.id`). A new space (another id) replaces it.",
  { required: true, replaceOnChange: true, refersTo: { resource: "CmsSpace", field: "id" } },
);

const digits = (max: number) => ({ regex: new RegExp(`^[0-9]{1,${max}}$`), allowed: `1 to ${max} decimal digits` });

export const cmsAccessMethod: ObjectDescription = {
  resource: "CmsAccessMethod",
  noun: "access method",
  doc:
    "An extra way into a space (/api/v1/coSpaces/<space id>/accessMethods): its own URI, call id and " +
    "passcode, and the call leg profile applied to whoever joins through it; the usual pattern is a host " +
    "access method whose profile activates the call and a guest one whose profile `needsActivation`. " +
    "Identified by its uri, else its callId, among the space's access methods.",
  defaultProfile: "cms",
  parent: { resource: "CmsSpace", field: "space" },
  api: {
    family: "cms",
    collection: "accessMethods",
    element: "accessMethod",
    // The tag an unknown id gets on PUT/DELETE (a client's observation, docs/sources.md UNN) [I].
    notFound: "accessMethodDoesNotExist",
    uniqueFields: {},
    // The Blueprint's list sample: uri, callId and passcode.
    listFields: ["uri", "callId"],
  },
  // No `name`: the Blueprint's parameter table and accessMethod data structure have uri, callId,
  // passcode, callLegProfile, secret, regenerateSecret, scope and importance only [APIARY]; a name
  // no Cisco source confirms is not described (issue 22 listed one).
  // Whether the CMS refuses an access method uri another space or access method has is not
  // published [GAP]: create looks the key up first, among this space's access methods.
  naturalKeys: [["uri"], ["callId"]],
  deviceEnforcesUniqueness: false,
  fields: [
    spaceField,
    {
      name: "uri",
      api: "uri",
      // Stored lower-case as a space's uri is (T213812) [I: not shown for access methods].
      lowerCase: true,
      type: { kind: "string", minLength: 1, maxLength: 200, format: "uriUser" },
      doc: "User part of the URI that dials in through this access method (before '@').",
      example: "team.guest",
    },
    {
      name: "callId",
      api: "callId",
      type: { kind: "string", maxLength: 19, pattern: digits(19) },
      doc: "Numeric call id for the IVR or Web App login through this access method (as a string of digits).",
      example: "100102",
    },
    {
      name: "passcode",
      api: "passcode",
      secret: true,
      type: { kind: "string", maxLength: 32, pattern: digits(32) },
      doc: "Numeric passcode required through this access method. Secret (the device shows it on GET).",
    },
    idField(
      "callLegProfile",
      "a call leg profile",
      "Call leg profile applied to calls joining through this access method (a CmsCallLegProfile's id).",
      { refersTo: { resource: "CmsCallLegProfile", field: "id" } },
    ),
    {
      name: "scope",
      api: "scope",
      type: { kind: "enum", values: ["public", "private"] },
      doc:
        "Whether members see this access method in Cisco Meeting App (`public`; the app can then no longer " +
        "edit the space's details) or not (`private`).",
      example: "private",
    },
    {
      name: "importance",
      api: "importance",
      versions: { since: "2.4" },
      type: { kind: "int", min: 0, max: 2147483647 },
      doc: "Importance given to every participant joining through this access method (2.4 and later).",
      example: 5,
    },
  ],
};

const permission = (name: string, doc: string, extra: Partial<FieldDescription> = {}): FieldDescription => ({
  name,
  api: name,
  type: { kind: "bool" },
  // The Blueprint's coSpaceMember defaults, which its member sample shows for a member added by the API.
  deviceDefault: false,
  doc: `${doc} Device default ${extra.deviceDefault ?? false}.`,
  example: true,
  ...extra,
});

export const cmsSpaceMember: ObjectDescription = {
  resource: "CmsSpaceMember",
  noun: "space member",
  doc:
    "A member of a space (/api/v1/coSpaces/<space id>/coSpaceUsers): a user, by JID, and what the user may " +
    "do in the space. A permission left unset is managed at its device default (false, except " +
    "canChangeNonMemberAccessAllowed). Identified by its userJid among the space's members.",
  defaultProfile: "cms",
  parent: { resource: "CmsSpace", field: "space" },
  api: {
    family: "cms",
    collection: "coSpaceUsers",
    element: "coSpaceUser",
    // Not in the Blueprint's failure table [GAP]: the element's own "<element>DoesNotExist" form.
    notFound: "coSpaceUserDoesNotExist",
    uniqueFields: {},
    // The Blueprint's list table: userJid (with userId and autoGenerated).
    listFields: ["userJid"],
  },
  naturalKeys: [["userJid"]],
  deviceEnforcesUniqueness: false,
  fields: [
    spaceField,
    {
      name: "userJid",
      api: "userJid",
      required: true,
      // "The parameters that you can modify are listed above, with the exception of userJid" [APIARY].
      replaceOnChange: true,
      type: {
        kind: "string",
        minLength: 3,
        maxLength: 255,
        pattern: { regex: /^[^@\s]+@[^@\s]+$/, allowed: "a user JID, user@domain" },
      },
      // What the CMS does with a JID no user has is not in the Blueprint: its coSpaceMember says only
      // "JID of the user to be added as a member", and its userDoesNotExist is about a user *id*
      // [APIARY, Failure Reasons]. So the emulator takes any JID, as it does for ownerJid [GAP].
      doc: "The member's XMPP JID (user@domain); the device cannot change it, so a new one replaces the member.",
      example: "alice@octavio.com",
    },
    idField(
      "callLegProfile",
      "a call leg profile",
      "Call leg profile applied to this member's calls into the space (a CmsCallLegProfile's id).",
      { refersTo: { resource: "CmsCallLegProfile", field: "id" } },
    ),
    permission("canDestroy", "The member may delete the space."),
    permission("canAddRemoveMember", "The member may add and remove other members."),
    permission("canChangeName", "The member may rename the space."),
    permission("canChangeUri", "The member may change the space's URI."),
    permission("canChangeCallId", "The member may change the space's call id."),
    permission("canChangePasscode", "The member may change the space's passcode."),
    permission("canPostMessage", "The member may write on the space's message board."),
    permission("canRemoveSelf", "The member may leave the space."),
    permission("canDeleteAllMessages", "The member may delete every message of the space's message board."),
    permission(
      "canChangeNonMemberAccessAllowed",
      "The member may change whether non-members may join (2.3 and later).",
      { deviceDefault: true, versions: { since: "2.3" }, example: false },
    ),
  ],
};

export const cmsSpaceDescriptions: readonly ObjectDescription[] = [cmsAccessMethod, cmsSpaceMember];
