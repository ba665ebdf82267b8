/**
 * Loopback emulator of the Cisco Expressway-C/E provisioning REST API
 * (/api/provisioning and /api/v1/provisioning). The collections and their schemas come
 * from provider/schema/expressway.ts through ./store.
 */
import { randomBytes } from "node:crypto";
import { allDescriptions } from "../../provider/schema";
import type { ObjectDescription } from "../../provider/schema/types";
import type { FaultPlanOptions } from "../faults";
import { type EmulatorRequest, type EmulatorResponse, type EmulatorServer, startEmulatorServer } from "../server";
import { checkVersion } from "../../provider/schema/versions";
import { answerStatus, type ExpresswayStatusAnswers } from "./status";
import { type EmulatedTurnServer, startTurnServer } from "./turn-server";
import { turnServerState } from "./turn-state";
import {
  type ExpresswayRecord,
  ExpresswayStore,
  type Personality,
  unwrapBody,
  type WireValue,
  type WriteOutcome,
} from "./store";

export type { ExpresswayRecord } from "./store";
export type { ExpresswayStatusAnswers } from "./status";

export interface ExpresswayEmulatorOptions {
  personality: Personality;
  /** Default 0 = a free port. */
  port?: number;
  /** Default "admin". */
  username?: string;
  /** Default "expressway-emulator-password". */
  password?: string;
  tls?: { key: string; cert: string };
  faults?: FaultPlanOptions;
  /**
   * Default false: a duplicate create answers 400 {"Message": "... already exists"}.
   * True: 200 with that same message and nothing created (some releases do this).
   */
  duplicateAnswers200?: boolean;
  /** Status of a successful POST, default 201. */
  createStatus?: 200 | 201;
  /**
   * The emulated release (default EXPRESSWAY_DEFAULT_VERSION): sysinfo's SoftwareVersion, and
   * the paths and fields present follow the descriptions' `versions` (no TURN path before X8.11).
   */
  version?: string;
  /**
   * Wire names to use instead of the descriptions' ones, by resource and field name, e.g.
   * `{ ExpresswayTurn: { services: "Mode" } }`: for objects whose JSON names are unconfirmed
   * (TURN), so a test can make the emulator answer with other plausible names.
   */
  wireNames?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Paths to serve collections at instead of the descriptions' ones, by resource, e.g.
   * `{ ExpresswaySearchRule: "controller/searchrule" }`: for objects whose path no source
   * settles on every release (a description's `unconfirmedPaths`).
   */
  servedPaths?: Readonly<Record<string, string>>;
  /**
   * A create or update of a collection drops properties the object does not have. Default false:
   * refused with the draft-4 schema check's "Additional properties are not allowed" (the API
   * validates bodies with JSON schemas [S1]; whether they allow other properties is not published [GAP]).
   */
  ignoreUnknownProperties?: boolean;
  /**
   * sysinfo's SerialNumber (default: made up per emulator instance). Two emulators with the
   * same serial number are the same device under two names.
   */
  serialNumber?: string;
  /** What /status.xml and /getxml report (TURN, SSH tunnels), including failures to switch on. */
  statusAnswers?: ExpresswayStatusAnswers;
  /**
   * Entries of a list kept at its own path (DNS servers) bare, a JSON array of
   * `{"index": 2, "address": "10.0.0.2"}`, as live captures of the similar NTP list show. Default
   * false: wrapped in the list's name for GET, POST and PUT, `{"DefaultDNSServers": {"index": 2,
   * "address": "10.0.0.2"}}`, and `{"index": 2}` for DELETE, as Cisco's REST API Summary Guide
   * X14.2 prints them, the only documentation of DNS servers [S1]. Wrapped, an empty list still
   * answers [] (the guide shows no empty answer), so the provider cannot tell until it writes.
   */
  bareListEntries?: boolean;
  /**
   * Other words for "not found" and "already exists" answers (HTTP 400). The emulator's own,
   * "… does not exist" and "… already exists", are its reading of one client's mocks [I]; no
   * capture of a real device's wording is published [GAP]. A client must not depend on them.
   */
  otherWording?: { readonly missing: string; readonly duplicate: string };
  /**
   * sysinfo's answer instead of the emulator's own reading (ProductName, SoftwareVersion,
   * SerialNumber [I]): the call is documented, its key names are not [GAP], so tests try
   * others (a decoy HardwareVersion first, no version at all).
   */
  sysinfo?: (release: string, serialNumber: string) => Readonly<Record<string, string>>;
  /**
   * Expressway-E only: the loopback port its TURN server answers TURN over TCP on (default 0,
   * a free port; the configured requests port, 3478, is the device's, not one a test can take).
   */
  turnPort?: number;
  /**
   * A settings GET answers the values in effect instead of those stored. Default false: a change
   * to TURN settings while TURN services run is answered at once and applied at the next restart
   * (Off, then On; admin guide X14.2 says only when it applies [C]; what GET shows meanwhile is
   * not published [GAP]: a configuration read answering the stored value is this emulator's [I]).
   */
  getAnswersInEffect?: boolean;
}

export interface ExpresswayEmulator extends EmulatorServer {
  readonly personality: Personality;
  /** The emulated release as sysinfo reports it, e.g. "X8.11.4". */
  readonly softwareVersion: string;
  /** sysinfo's SerialNumber. */
  readonly serialNumber: string;
  /**
   * Records at a provisioning path such as "common/credential", insertion order, deep copies,
   * INCLUDING write-only fields (tests check passwords were set).
   */
  list(path: string): ExpresswayRecord[];
  /**
   * Out-of-band edits for tests (no HTTP, not recorded): merge wire fields into the record
   * named `name` (value undefined deletes).
   */
  patch(path: string, name: string, fields: Record<string, WireValue | undefined>): void;
  remove(path: string, name: string): void;
  /** Empties every collection (requests and faults are left alone: see clearRequests and faults). */
  reset(): void;
  /**
   * Replaces what the status interface reports (e.g. `{ tunnelStatus: "Failed" }`) over the
   * answers the emulator was started with; `{}` gives those back.
   */
  setStatusAnswers(answers: ExpresswayStatusAnswers): void;
  /** Expressway-E: its TURN server on 127.0.0.1 (turn-server.ts); undefined on an Expressway-C. */
  readonly turn?: EmulatedTurnServer;
}

/**
 * The first release that has every provisioning path the stack uses. The TURN path
 * (edge/traversal/turn) is absent from the X8.9 API reference and the X8.10 contents are
 * cut short, so the first release known to have it is X8.11 (py-expressway targets
 * X8.11.3); X8.11.4 is that train's last maintenance release. The guide itself runs X8.9.2.
 */
export const EXPRESSWAY_DEFAULT_VERSION = "X8.11.4";
export const SUCCESS_MESSAGE = "The operation was successful";

const PREFIX = /^\/api\/(?:v1\/)?provisioning\/(.*)$/;
const BY_NAME = "/name/";
const COLLECTION_METHODS = "GET, POST, PUT, DELETE";
const SINGLETON_METHODS = "GET, PUT";

function json(status: number, value: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(value) };
}

