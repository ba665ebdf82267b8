import { bool, idField } from "./cms-sfb";
import type { FieldDescription, ObjectDescription } from "./types";

/*
 * The CMS user import from LDAP (Configuration > Active Directory; /api/v1/ldapServers,
 * ldapMappings, ldapSources and ldapSyncs): a server to read, a mapping of its entries to
 * user and space names, and a source tying both to a subtree of the directory. Wire names,
 * required parameters (*), defaults and the first release of each field are those of Cisco's
 * API Blueprint [APIARY, "ciscocms/apiary" apiary.apib: "Group LDAP Methods" and the "ldap
 * server", "ldap mapping", "ldap source" and "ldap sync" data structures; the Blueprint covers
 * 2.4 and later and marks later additions "from version x"]. Length limits the device does
 * not document are the provider's guard rails ("guard"). Registered in allDescriptions.
 */

/** A field mapping template such as `$sAMAccountName$@example.com` (guard: 255 characters). */
function template(name: string, doc: string, example: string, extra: Partial<FieldDescription> = {}): FieldDescription {
  return { name, api: name, type: { kind: "string", minLength: 1, maxLength: 255 }, doc, example, ...extra };
}

export const cmsLdapServer: ObjectDescription = {
  resource: "CmsLdapServer",
  noun: "LDAP server",
  doc:
    "An LDAP server the CMS imports users from (Configuration > Active Directory, Server Settings; " +
    "/api/v1/ldapServers). Identified by address, portNumber and username: one directory may be read " +
    "with several accounts (one per tenant, say), and the CMS gives the object no name; a username left " +
    "unset matches only servers without one.",
  defaultProfile: "cms",
  api: {
    family: "cms",
    collection: "ldapServers",
    element: "ldapServer",
    notFound: "ldapServerDoesNotExist",
    uniqueFields: {},
    // The Blueprint's list table: address, portNumber, secure; its sample shows username too.
    listFields: ["address", "username", "portNumber", "secure"],
  },
  naturalKeys: [["address", "portNumber", "username"]],
  deviceEnforcesUniqueness: false,
  fields: [
    {
      name: "address",
      api: "address",
      required: true,
      type: { kind: "string", maxLength: 255, format: "host" },
      doc: "Address or host name of the LDAP server.",
      example: "dc1.octavio.local",
    },
    {
      name: "portNumber",
      api: "portNumber",
      required: true,
      type: { kind: "int", min: 1, max: 65535 },
      doc: "TCP or TLS port of the LDAP server (389 for LDAP, 636 for LDAPS by convention).",
      example: 636,
    },
    {
      name: "username",
      api: "username",
      type: { kind: "string", minLength: 1, maxLength: 255 },
      doc: "Account the CMS binds with to read the directory (guard: 255 characters).",
      example: "cn=cms-reader,ou=Service,dc=octavio,dc=local",
    },
    {
      name: "password",
      api: "password",
      secret: true,
      writeOnly: true,
      type: { kind: "string", minLength: 1, maxLength: 255 },
      doc: "Password of the account. Secret; the device never returns it.",
    },
    {
      name: "secure",
      api: "secure",
      required: true,
      type: { kind: "bool" },
      doc: "`true`: connect over TLS; `false`: plain TCP.",
      example: true,
    },
    {
      ...bool(
        "usePagedResults",
        "Use the LDAP paged results control during a sync (device default true); Oracle Internet Directory " +
          "needs false. 2.1 and later.",
        true,
      ),
      deviceDefault: true,
      versions: { since: "2.1" },
    },
  ],
};

export const cmsLdapMapping: ObjectDescription = {
  resource: "CmsLdapMapping",
  noun: "LDAP mapping",
  doc:
    "How the CMS makes users, and optionally a personal space each, from LDAP entries (Configuration > " +
    "Active Directory, Field Mapping Expressions; /api/v1/ldapMappings). `$attribute$` in a template is " +
    "the entry's attribute. The CMS gives a mapping no name: it is identified by the templates of what the " +
    "CMS makes and keeps unique, users' JIDs and their spaces' URIs (jidMapping and coSpaceUriMapping): two " +
    "mappings alike in both make the same users and spaces, whatever their names or tags; a coSpaceUriMapping " +
    "left unset matches only mappings without one.",
  defaultProfile: "cms",
  api: {
    family: "cms",
    collection: "ldapMappings",
    element: "ldapMapping",
    notFound: "ldapMappingDoesNotExist",
    uniqueFields: {},
    // The Blueprint's list sample: jidMapping and nameMapping.
    listFields: ["jidMapping", "nameMapping"],
  },
  naturalKeys: [["jidMapping", "coSpaceUriMapping"]],
  deviceEnforcesUniqueness: false,
  fields: [
    // The Web Admin page requires it; a mapping without it makes no user [I].
    template("jidMapping", "Template of each user's JID (XMPP user name).", "$sAMAccountName$@octavio.com", {
      required: true,
    }),
    template("nameMapping", "Template of each user's display name.", "$displayName$"),
    template("cdrTagMapping", "Template of each user's cdrTag (written to callLegStart CDRs).", "$department$"),
    template(
      "authenticationIdMapping",
      "Template of each user's authentication id (checked against a client certificate).",
      "$userPrincipalName$",
    ),
    template(
      "coSpaceNameMapping",
      "Template of the name of each user's personal space (with coSpaceUriMapping).",
      "$displayName$ space",
    ),
    template(
      "coSpaceUriMapping",
      "Template of the URI user part of each user's personal space: set, every user gets one, as a member.",
      "$sAMAccountName$.space",
    ),
    template(
      "coSpaceSecondaryUriMapping",
      "Template of the secondary URI of each user's personal space.",
      "$telephoneNumber$",
    ),
    template("coSpaceCallIdMapping", "Template of the call ID of each user's personal space.", "$ipPhone$"),
  ],
};

