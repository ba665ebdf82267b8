import type { EmulatorServer } from "../../emulator/server";

/** Plain HTTP calls to an emulator (or any device at a URL with a login), as a device client would make them. */

/** Where a device answers and its API account: an emulator server fits. */
export type DeviceLogin = Pick<EmulatorServer, "url" | "username" | "password">;

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Headers;
}

export function basicAuth(device: Pick<EmulatorServer, "username" | "password">): string {
  return `Basic ${Buffer.from(`${device.username}:${device.password}`).toString("base64")}`;
}

/** A CMS call: form-encoded body when `form` is given. */
export async function cmsCall(
  device: DeviceLogin,
  method: string,
  path: string,
  form?: Record<string, string>,
): Promise<Answer> {
  const response = await fetch(`${device.url}${path}`, {
    method,
    headers: {
      authorization: basicAuth(device),
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/** POSTs a CMS object and answers its id from the Location header. */
export async function cmsCreate(device: DeviceLogin, collection: string, form: Record<string, string>) {
  const answer = await cmsCall(device, "POST", `/api/v1/${collection}`, form);
  if (answer.status !== 200) throw new Error(`POST ${collection} answered ${answer.status}: ${answer.body}`);
  return (answer.headers.get("location") as string).trim().split("/").pop() as string;
}

/** An Expressway call below /api/provisioning/ with a JSON body; the answer body parsed when it is JSON. */
export async function expresswayCall(
  device: DeviceLogin,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${device.url}/api/provisioning/${path}`, {
    method,
    headers: {
      authorization: basicAuth(device),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const json = (response.headers.get("content-type") ?? "").startsWith("application/json");
  return { status: response.status, body: json && text !== "" ? JSON.parse(text) : text, headers: response.headers };
}

/** An Expressway DNS server entry as Cisco's REST API Summary Guide prints it (the emulator's default shape). */
export function dnsServerEntry(
  index: number,
  address: string,
): { DefaultDNSServers: { index: number; address: string } } {
  return { DefaultDNSServers: { index, address } };
}

/** The entries of a DNS server list answer, in either shape (wrapped: one entry as an object), as a list. */
export function dnsServerEntries(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const wrapped = (body as { DefaultDNSServers?: unknown }).DefaultDNSServers;
  return Array.isArray(wrapped) ? wrapped : [wrapped];
}