const message = (status: number, text: string, headers?: Record<string, string>) =>
  json(status, { Message: text }, headers);
const notFound = () => message(404, "Not found");
const notAllowed = (allow: string) => message(405, "Method not allowed", { Allow: allow });

type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

function parseBody(body: string): Parsed {
  if (body.trim() === "") return { ok: false, message: "A JSON object is required in the request body" };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    return { ok: false, message: `Invalid JSON in request body: ${(error as Error).message}` };
  }
}

function decodeName(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** Twelve hex digits, like a virtual machine's serial number; unique per emulator instance. */
function newSerialNumber(): string {
  return randomBytes(6).toString("hex").toUpperCase();
}

/** As the device writes it: with its X ("X8.11.4"). */
export function softwareVersion(version: string): string {
  return /^x/i.test(version) ? `X${version.slice(1)}` : `X${version}`;
}

export function createExpresswayHandler(
  store: ExpresswayStore,
  options: Pick<
    ExpresswayEmulatorOptions,
    | "duplicateAnswers200"
    | "createStatus"
    | "serialNumber"
    | "bareListEntries"
    | "otherWording"
    | "sysinfo"
    | "getAnswersInEffect"
  >,
  statusAnswers: () => ExpresswayStatusAnswers = () => ({}),
) {
  const createStatus = options.createStatus ?? 201;
  const serial = options.serialNumber ?? newSerialNumber();
  const started = Date.now();

  const answerWrite = (outcome: WriteOutcome, successStatus: number): EmulatorResponse => {
    switch (outcome.kind) {
      case "ok":
        return message(successStatus, SUCCESS_MESSAGE);
      case "duplicate":
        return message(options.duplicateAnswers200 ? 200 : 400, options.otherWording?.duplicate ?? outcome.message);
      case "missing":
        return message(400, options.otherWording?.missing ?? outcome.message);
      case "invalid":
      case "refused":
        return message(400, outcome.message);
    }
  };

  return (request: EmulatorRequest): EmulatorResponse => {
    const unit = {
      softwareVersion: softwareVersion(store.version),
      serialNumber: serial,
      uptimeSeconds: Math.floor((Date.now() - started) / 1000),
    };
    const status = answerStatus(request, store, unit, statusAnswers());
    if (status) return status;
    const match = PREFIX.exec(request.path);
    if (!match) return notFound();
    const rest = match[1].replace(/\/+$/, "");

    if (rest === "sysinfo") {
      if (request.method !== "GET") return notAllowed("GET");
      // Key names are the emulator's own reading of the documented sysinfo call [I]: a client reads them loosely.
      if (options.sysinfo) return json(200, options.sysinfo(softwareVersion(store.version), serial));
      return json(200, {
        ProductName: `Cisco Expressway-${store.personality}`,
        SoftwareVersion: softwareVersion(store.version),
        SerialNumber: serial,
      });
    }

    const schema = store.schema(rest);
    if (schema?.singleton) {
      // Settings singletons answer GET and PUT only (public clients use nothing else).
      if (request.method === "GET")
        return json(200, options.getAnswersInEffect ? store.inEffect(schema.path) : store.read(schema.path)[0]);
      if (request.method !== "PUT") return notAllowed(SINGLETON_METHODS);
      const parsed = parseBody(request.body);
      if (!parsed.ok) return message(400, parsed.message);
      return answerWrite(store.updateSingleton(schema.path, parsed.value), 200);
    }
    if (schema) {
      const method = request.method;
      const wrapper = !options.bareListEntries && schema.indexed ? schema.listName : undefined;
      if (method === "GET") {
        // An Expressway-E holds no domains: the refusal path reads as empty.
        const listed = schema.refusal ? [] : store.read(schema.path);
        // The guide prints one entry as an object; several as a list, none as [] [GAP].
        if (!wrapper || listed.length === 0) return json(200, listed);
        return json(200, { [wrapper]: listed.length === 1 ? listed[0] : listed });
      }
      if (method !== "POST" && method !== "PUT" && method !== "DELETE") return notAllowed(COLLECTION_METHODS);
      if (schema.refusal) return message(400, schema.refusal);
      const parsed = parseBody(request.body);
      if (!parsed.ok) return message(400, parsed.message);
      const body =
        wrapper && method !== "DELETE" ? unwrapBody(parsed.value, wrapper) : { ok: true as const, value: parsed.value };
      if (!body.ok) return message(400, body.message);
      if (method === "POST") return answerWrite(store.create(schema.path, body.value), createStatus);
      if (method === "PUT") return answerWrite(store.update(schema.path, body.value), 200);
      return answerWrite(store.remove(schema.path, body.value), 200);
    }

    // GET <path>/name/<Name>: the raw remainder is percent-decoded once, matched exactly.
    const at = rest.indexOf(BY_NAME);
    if (at > 0) {
      const byName = store.schema(rest.slice(0, at));
      if (byName) {
        if (request.method !== "GET") return notAllowed("GET");
        const name = decodeName(rest.slice(at + BY_NAME.length));
        if (name === undefined) return message(400, "Malformed percent-encoding in name");
        return json(200, byName.refusal ? [] : store.read(byName.path, name));
      }
    }
    return notFound();
  };
}

/**
 * The Expressway descriptions with some fields' wire names and some paths replaced
 * (ExpresswayEmulatorOptions.wireNames and servedPaths).
 */
function asServed(options: Pick<ExpresswayEmulatorOptions, "wireNames" | "servedPaths">): ObjectDescription[] {
  return allDescriptions.flatMap((d) => {
    if (d.api.family !== "expressway") return [];
    const served = d.api;
    const names = options.wireNames?.[d.resource] ?? {};
    const path = options.servedPaths?.[d.resource];
    const keyField = d.fields.find((f) => f.api === served.keyField && names[f.name]);
    const api = {
      ...served,
      ...(path ? { paths: { default: path } } : {}),
      ...(keyField ? { keyField: names[keyField.name] } : {}),
    };
    return [{ ...d, api, fields: d.fields.map((f) => (names[f.name] ? { ...f, api: names[f.name] } : f)) }];
  });
}

export async function startExpresswayEmulator(options: ExpresswayEmulatorOptions): Promise<ExpresswayEmulator> {
  const store = new ExpresswayStore(
    options.personality,
    checkVersion(options.version ?? EXPRESSWAY_DEFAULT_VERSION),
    asServed(options),
    options.ignoreUnknownProperties,
  );
  const serialNumber = options.serialNumber ?? newSerialNumber();
  let statusAnswers = options.statusAnswers ?? {};
  const handler = createExpresswayHandler(store, { ...options, serialNumber }, () => statusAnswers);
  const server = await startEmulatorServer({
    name: `expressway-${options.personality.toLowerCase()}`,
    port: options.port ?? 0,
    username: options.username ?? "admin",
    password: options.password ?? "expressway-emulator-password",
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    handler,
  });
  const turn =
    options.personality === "E"
      ? await startTurnServer(options.turnPort ?? 0, () => turnServerState(store, statusAnswers))
      : undefined;
  const closeHttp = server.close.bind(server);
  return Object.assign(server, {
    turn,
    close: async () => {
      await turn?.close();
      await closeHttp();
    },
    personality: options.personality,
    softwareVersion: softwareVersion(store.version),
    serialNumber,
    list: (path: string) => store.list(path),
    patch: (path: string, name: string, fields: Record<string, WireValue | undefined>) =>
      store.patch(path, name, fields),
    remove: (path: string, name: string) => store.delete(path, name),
    reset: () => store.reset(),
    setStatusAnswers: (answers: ExpresswayStatusAnswers) => {
      statusAnswers = { ...options.statusAnswers, ...answers };
    },
  });
}
