import type { FieldValue, FollowUp, NaturalKey } from "../schema/types";

/** Field values keyed by the provider's field names, typed per the description. */
export type Values = Record<string, FieldValue>;

export type DeviceErrorKind = "notFound" | "duplicate" | "invalid" | "refused" | "unauthorized" | "unexpected";

/** A definite answer from the device (the request was not applied, or the object is gone). */
export class DeviceError extends Error {
  constructor(
    message: string,
    readonly kind: DeviceErrorKind,
    readonly status: number,
  ) {
    super(message);
  }

  override readonly name = "DeviceError";
}

/** The device refused the profile's credentials (HTTP 401) while the provider tried `action` on `what`. */
export function credentialsRejected(where: string, profile: string, action: string, what: string): DeviceError {
  return new DeviceError(
    `${where} rejected the credentials of profile "${profile}" (HTTP 401) ` +
      `while trying to ${action} ${what}: ` +
      `check ${profile}:username and ${profile}:password`,
    "unauthorized",
    401,
  );
}

/** An existing object found by a natural key. */
export interface Found {
  readonly id: string;
  readonly values: Values;
  /** The natural key (field names) whose values matched. */
  readonly key: NaturalKey;
}

/** A change for update: a value to set, or null to clear the field. */
export type Changes = Record<string, FieldValue | null>;

/**
 * One kind of object on one device, spoken to through its own API. DescribedProvider
 * and the lifecycles are written against this;
 * device/cms.ts and device/expressway.ts implement it from the descriptions.
 */
export interface DeviceObjects {
  /** Creates the object and returns its id. DeviceError on a definite refusal, TransportError when unknown. */
  create(values: Values): Promise<string>;
  /**
   * Current values, or undefined when the object no longer exists. `wanted`: the fields the
   * caller uses; the others may be left out (a settings object then skips the lists it keeps
   * at a path of their own, one request each).
   */
  read(id: string, known: Values, wanted?: ReadonlySet<string>): Promise<Values | undefined>;
  /** Applies the changes; `known` are the current values (Expressway addresses objects by name). */
  update(id: string, known: Values, changes: Changes): Promise<void>;
  /** Deletes; succeeds when the object is already gone. */
  remove(id: string, known: Values): Promise<void>;
  /** The object carrying any of the natural keys' values, if one exists, and the key that matched. */
  find(values: Values): Promise<Found | undefined>;
  /**
   * Sends the description's follow-up request for the object (ObjectDescription.followUp) and
   * returns where the device put what it started (e.g. `/api/v1/ldapSyncs/<id>`). Only the APIs that have such
   * requests implement it.
   */
  followUp?(id: string, rule: FollowUp): Promise<string>;
}
