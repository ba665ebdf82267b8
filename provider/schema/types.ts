import type { FilledDiffResult, PropertyMap } from "../sdk-types";

/**
 * The vocabulary in which every device object is described once. The provider's
 * validation, diff and API mapping, the generated resource arguments and the
 * emulators' schemas are all derived from these descriptions.
 */

/** Which management API an object lives on. */
export type DeviceFamily = "cms" | "expressway";

/** Host-name/address formats checked by the provider (the devices themselves accept free text). */
export type AddressFormat =
  | "ipv4"
  | "host" // IPv4, IPv6 or an RFC 1123 host name
  | "domain" // a complete DNS domain: no wildcard, last label starts with a letter
  | "uriUser"; // the user part of a SIP URI: no '@', no white space

export type FieldType =
  | {
      readonly kind: "string";
      readonly minLength?: number;
      readonly maxLength: number;
      readonly format?: AddressFormat;
      readonly pattern?: { readonly regex: RegExp; readonly allowed: string };
    }
  | { readonly kind: "int"; readonly min: number; readonly max: number }
  | { readonly kind: "bool" }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | {
      readonly kind: "stringList";
      readonly minItems: number;
      readonly maxItems: number;
      readonly item: { readonly maxLength: number; readonly format?: AddressFormat };
    };

/**
 * Software releases of a device family that have a field, an enum value or an object:
 * `since` is the first release that has it, `until` the first release that no longer
 * does (exclusive). Versions compare numerically by dotted parts ("2.9" < "2.10");
 * an Expressway release is written without its X ("8.10").
 */
export interface VersionRange {
  readonly since?: string;
  readonly until?: string;
  /**
   * Releases from this one up to `since` may or may not have it (the sources disagree or
   * stop short): the provider asks the device instead of refusing, and its answer decides.
   */
  readonly unsureFrom?: string;
}

/** A plain value as it appears in inputs and outputs. */
export type FieldValue = string | number | boolean | readonly string[];

export interface FieldDescription {
  /** Input/output key in Pulumi (camelCase). */
  readonly name: string;
  /** The device's own name for the field (exact wire spelling). */
  readonly api: string;
  /**
   * The `api` name is unconfirmed (no public source): other plausible wire names (possibly
   * none). The provider maps the field by the name the device's own GET returns (`api`, one
   * of these, or either in another letter case) and refuses, before any write, to write a
   * field it cannot map, listing the keys the device returned.
   */
  readonly apiCandidates?: readonly string[];
  /** Key used on modify when it differs from `api` (Expressway `New_Name`, `New_Password`). */
  readonly updateApi?: string;
  readonly type: FieldType;
  /** TSDoc text for the generated argument. */
  readonly doc: string;
  readonly required?: boolean;
  /**
   * Value the device assumes when the field is not set; the emulators apply it, the
   * provider restores it on unset where the device has no "clear".
   */
  readonly deviceDefault?: FieldValue;
  /** Kept secret in state and outputs; only a salted digest is stored in outputs. */
  readonly secret?: boolean;
  /** The device never returns the value on GET. */
  readonly writeOnly?: boolean;
  /** The device cannot change this field in place. */
  readonly replaceOnChange?: boolean;
  /** Stored lower-case by the device (CMS `uri`), so compared and sent lower-case. */
  readonly lowerCase?: boolean;
  /** Not a device field: it selects the variant and is never sent to the device. */
  readonly local?: boolean;
  /** Only present for these variants (see ObjectDescription.variants). */
  readonly variants?: readonly string[];
  /** Releases of the device family that have this field (absent: every release). */
  readonly versions?: VersionRange;
  /**
   * Value shapes that differ by release (a CMS web bridge url is `https://` on 2.x and
   * `c2w://` from 3.0): a value outside the shape of the device's release is refused before any write.
   */
  readonly versionPatterns?: readonly VersionPattern[];
  /** For an enum: releases that accept each value (a value not listed: every release that has the field). */
  readonly valueVersions?: Readonly<Record<string, VersionRange>>;
  /**
   * A list field the device keeps at a second path, one record per entry keyed by its
   * position (Expressway default DNS servers: `common/dns/dnsserver`, `{"index": 1, "address": "…"}`).
   */
  readonly indexedAt?: IndexedListLocation;
  /** A value from the dual-domain guide or a realistic one: used by the generated docs and the test scenarios. */
  readonly example?: FieldValue;
  /**
   * The field holds another object's value: `field` of a `resource` ("id": its device id). The exporter writes a
   * reference to it.
   */
  readonly refersTo?: { readonly resource: string; readonly field: string };
}

