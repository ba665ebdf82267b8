import { randomUUID } from "node:crypto";
import { allDescriptions } from "../../provider/schema";
import type { FaultPlanOptions } from "../faults";
import { type EmulatorRequest, type EmulatorResponse, type EmulatorServer, startEmulatorServer } from "../server";
import { checkVersion } from "../../provider/schema/versions";
import { type LdapSync, LdapSyncs, type SyncAnswer } from "./ldap-syncs";
import { licensingAnswer } from "./licensing";
import type { StatusAnswers } from "./quirks";
import { type CmsCollection, type CmsFailure, CmsStore, type CmsStoreOptions, PARENT_ID, SINGLETON } from "./store";
import { element, type XmlElement, xmlDocument } from "./xml";

/**
 * Cisco Meeting Server /api/v1 emulator: form-encoded writes, compact XML answers,
 * failureDetails errors, paging with per-collection caps and substring filters. This
 * module routes requests; ./store holds the objects (schema derived from
 * provider/schema/cms.ts) and ./quirks what each collection does beyond that. Device
 * facts and their sources: docs/sources.md.
 */

/** The release of the dual-domain guide (TAC 211301: CMS 2.2.1). */
export const CMS_DEFAULT_VERSION = "2.2";

/** softwareVersion as /system/status writes it: the guide's 2.2 is 2.2.1, other two-part releases get ".0". */
export function cmsSoftwareVersion(version: string): string {
  if (version.split(".").length >= 3) return version;
  return version === CMS_DEFAULT_VERSION ? "2.2.1" : `${version}.0`;
}

export interface CmsEmulatorOptions extends CmsStoreOptions {
  /**
   * The emulated release, e.g. "2.2" (default) or "3.8": system/status softwareVersion,
   * and the objects, fields and enum values present follow the descriptions' `versions`.
   */
  cmsVersion?: string;
  port?: number;
  username?: string;
  password?: string;
  tls?: { key: string; cert: string };
  faults?: FaultPlanOptions;
  /** Status of PUT/DELETE on an unknown id (real devices differ): default 400. GET is always 404. */
  unknownIdStatus?: 400 | 404;
  pageCaps?: Partial<Record<string, number>>;
  /** Location header form: relative (default), absolute URL, or padded with whitespace (seen on real devices). */
  locationStyle?: "relative" | "absolute" | "padded";
  /** What the status calls report (default: the guide's TURN capture, web bridge `success`). */
  statusAnswers?: StatusAnswers;
  /**
   * The failure tag of an unknown id, by collection, instead of the description's. Cisco's
   * table has no TURN server or web bridge tag, so the emulator's are its own pick [GAP]; a
   * test answers another (e.g. `{ turnServers: "unrecognizedObject" }`).
   */
  notFoundTags?: Readonly<Record<string, string>>;
  /**
   * Fields left out of list entries, by collection (provider field names), although the object
   * has them: Cisco's inbound rule list sample shows only `domain` and `priority` [APIARY], so
   * whether a list entry shows the `tenant` is not published [GAP]. Default: none left out.
   */
  listOmits?: Readonly<Record<string, readonly string[]>>;
}

export interface CmsObject {
  id: string;
  /** Wire names to stored wire strings. */
  fields: Record<string, string>;
  /** A child's parent object (a space's id for an access method): the path it lives under. */
  parent?: string;
}

export interface CmsEmulator extends EmulatorServer {
  /** The emulated release as system/status reports it, e.g. "2.2.1". */
  readonly softwareVersion: string;
  list(collection: string): CmsObject[];
  get(collection: string, id: string): CmsObject | undefined;
  patch(collection: string, id: string, fields: Record<string, string | undefined>): void;
  remove(collection: string, id: string): void;
  reset(): void;
  /** The LDAP syncs requested through POST /api/v1/ldapSyncs and still held (./ldap-syncs). */
  ldapSyncs(): LdapSync[];
  /**
   * Replaces what the status and licensing calls report (e.g. `{ turnServer: { reachable: false } }`),
   * over the answers the emulator was started with (an unconfirmed variant stays on).
   */
  setStatusAnswers(answers: StatusAnswers): void;
}

const xmlAnswer = (status: number, root: XmlElement, headers: Record<string, string> = {}): EmulatorResponse => ({
  status,
  headers: { "Content-Type": "text/xml", ...headers },
  body: xmlDocument(root),
});

const failure = (f: CmsFailure): EmulatorResponse =>
  xmlAnswer(f.status, element("failureDetails", [{ name: f.tag, attributes: f.attributes, spacedEmpty: true }]));

const unrecognized = (): EmulatorResponse => failure({ status: 400, tag: "unrecognizedObject" });

