import { randomBytes, randomInt } from "node:crypto";
import { inVersionRange } from "../../provider/schema/versions";
import type { LicenceAnswers } from "./licensing";
import { element, type XmlElement } from "./xml";

/**
 * What one CMS collection does beyond "store the described fields": device-generated
 * elements, request parameters that are not fields, references to other objects and
 * conflicts the device checks. Keyed by collection node (e.g. `coSpaces`), so the store
 * and the routing stay free of per-kind branches. Sources: docs/sources.md (Cisco's
 * API reference, TAC 213812 captures).
 */

/** Is `value` already held in wire field `api` by another object of the collection (case-insensitive)? */
export type Taken = (api: string, value: string) => boolean;

/** Applies one non-field request parameter to the copy being prepared; answers an error value when refused. */
export type ExtraParameter = (next: Record<string, string>, raw: string, taken: Taken) => "invalidValue" | undefined;

export interface CollectionQuirks {
  /** Device-generated elements (not user fields). */
  readonly generated?: (stored: Readonly<Record<string, string>>) => [string, string][];
  /** The described field (by name) whose slot the generated elements follow, set or not; absent: at the end. */
  readonly generatedAfter?: string;
  /** Stored values rendered after the described fields, e.g. a coSpace's secret. */
  readonly trailing?: readonly string[];
  /** Request parameters that are not described fields. An empty value is a no-op unless the handler says otherwise. */
  readonly extraParameters?: Readonly<Record<string, ExtraParameter>>;
  /** Fields that refer to other device objects: wire name -> failure tag when the referred object is missing. */
  readonly references?: Readonly<Record<string, string>>;
  /** Runs after the form is applied and validated (before uniqueness checks). */
  readonly complete?: (next: Record<string, string>) => void;
  /**
   * GET of one object lists only the fields that were set, without filling in defaults
   * (TAC 213812 capture: `nonMemberAccess` is absent until set).
   */
  readonly omitDefaults?: boolean;
  /** Checks of the whole object for this release; answers the offending parameter. */
  readonly check?: (next: Readonly<Record<string, string>>, version: string) => string | undefined;
  /** Children of GET <collection>/<id>/status (root: the element name without an id). */
  readonly status?: (stored: Readonly<Record<string, string>>, answers: StatusAnswers) => XmlElement[];
}

/**
 * What the emulated device reports on the status calls. Defaults are the TURN status the
 * guide captured (TAC 211301, CMS 2.2.1); other `status` values are not published [GAP].
 */
export interface StatusAnswers {
  readonly turnServer?: {
    /**
     * The leading `<status>` the guide's 2.2.1 capture shows (default success); null leaves it
     * out, as Cisco's API reference describes the answer (host elements only).
     */
    readonly status?: string | null;
    readonly reachable?: boolean;
    readonly roundTripTimeMs?: number;
    readonly mappedAddress?: string;
    readonly mappedPortNumber?: number;
  };
  /** `status` of GET /webBridges/<id>/status: unused, success, connectionFailure or dnsFailure (3.0). */
  readonly webBridge?: string;
  /** What GET /system/licensing (2.x) or /clusterLicensing (3.x) reports: default callBridge activated. */
  readonly licence?: LicenceAnswers;
}

function turnStatus(stored: Readonly<Record<string, string>>, answers: StatusAnswers): XmlElement[] {
  const t = answers.turnServer ?? {};
  const reachable = t.reachable ?? true;
  const host: XmlElement[] = [
    element("address", stored.serverAddress ?? ""),
    element("portNumber", stored.tcpPortNumberOverride ?? "3478"),
    element("reachable", String(reachable)),
  ];
  // Round trip and mapped address exist only for a reachable host [I: documented as "when reachable"].
  if (reachable)
    host.push(
      element("roundTripTimeMs", String(t.roundTripTimeMs ?? 52)),
      element("mappedAddress", t.mappedAddress ?? "172.16.85.180"),
      element("mappedPortNumber", String(t.mappedPortNumber ?? 41574)),
    );
  const status = t.status === null ? [] : [element("status", t.status ?? "success")];
  return [...status, element("host", host)];
}

/** A 2.x web bridge is reached over https; from 3.0 over c2w:// [I: what the device refuses is not published]. */
function webBridgeUrl(next: Readonly<Record<string, string>>, version: string): string | undefined {
  if (next.url === undefined) return undefined;
  const scheme = inVersionRange(version, { since: "3.0" }) ? /^c2w:\/\//i : /^https?:\/\//i;
  return scheme.test(next.url) ? undefined : "url";
}

function newSecret(): string {
  return randomBytes(16).toString("base64url").slice(0, 22);
}

const isBoolean = (raw: string) => /^(true|false)$/i.test(raw);

const TENANT: Readonly<Record<string, string>> = { tenant: "tenantDoesNotExist" };

export const COLLECTION_QUIRKS: Readonly<Record<string, CollectionQuirks>> = {
  coSpaces: {
    generated: () => [["autoGenerated", "false"]],
    generatedAfter: "name",
    omitDefaults: true,
    trailing: ["secret"],
    references: TENANT,
    extraParameters: {
      secret: (next, raw) => {
        if (raw === "") delete next.secret;
        else next.secret = raw;
        return undefined;
      },
      regenerateSecret: (next, raw) => {
        if (raw === "") return undefined;
        if (!isBoolean(raw)) return "invalidValue";
        if (raw.toLowerCase() === "true") next.secret = newSecret();
        return undefined;
      },
      requireCallId: (next, raw, taken) => {
        if (raw === "") return undefined;
        if (!isBoolean(raw)) return "invalidValue";
        // Assigns a callId (nine digits, like the device's) only when there is none; never returned on GET.
        while (raw.toLowerCase() === "true" && next.callId === undefined) {
          const candidate = String(randomInt(100_000_000, 1_000_000_000));
          if (!taken("callId", candidate)) next.callId = candidate;
        }
        return undefined;
      },
    },
    // A secret is chosen by the device as soon as the space has a callId.
    complete: (next) => {
      if (next.callId !== undefined && next.secret === undefined) next.secret = newSecret();
    },
  },
  turnServers: {
    generated: () => [["numRegistrations", "0"]],
    // The guide's capture: serverAddress, clientAddress, numRegistrations, username, type, tcpPortNumberOverride.
    generatedAfter: "clientAddress",
    status: turnStatus,
  },
  inboundDialPlanRules: { references: TENANT },
  webBridges: {
    references: TENANT,
    check: webBridgeUrl,
    status: (_stored, answers) => [element("status", answers.webBridge ?? "success")],
  },
};

export const quirksOf = (collection: string): CollectionQuirks => COLLECTION_QUIRKS[collection] ?? {};