/** The shape a string field's value has on some releases (FieldDescription.versionPatterns). */
export interface VersionPattern {
  readonly versions: VersionRange;
  readonly regex: RegExp;
  /** What is allowed, in words, e.g. "https://host[:port]". */
  readonly allowed: string;
}

/** Where a list field's entries live when the device keeps them apart from their object (`indexedAt`). */
export interface IndexedListLocation {
  /** Path of the entries, e.g. `common/dns/dnsserver`. */
  readonly path: string;
  /** Wire name of the position key, e.g. `index` (numbered from 1). */
  readonly indexField: string;
  /** Wire name of the entry's value, e.g. `address`. */
  readonly valueField: string;
}

/** Where and how a CMS object lives under /api/v1. */
export interface CmsApi {
  readonly family: "cms";
  /** Collection node, e.g. `coSpaces`. */
  readonly collection: string;
  /** Element name of one object, e.g. `coSpace`. */
  readonly element: string;
  /** failureDetails tag for an unknown id. */
  readonly notFound: string;
  /** Device-enforced uniqueness: field name → failure tag on clash. */
  readonly uniqueFields: Readonly<Record<string, string>>;
  /** Fields that appear in list answers. */
  readonly listFields: readonly string[];
}

/** Where an Expressway object lives under /api/provisioning. */
export interface ExpresswayApi {
  readonly family: "expressway";
  /** Path below /api/provisioning per variant (or "default"), e.g. `common/domain`. */
  readonly paths: Readonly<Record<string, string>>;
  /**
   * Per variant, other plausible paths where no public source settles the path on every
   * release: when the device answers HTTP 404 without its own words at `paths`, the provider
   * tries these in order with a GET, keeps the first that answers, and otherwise fails naming
   * what each path answered. The emulator can serve one of them instead (`--unconfirmed`).
   */
  readonly unconfirmedPaths?: Readonly<Record<string, readonly string[]>>;
  /** Key field naming the object in PUT and DELETE bodies. */
  readonly keyField: string;
  /** Personalities that have the path but refuse writes to it, with the device's words. */
  readonly refusedOn?: Readonly<Partial<Record<"C" | "E", string>>>;
  /** Read-only fields the device adds on GET, with their usual value (a zone's Status). */
  readonly readOnlyFields?: Readonly<Record<string, string>>;
}

/**
 * Per-kind behaviour that the field flags (`replaceOnChange`, `writeOnly`, `lowerCase`, ...)
 * cannot express. Every hook is optional and pure (no device requests): without one, the
 * provider's generic behaviour applies. A hook gets the generic result and returns the one
 * to use, so a kind states only how it differs. How objects are created and deleted is not
 * a hook but the description's `lifecycle` (see provider/lifecycle).
 */
export interface KindHooks {
  /** Adjusts the generic diff of recorded outputs (`olds`) against checked inputs (`news`). */
  readonly diff?: (
    generic: FilledDiffResult,
    olds: Readonly<PropertyMap>,
    news: Readonly<PropertyMap>,
  ) => FilledDiffResult;
  /** Adjusts the device values create is about to send (after check, before any request). */
  readonly beforeCreate?: (
    values: Readonly<Record<string, FieldValue>>,
    inputs: Readonly<PropertyMap>,
  ) => Record<string, FieldValue>;
  /** Adjusts what read records: the generic projection of the device onto the managed keys, and the device's values. */
  readonly readProjection?: (projected: PropertyMap, device: Readonly<Record<string, FieldValue>>) => PropertyMap;
}

/**
 * Settings a running service reads only when it starts (Expressway-E TURN, admin guide X14.2):
 * a change to any other field while the `toggle` field is on is held by the device until the
 * service is turned off and on again. The emulators hold such changes; the provider says so in
 * preview and, only when the boolean input `input` is true, restarts the service (toggle off,
 * then on) through the object's own update. A restart is never implicit: `drops` stops with it.
 */
