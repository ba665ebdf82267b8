import { randomUUID } from "node:crypto";
import { DEFAULT_PAGE_CAP } from "./quirks";
import { type CmsFailure, pageOf, parameterError } from "./store";
import { element, type XmlElement } from "./xml";

/**
 * /api/v1/ldapSyncs: requests to import users now [APIARY "LDAP Sync Methods" and the "ldap
 * sync" data structure]. POST takes `ldapSource`, `tenant` and `removeWhenFinished` (default
 * true); GET lists pending and in-progress syncs (`state`, `failureReason`); DELETE cancels one
 * that has not started. The emulator has no directory to read, so a sync of an existing source
 * stays `pending` (listed) until cancelled; a sync of an unknown source fails at once with
 * failureReason ldapSourceDoesNotExist, as the Blueprint lists it among a sync's failure
 * reasons, and is dropped from the list when removeWhenFinished is true, as a finished sync is.
 */

export interface LdapSync {
  readonly id: string;
  readonly ldapSource?: string;
  readonly tenant?: string;
  readonly removeWhenFinished: boolean;
  readonly state: "pending" | "failed";
  readonly failureReason?: string;
}

/** What the router sends back: an XML answer, the id of a new sync (a Location), an empty 200, or a failure. */
export type SyncAnswer =
  | { readonly xml: XmlElement; readonly status: number }
  | { readonly created: string }
  | { readonly ok: true }
  | { readonly failure: CmsFailure }
  | { readonly methodNotAllowed: true };

export class LdapSyncs {
  private readonly syncs = new Map<string, LdapSync>();

  /** `sourceExists`: whether an ldapSource id exists; `unknownIdStatus`: status of DELETE of an unknown sync. */
  constructor(
    private readonly sourceExists: (id: string) => boolean,
    private readonly unknownIdStatus: number,
  ) {}

  /** Every sync the emulator holds, in the order they were requested. */
  list(): LdapSync[] {
    return [...this.syncs.values()];
  }

  reset(): void {
    this.syncs.clear();
  }

  handle(method: string, id: string | undefined, query: URLSearchParams, form: URLSearchParams): SyncAnswer {
    if (id === undefined) {
      if (method === "GET") return this.listing(query);
      return method === "POST" ? this.start(form) : { methodNotAllowed: true };
    }
    const sync = this.syncs.get(id);
    const notFound = (status: number): SyncAnswer => ({ failure: { status, tag: "ldapSyncDoesNotExist" } });
    if (method === "GET") return sync ? { xml: render(sync), status: 200 } : notFound(404);
    if (method !== "DELETE") return { methodNotAllowed: true };
    if (!sync) return notFound(this.unknownIdStatus);
    if (sync.state !== "pending") return { failure: { status: 400, tag: "ldapSyncCannotBeCancelled" } };
    this.syncs.delete(id);
    return { ok: true };
  }

  private listing(query: URLSearchParams): SyncAnswer {
    const answer = pageOf(this.list(), query, DEFAULT_PAGE_CAP);
    if ("failure" in answer) return answer;
    return {
      xml: element("ldapSyncs", answer.page.map(render), [["total", String(answer.total)]]),
      status: 200,
    };
  }

  private start(form: URLSearchParams): SyncAnswer {
    const removeText = form.get("removeWhenFinished") ?? "";
    if (removeText !== "" && !/^(true|false)$/i.test(removeText))
      return { failure: parameterError("removeWhenFinished", "invalidValue") };
    const removeWhenFinished = removeText.toLowerCase() !== "false";
    const ldapSource = form.get("ldapSource") || undefined;
    const tenant = form.get("tenant") || undefined;
    const id = randomUUID();
    const known = ldapSource === undefined || this.sourceExists(ldapSource);
    const sync: LdapSync = known
      ? { id, ldapSource, tenant, removeWhenFinished, state: "pending" }
      : { id, ldapSource, tenant, removeWhenFinished, state: "failed", failureReason: "ldapSourceDoesNotExist" };
    if (known || !removeWhenFinished) this.syncs.set(id, sync);
    return { created: id };
  }
}

function render(sync: LdapSync): XmlElement {
  const children = [element("state", sync.state)];
  if (sync.failureReason) children.push(element("failureReason", sync.failureReason));
  return element("ldapSync", children, [["id", sync.id]]);
}