export const cmsLdapSource: ObjectDescription = {
  resource: "CmsLdapSource",
  noun: "LDAP source",
  doc:
    "Which users the CMS imports (Configuration > Active Directory, Import Settings; /api/v1/ldapSources): " +
    "the entries under baseDn on an LDAP server that match filter, made into users by an LDAP mapping. " +
    "Identified by server, mapping, baseDn, filter and tenant: two sources alike in all five import the " +
    "same users twice, and the CMS gives a source no name; a filter or tenant left unset matches only " +
    "sources without one. The CMS imports on its own schedule or on request: `syncOnChange: true` lets " +
    "create and every update that changes the source request an LDAP sync of it (POST /api/v1/ldapSyncs).",
  defaultProfile: "cms",
  api: {
    family: "cms",
    collection: "ldapSources",
    element: "ldapSource",
    notFound: "ldapSourceDoesNotExist",
    uniqueFields: {},
    // The Blueprint's list table: server, mapping, baseDn, filter, tenant.
    listFields: ["server", "mapping", "baseDn", "filter", "tenant"],
  },
  naturalKeys: [["server", "mapping", "baseDn", "filter", "tenant"]],
  deviceEnforcesUniqueness: false,
  followUp: {
    input: "syncOnChange",
    collection: "ldapSyncs",
    idParameter: "ldapSource",
    action: "an LDAP sync",
    byHand: "Sync now on Configuration > Active Directory, or POST /api/v1/ldapSyncs with ldapSource=<id>",
  },
  fields: [
    idField("server", "an LDAP server", "The LDAP server to read (a CmsLdapServer's id).", {
      required: true,
      refersTo: { resource: "CmsLdapServer", field: "id" },
    }),
    idField("mapping", "an LDAP mapping", "The mapping that makes users of the entries (a CmsLdapMapping's id).", {
      required: true,
      refersTo: { resource: "CmsLdapMapping", field: "id" },
    }),
    {
      name: "baseDn",
      api: "baseDn",
      required: true,
      type: { kind: "string", minLength: 1, maxLength: 1024 },
      doc: "Distinguished name of the subtree users are imported from (guard: 1024 characters).",
      example: "ou=Users,dc=octavio,dc=local",
    },
    {
      name: "filter",
      api: "filter",
      type: { kind: "string", minLength: 1, maxLength: 1024 },
      doc: "LDAP filter an entry must match to be imported (guard: 1024 characters).",
      example: "(&(objectCategory=person)(objectClass=user))",
    },
    idField("tenant", "a tenant", "The tenant the imported users belong to.", {
      refersTo: { resource: "CmsTenant", field: "id" },
    }),
    idField("userProfile", "a user profile", "The user profile of the imported users (2.0 and later).", {
      versions: { since: "2.0" },
    }),
    {
      // In the Blueprint's list and object samples (true), not in its parameter table: that it is taken
      // as a parameter too, as the space's nonMemberAccess (2.0) is, is inferred [I].
      ...bool(
        "nonMemberAccess",
        "Whether people who are not members of the imported users' personal spaces may join them (default true).",
        true,
      ),
      deviceDefault: true,
    },
    {
      name: "syncOnChange",
      api: "syncOnChange",
      local: true,
      type: { kind: "bool" },
      example: false,
      doc:
        "Request an LDAP sync of this source (POST /api/v1/ldapSyncs) after up creates it or changes it, so " +
        "the users are imported now rather than at the CMS's next scheduled sync; preview says beforehand " +
        "when up will (a provider output line). Default false: up never starts a sync. Never sent to the device.",
    },
  ],
};

export const cmsLdapDescriptions: readonly ObjectDescription[] = [cmsLdapServer, cmsLdapMapping, cmsLdapSource];