export interface AppliedOnRestart {
  /** The bool field that runs the service (`services`). */
  readonly toggle: string;
  /** The local bool input that lets create, update and delete restart it (default false). */
  readonly input: string;
  /** The service, in messages ("TURN services"). */
  readonly service: string;
  /** What a restart interrupts, in messages ("live TURN relays drop"). */
  readonly drops: string;
  /** Where the rule is stated (docs/sources.md key), in messages. */
  readonly source: string;
}

export interface VariantDescription {
  /** Device profile this variant targets unless a resource names another. */
  readonly defaultProfile: string;
  readonly doc: string;
}

export interface ObjectDescription {
  /** Resource class name and type token suffix, e.g. `CmsSpace`. */
  readonly resource: string;
  readonly doc: string;
  /** Human name used in messages, e.g. "space". */
  readonly noun: string;
  readonly api: CmsApi | ExpresswayApi;
  readonly fields: readonly FieldDescription[];
  /** Device profile namespace used when a resource names none (for a single-variant object). */
  readonly defaultProfile: string;
  /**
   * Alternative sets of field values that identify the object on the device; create
   * looks for any of them before (or after a failed) POST to adopt or refuse. Each one
   * follows the rules of NaturalKey.
   */
  readonly naturalKeys: readonly NaturalKey[];
  /** The device itself refuses duplicates of every natural key, so no look-up is needed before POST. */
  readonly deviceEnforcesUniqueness: boolean;
  /** Optional discriminator: the input field whose value selects a variant (endpoint, default profile, fields). */
  readonly variantField?: string;
  readonly variants?: Readonly<Record<string, VariantDescription>>;
  /**
   * `collection` (default): objects are created and deleted. `singleton`: one device-wide
   * settings object that always exists; create adopts it, delete restores what create found.
   */
  readonly lifecycle?: "collection" | "singleton";
  /** Releases of the device family that have this object (absent: every release). */
  readonly versions?: VersionRange;
  /**
   * What to do instead on a release outside `versions` (the manual step and its UI page, a
   * sentence): named in the refusal, so a user of such a device is not left with a bare 404.
   */
  readonly manualStep?: string;
  /** Where this kind differs from the generic provider behaviour (see KindHooks). */
  readonly hooks?: KindHooks;
  /**
   * Pairs of whole-number fields that bound a range (a first and a last port): the start may
   * not be above the end. Check refuses it when both are declared; the emulators refuse it on
   * the object as it would be stored, as the device does (provider/schema/ranges.ts).
   */
  readonly ranges?: readonly FieldRange[];
  /** Changes held by the device until a service restarts (settings objects only; see AppliedOnRestart). */
  readonly appliedOnRestart?: AppliedOnRestart;
  /** A request sent after a write when the stack asks for it (see FollowUp). */
  readonly followUp?: FollowUp;
  /**
   * The object lives under another object's collection (a CMS access method under its space:
   * `coSpaces/<space id>/accessMethods`). See ParentObject.
   */
  readonly parent?: ParentObject;
}

/**
 * A request the device takes to act on an object once it is written (CMS: POST /ldapSyncs with
 * `ldapSource=<id>` imports that LDAP source's users now, APIARY "LDAP Sync Methods"). The
 * provider sends it only when the local bool input `input` is true, after a create or after an
 * update that changed a device field, and says so; never implicitly, never on delete.
 */
export interface FollowUp {
  /** The local bool input that asks for it (default false). */
  readonly input: string;
  /** Collection node the request is POSTed to, e.g. `ldapSyncs`. */
  readonly collection: string;
  /** Form parameter that carries the written object's id, e.g. `ldapSource`. */
  readonly idParameter: string;
  /** What the request starts, in messages ("an LDAP sync"). */
  readonly action: string;
  /** What to do by hand when it could not be sent (the UI page or request), in messages. */
  readonly byHand: string;
}

/**
 * Where a child object lives: under one object of `resource`, whose device id the child's
 * input `field` holds (`{ resource: "CmsSpace", field: "space" }`: a program writes
 * `space: space.id`, the parent's Pulumi id being its device id). Everything follows from it:
 * - the device path: the child's collection is below the parent's object
 *   (`/api/v1/coSpaces/<space>/accessMethods/<id>`), in the provider and in the emulators;
 * - `field` is a required device-id input that is never sent as a form value (the path
 *   carries it) and is read back as the id the object was found under; changing it, which a
 *   replacement of the parent does (a new id), replaces the child;
 * - the natural keys are scoped to the parent: a look-up lists only the parent's children;
 * - the parent's not-found answer means the child is gone too (a device deletes the
 *   children with the parent, as CMS does), so refresh reports it gone and delete succeeds;
 * - the engine deletes children before their parent (the input is a dependency);
 * - the generated docs show the child declared under its parent; an exporter lists the
 *   children of each parent it lists.
 */
