/**
 * Property values as they travel between the program, the fake engine and the
 * dynamic-provider host: plain JSON, with Pulumi's two wire sentinels (a secret is
 * `{"4dabf...": "1b47...", value}`, an unknown during preview is a magic string).
 * Secretness is tracked per top-level key, as the engine re-applies it by key name.
 */

// From the SDK itself, not from provider/: the program side of a consumer project must not
// load this checkout's provider code (test/package proves it).
import { isUnknown } from "@pulumi/pulumi/output";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** Properties as marshalled over gRPC (JSON with the wire sentinels); not provider/sdk-types' PropertyMap. */
export type WirePropertyMap = Record<string, Json>;

export const SIG_KEY = specialSigKey;
export const SECRET_SIG = specialSecretSig;
/** What an input that depends on an unknown output looks like during preview. */
export const UNKNOWN = unknownValue;
export const PROVIDER_KEY = "__provider";

export interface SecretWrapped {
  [SIG_KEY]: typeof SECRET_SIG;
  value: Json;
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isSecretWrapped(value: unknown): value is SecretWrapped {
  return isObject(value) && value[SIG_KEY] === SECRET_SIG;
}

export function wrapSecret(value: Json): Json {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** Removes every secret sentinel; `secret` tells whether there was one anywhere inside. */
export function unwrapDeep(value: Json): { value: Json; secret: boolean } {
  if (isSecretWrapped(value)) return { value: unwrapDeep(value.value).value, secret: true };
  if (Array.isArray(value)) {
    let secret = false;
    const items = value.map((item) => {
      const inner = unwrapDeep(item);
      secret ||= inner.secret;
      return inner.value;
    });
    return { value: items, secret };
  }
  if (isObject(value)) {
    let secret = false;
    const out: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(value)) {
      const inner = unwrapDeep(item);
      secret ||= inner.secret;
      out[key] = inner.value;
    }
    return { value: out, secret };
  }
  return { value, secret: false };
}

/** Plain properties plus the top-level keys that held a secret (as the host and provider expect them). */
export function unwrapProps(props: WirePropertyMap): { plain: WirePropertyMap; secretKeys: string[] } {
  const plain: WirePropertyMap = {};
  const secretKeys: string[] = [];
  for (const [key, raw] of Object.entries(props)) {
    const { value, secret } = unwrapDeep(raw);
    plain[key] = value;
    if (secret) secretKeys.push(key);
  }
  return { plain, secretKeys };
}

/** The inverse: wraps the values of `secretKeys` (what the program sees as secret Outputs). */
export function wrapProps(plain: WirePropertyMap, secretKeys: readonly string[]): WirePropertyMap {
  const out: WirePropertyMap = {};
  for (const [key, value] of Object.entries(plain)) out[key] = secretKeys.includes(key) ? wrapSecret(value) : value;
  return out;
}

/**
 * Converts what came out of JSON/protobuf (undefined members dropped) into Json. The SDK's
 * mocks hand an input that is another resource's unknown output (a create's id in preview)
 * over as its Unknown object: on the wire, as under the real engine, it is the unknown sentinel.
 */
export function toJson(value: unknown): Json {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_key, item: unknown) => (isUnknown(item) ? UNKNOWN : item))) as Json;
}

export function toProps(value: unknown): WirePropertyMap {
  const json = toJson(value ?? {});
  if (!isObject(json)) throw new Error(`expected an object of properties, got ${typeof value}`);
  return json;
}

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!deepEqual(a[key], b[key])) return false;
    return true;
  }
  return false;
}

/** Top-level keys whose values differ (`__provider` left out: it is code, not configuration). */
export function changedKeys(olds: WirePropertyMap, news: WirePropertyMap): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  keys.delete(PROVIDER_KEY);
  return [...keys].filter((key) => !deepEqual(olds[key], news[key])).sort();
}

/**
 * Properties the host needs to find the provider: outputs stored without `__provider`
 * (partial failures) borrow the inputs' copy.
 */
export function withProvider(outputs: WirePropertyMap, inputs: WirePropertyMap): WirePropertyMap {
  return outputs[PROVIDER_KEY] === undefined && inputs[PROVIDER_KEY] !== undefined
    ? { ...outputs, [PROVIDER_KEY]: inputs[PROVIDER_KEY] }
    : outputs;
}