const empty = (status = 200, headers: Record<string, string> = {}): EmulatorResponse => ({ status, headers, body: "" });

const STATUS_COUNTERS = [
  "callLegsActive",
  "callLegsMaxActive",
  "callLegsCompleted",
  "audioBitRateOutgoing",
  "audioBitRateIncoming",
  "videoBitRateOutgoing",
  "videoBitRateIncoming",
];

export async function startCmsEmulator(options: CmsEmulatorOptions = {}): Promise<CmsEmulator> {
  const version = checkVersion(options.cmsVersion ?? CMS_DEFAULT_VERSION);
  const store = new CmsStore(allDescriptions, version, options);
  const unknownIdStatus = options.unknownIdStatus ?? 400;
  const hostId = randomUUID();
  const startedAt = Date.now();
  let baseUrl = "";
  let statusAnswers = options.statusAnswers ?? {};
  const syncs = new LdapSyncs((id) => store.collection("ldapSources")?.objects.has(id) ?? false, unknownIdStatus);

  const systemStatus = (): EmulatorResponse =>
    xmlAnswer(
      200,
      element("status", [
        element("hostId", hostId),
        element("softwareVersion", cmsSoftwareVersion(version)),
        element("uptimeSeconds", String(Math.floor((Date.now() - startedAt) / 1000))),
        element("cdrTime", new Date().toISOString().replace(/\.\d+Z$/, "Z")),
        element("activated", "true"),
        element("clusterEnabled", "false"),
        element("cdrCorrelatorIndex", "0"),
        ...STATUS_COUNTERS.map((name) => element(name, "0")),
      ]),
    );

  const location = (collection: string, id: string): string => {
    const path = `/api/v1/${collection}/${id}`;
    if (options.locationStyle === "absolute") return `${baseUrl}${path}`;
    if (options.locationStyle === "padded") return ` ${path} `;
    return path;
  };

  /**
   * A device-wide settings object: always there, GET answers it, PUT changes only what is
   * sent (an empty value clears). The API reference lists POST on these too, so POST is
   * taken as PUT; DELETE is refused with 405 like any unsupported method.
   */
  const singleton = (c: CmsCollection, request: EmulatorRequest): EmulatorResponse => {
    const stored = c.objects.get(SINGLETON) ?? {};
    if (request.method === "GET") return xmlAnswer(200, store.render(c, SINGLETON, stored));
    if (request.method !== "PUT" && request.method !== "POST") return empty(405);
    const applied = store.apply(c, SINGLETON, stored, new URLSearchParams(request.body));
    if ("failure" in applied) return failure(applied.failure);
    c.objects.set(SINGLETON, applied.next);
    return empty();
  };

  const syncAnswer = (answer: SyncAnswer): EmulatorResponse => {
    if ("xml" in answer) return xmlAnswer(answer.status, answer.xml);
    if ("created" in answer) return empty(200, { Location: location("ldapSyncs", answer.created) });
    if ("failure" in answer) return failure(answer.failure);
    return "ok" in answer ? empty() : empty(405);
  };

  const handler = (request: EmulatorRequest): EmulatorResponse => {
    let segments: string[];
    try {
      segments = request.path
        .split("/")
        .filter((s) => s !== "")
        .map(decodeURIComponent);
    } catch {
      return unrecognized(); // malformed percent-encoding
    }
    if (segments[0]?.toLowerCase() !== "api" || segments[1]?.toLowerCase() !== "v1") return unrecognized();
    const [node, id, sub] = segments.slice(2);
    if (node?.toLowerCase() === "system" && id?.toLowerCase() === "status" && !sub) {
      return request.method === "GET" ? systemStatus() : empty(405);
    }
    const licensing = licensingAnswer(segments.slice(2).join("/").toLowerCase(), version, statusAnswers.licence ?? {});
    if (licensing) return request.method === "GET" ? xmlAnswer(200, licensing) : empty(405);
    const settings = store.collection(segments.slice(2).join("/"));
    if (settings && CmsStore.isSingleton(settings)) return singleton(settings, request);
    if (node?.toLowerCase() === "ldapsyncs" && sub === undefined)
      return syncAnswer(syncs.handle(request.method, id, request.query, new URLSearchParams(request.body)));
    const c = node ? store.collection(node) : undefined;
    if (!c || segments.length > 6) return unrecognized();
    if (id === undefined) return collectionAnswer(c, request);
    const children = sub === undefined ? undefined : store.childCollection(c, sub);
    const childId = segments[5];
    if (children) {
      // Below a parent that does not exist, the parent's not-found answers (APIARY: an invalid coSpace id gives 404).
      if (!c.objects.has(id))
        return notFound(c, request.method === "GET" || request.method === "POST" ? 404 : unknownIdStatus);
      return childId === undefined
        ? collectionAnswer(children, request, id)
        : objectAnswer(children, childId, request, id);
    }
    if (segments.length > 5) return unrecognized();
    if (sub !== undefined) {
      const stored = c.objects.get(id);
      const status = c.quirks.status;
      if (!status || sub.toLowerCase() !== "status") return unrecognized();
      if (request.method !== "GET") return empty(405);
      if (!stored) return notFound(c, 404);
      // Root without an id and a leading <status>, as in the guide's TURN capture.
      return xmlAnswer(200, element(c.api.element, status(stored, statusAnswers)));
    }
    return objectAnswer(c, id, request);
  };

  const notFound = (c: CmsCollection, status: number) =>
    failure({ status, tag: options.notFoundTags?.[c.api.collection] ?? c.api.notFound });

  /** GET (a page) or POST (a new object) on a collection; a child collection's below `parentId`. */
  const collectionAnswer = (c: CmsCollection, request: EmulatorRequest, parentId?: string): EmulatorResponse => {
    if (request.method === "GET") {
      const answer = store.page(c, request.query, options.pageCaps, parentId);
      if ("failure" in answer) return failure(answer.failure);
      const omitted = options.listOmits?.[c.api.collection] ?? [];
      const listed = c.api.listFields.filter((name) => !omitted.includes(name));
      const children = answer.page.map(([key, stored]) => store.render(c, key, stored, listed));
      return xmlAnswer(200, element(c.api.collection, children, [["total", String(answer.total)]]));
    }
    if (request.method !== "POST") return empty(405);
    const created = store.create(c, new URLSearchParams(request.body), parentId);
    if ("failure" in created) return failure(created.failure);
    const below = c.parent && parentId !== undefined ? `${c.parent.api.collection}/${parentId}/` : "";
    return empty(200, { Location: location(`${below}${c.api.collection}`, created.id) });
  };

  /** GET, PUT or DELETE of one object; a child's only below its own parent `parentId` (known to exist). */
  const objectAnswer = (
    c: CmsCollection,
    id: string,
    request: EmulatorRequest,
    parentId?: string,
  ): EmulatorResponse => {
    const found = c.objects.get(id);
    const stored = parentId === undefined || found?.[PARENT_ID] === parentId ? found : undefined;
    switch (request.method) {
      case "GET":
        return stored ? xmlAnswer(200, store.render(c, id, stored)) : notFound(c, 404);
      case "PUT": {
        if (!stored) return notFound(c, unknownIdStatus);
        const applied = store.apply(c, id, stored, new URLSearchParams(request.body));
        if ("failure" in applied) return failure(applied.failure);
        c.objects.set(id, applied.next);
        return empty();
      }
      case "DELETE":
        if (!stored) return notFound(c, unknownIdStatus);
        store.delete(c, id);
        return empty();
      default:
        return empty(405);
    }
  };

  const server = await startEmulatorServer({
    name: "cms",
    port: options.port,
    username: options.username ?? "admin",
    password: options.password ?? "cms-emulator-password",
    tls: options.tls,
    faults: options.faults,
    handler,
  });
  baseUrl = server.url;

  const copy = (id: string, stored: Record<string, string>): CmsObject => {
    const { [PARENT_ID]: parent, ...fields } = stored;
    return parent === undefined ? { id, fields } : { id, fields, parent };
  };
  return Object.assign(server, {
    softwareVersion: cmsSoftwareVersion(version),
    list: (collection: string) => [...store.collectionOf(collection).objects].map(([id, f]) => copy(id, f)),
    get: (collection: string, id: string) => {
      const fields = store.collectionOf(collection).objects.get(id);
      return fields ? copy(id, fields) : undefined;
    },
    patch: (collection: string, id: string, fields: Record<string, string | undefined>) => {
      const objects = store.collectionOf(collection).objects;
      const stored = objects.get(id);
      if (!stored) throw new Error(`no ${collection} object ${id}`);
      // A new record, not a change in place: the table indexes values for uniqueness.
      const patched = { ...stored };
      for (const [key, value] of Object.entries(fields)) {
        if (value === undefined) delete patched[key];
        else patched[key] = value;
      }
      objects.set(id, patched);
    },
    remove: (collection: string, id: string) => {
      const c = store.collectionOf(collection);
      store.delete(c, id);
    },
    reset: () => {
      store.reset();
      syncs.reset();
    },
    ldapSyncs: () => syncs.list(),
    setStatusAnswers: (answers: StatusAnswers) => {
      const base = options.statusAnswers ?? {};
      statusAnswers = {
        ...base,
        ...answers,
        turnServer: { ...base.turnServer, ...answers.turnServer },
        licence: { ...base.licence, ...answers.licence },
      };
    },
  });
}