export interface ParentObject {
  /** The parent's resource kind, e.g. `CmsSpace`. */
  readonly resource: string;
  /** The child's input field holding the parent's device id, e.g. `space`. */
  readonly field: string;
}

/** Two int fields of one object, `start` never above `end` (ObjectDescription.ranges). */
export interface FieldRange {
  readonly start: string;
  readonly end: string;
}

export function fieldsForVariant(desc: ObjectDescription, variant: string | undefined): readonly FieldDescription[] {
  return desc.fields.filter((f) => !f.variants || (variant !== undefined && f.variants.includes(variant)));
}

/**
 * Whether an unset field is managed at its documented device default (Terraform's Default): a
 * device field of the object's variant with a default, not secret, of a collection object. A
 * settings object manages only what the stack declares; the rest stays as the device has it.
 */
export function managedAtDefault(
  desc: ObjectDescription,
  field: FieldDescription,
  variant: string | undefined,
): boolean {
  if (field.deviceDefault === undefined || field.local || field.secret || desc.lifecycle === "singleton") return false;
  return fieldsForVariant(desc, variant).includes(field);
}

/** What the provider outputs for a field the program leaves unset: the device default where it manages it there. */
export function outputWhenUnset(
  desc: ObjectDescription,
  field: FieldDescription,
  variant: string | undefined,
): FieldValue | undefined {
  return managedAtDefault(desc, field, variant) ? field.deviceDefault : undefined;
}

/** The device profile an object of this variant (if any) targets when its resource names none. */
export function defaultProfileOf(desc: ObjectDescription, variant: string | undefined): string {
  return (variant !== undefined && desc.variants?.[variant]?.defaultProfile) || desc.defaultProfile;
}

export function fieldByName(desc: ObjectDescription, name: string): FieldDescription | undefined {
  return desc.fields.find((f) => f.name === name);
}

/**
 * One natural key: the fields whose values together identify an object on the device. Every
 * look-up by natural key (create's adopt-or-refuse, the recovery of a POST of unknown
 * outcome, a pending create) follows these rules, through `keyedValues`:
 * - Unset is absent or empty (a device shows an unset field either way).
 * - The key applies to a set of values only when its FIRST field is set. So the first field
 *   never has a `deviceDefault` (an undeclared value would still name an object).
 * - A LATER field left unset stands for what the device gives it: its `deviceDefault` (a rule
 *   declared without `priority` is the rule with priority 0), or "unset" when it has none,
 *   which matches only objects where it is unset too (a rule without `tenant` is never
 *   another tenant's).
 * - Both sides are read by the same rules: the declared values and the device's object.
 *   A list entry that does not show a key field proves nothing (CMS list answers may leave
 *   out fields the object has): the object itself is read before deciding.
 * - Key fields are device fields that can be read back: not `local`, `secret` or `writeOnly`.
 * test/unit/natural-keys.test.ts checks every description against these rules.
 */
export type NaturalKey = readonly [first: string, ...later: string[]];

/** What one key field stands for in a look-up: a value, or undefined for "unset". */
export type KeyedValues = ReadonlyMap<string, FieldValue | undefined>;

/**
 * The value of each of the key's fields as the look-up compares them (NaturalKey's rules), or
 * undefined when the key does not apply to these values (its first field is unset).
 */
export function keyedValues(
  desc: ObjectDescription,
  key: NaturalKey,
  values: Readonly<Record<string, FieldValue>>,
): KeyedValues | undefined {
  const unset = (name: string) => values[name] === undefined || values[name] === "";
  if (unset(key[0])) return undefined;
  return new Map(key.map((name) => [name, unset(name) ? fieldByName(desc, name)?.deviceDefault : values[name]]));
}

/** Whether any of the description's natural keys applies to these values (they can be looked up). */
export function carriesNaturalKey(desc: ObjectDescription, values: Readonly<Record<string, FieldValue>>): boolean {
  return desc.naturalKeys.some((key) => keyedValues(desc, key, values) !== undefined);
}
