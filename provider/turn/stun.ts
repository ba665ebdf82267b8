import { createHash, createHmac } from "node:crypto";
import { isIP } from "node:net";

/**
 * The STUN message codec TURN over TCP needs (RFC 5389 §6, §15; RFC 5766 §14; RFC 6062 §6):
 * a 20-byte header (type, length, magic cookie, 12-byte transaction id), then attributes,
 * each padded to 4 bytes. MESSAGE-INTEGRITY is an HMAC-SHA1 over the message up to that
 * attribute, with the header length already counting it; FINGERPRINT a CRC-32 XOR 0x5354554e
 * over everything before it, the length counting it.
 */

export const MAGIC_COOKIE = 0x2112a442;
export const HEADER_BYTES = 20;

export const METHOD = {
  binding: 0x001,
  allocate: 0x003,
  refresh: 0x004,
  createPermission: 0x008,
  connect: 0x00a,
  connectionBind: 0x00b,
  connectionAttempt: 0x00c,
} as const;

export const CLASS = { request: 0, indication: 1, success: 2, error: 3 } as const;
export type StunClass = (typeof CLASS)[keyof typeof CLASS];

export const ATTR = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  lifetime: 0x000d,
  xorPeerAddress: 0x0012,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayedAddress: 0x0016,
  requestedTransport: 0x0019,
  xorMappedAddress: 0x0020,
  connectionId: 0x002a,
  software: 0x8022,
  alternateServer: 0x8023,
  fingerprint: 0x8028,
} as const;

/** REQUESTED-TRANSPORT protocol numbers (IANA): TCP 6, UDP 17. */
export const TRANSPORT = { tcp: 6, udp: 17 } as const;

export interface StunAttribute {
  readonly type: number;
  readonly value: Buffer;
}

export interface StunMessage {
  readonly method: number;
  readonly cls: StunClass;
  readonly transactionId: Buffer;
  readonly attributes: readonly StunAttribute[];
}

/** A decoded message and the bytes it came from (integrity and fingerprint are checked on those). */
export interface ReceivedMessage extends StunMessage {
  readonly raw: Buffer;
}

export interface TransportAddress {
  readonly address: string;
  readonly port: number;
}

export class StunFormatError extends Error {}

/** Type field: method bits M0-M11 interleaved with class bits C0 (bit 4) and C1 (bit 8). */
export function messageType(method: number, cls: StunClass): number {
  return (method & 0x000f) | ((method & 0x0070) << 1) | ((method & 0x0f80) << 2) | ((cls & 1) << 4) | ((cls & 2) << 7);
}

function splitType(type: number): { method: number; cls: StunClass } {
  const method = (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
  const cls = (((type >> 4) & 1) | ((type >> 7) & 2)) as StunClass;
  return { method, cls };
}

const padded = (length: number) => (length + 3) & ~3;

function attributeBytes(type: number, value: Buffer): Buffer {
  const out = Buffer.alloc(4 + padded(value.length));
  out.writeUInt16BE(type, 0);
  out.writeUInt16BE(value.length, 2);
  value.copy(out, 4);
  return out;
}

function header(message: Pick<StunMessage, "method" | "cls" | "transactionId">, length: number): Buffer {
  if (message.transactionId.length !== 12) throw new StunFormatError("a transaction id has 12 bytes");
  const out = Buffer.alloc(HEADER_BYTES);
  out.writeUInt16BE(messageType(message.method, message.cls), 0);
  out.writeUInt16BE(length, 2);
  out.writeUInt32BE(MAGIC_COOKIE, 4);
  message.transactionId.copy(out, 8);
  return out;
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const fingerprintOf = (bytes: Buffer) => (crc32(bytes) ^ 0x5354554e) >>> 0;

export interface EncodeOptions {
  /** Adds MESSAGE-INTEGRITY keyed with this (longTermKey for TURN). */
  readonly integrityKey?: Buffer;
  /** Adds FINGERPRINT last. */
  readonly fingerprint?: boolean;
}

export function encode(message: StunMessage, options: EncodeOptions = {}): Buffer {
  let body = Buffer.concat(message.attributes.map((a) => attributeBytes(a.type, a.value)));
  if (options.integrityKey) {
    const signed = Buffer.concat([header(message, body.length + 24), body]);
    const hmac = createHmac("sha1", options.integrityKey).update(signed).digest();
    body = Buffer.concat([body, attributeBytes(ATTR.messageIntegrity, hmac)]);
  }
  if (options.fingerprint) {
    const covered = Buffer.concat([header(message, body.length + 8), body]);
    const value = Buffer.alloc(4);
    value.writeUInt32BE(fingerprintOf(covered), 0);
    body = Buffer.concat([body, attributeBytes(ATTR.fingerprint, value)]);
  }
  return Buffer.concat([header(message, body.length), body]);
}

/** Length of the whole message at the start of `bytes`, once its header is there (STUN over TCP framing). */
export function messageLength(bytes: Buffer): number | undefined {
  return bytes.length < HEADER_BYTES ? undefined : HEADER_BYTES + bytes.readUInt16BE(2);
}

export function decode(raw: Buffer): ReceivedMessage {
  if (raw.length < HEADER_BYTES) throw new StunFormatError(`a STUN message has at least 20 bytes, got ${raw.length}`);
  const type = raw.readUInt16BE(0);
  if (type & 0xc000) throw new StunFormatError(`not a STUN message: the first two bits are set (0x${hex4(type)})`);
  if (raw.readUInt32BE(4) !== MAGIC_COOKIE)
    throw new StunFormatError(`not a STUN message: magic cookie 0x${raw.readUInt32BE(4).toString(16)}`);
  const length = raw.readUInt16BE(2);
  if (length % 4 !== 0 || HEADER_BYTES + length !== raw.length)
    throw new StunFormatError(`STUN length ${length} does not match the ${raw.length - HEADER_BYTES} bytes after it`);
  const attributes: StunAttribute[] = [];
  for (let at = HEADER_BYTES; at < raw.length; ) {
    if (at + 4 > raw.length) throw new StunFormatError("an attribute header runs past the message");
    const attrType = raw.readUInt16BE(at);
    const attrLength = raw.readUInt16BE(at + 2);
    if (at + 4 + attrLength > raw.length) throw new StunFormatError(`attribute 0x${hex4(attrType)} runs past the end`);
    attributes.push({ type: attrType, value: raw.subarray(at + 4, at + 4 + attrLength) });
    at += 4 + padded(attrLength);
  }
  return { ...splitType(type), transactionId: raw.subarray(8, 20), attributes, raw };
}

const hex4 = (n: number) => n.toString(16).padStart(4, "0");

/** Offset of the first attribute of `type` in raw bytes, or undefined. */
function attributeOffset(raw: Buffer, type: number): number | undefined {
  for (let at = HEADER_BYTES; at + 4 <= raw.length; at += 4 + padded(raw.readUInt16BE(at + 2)))
    if (raw.readUInt16BE(at) === type) return at;
  return undefined;
}

/**
 * MESSAGE-INTEGRITY of received bytes: true or false, undefined when it has none. The HMAC
 * covers the bytes before the attribute, with the header length rewritten to end just after it.
 */
export function verifyIntegrity(raw: Buffer, key: Buffer): boolean | undefined {
  const at = attributeOffset(raw, ATTR.messageIntegrity);
  if (at === undefined || at + 24 > raw.length) return undefined;
  const signed = Buffer.from(raw.subarray(0, at));
  signed.writeUInt16BE(at + 24 - HEADER_BYTES, 2);
  const expected = createHmac("sha1", key).update(signed).digest();
  return expected.equals(raw.subarray(at + 4, at + 24));
}

/** FINGERPRINT of received bytes: true or false, undefined when it has none. */
export function verifyFingerprint(raw: Buffer): boolean | undefined {
  const at = attributeOffset(raw, ATTR.fingerprint);
  if (at === undefined || at + 8 > raw.length) return undefined;
  const covered = Buffer.from(raw.subarray(0, at));
  covered.writeUInt16BE(at + 8 - HEADER_BYTES, 2);
  return fingerprintOf(covered) === raw.readUInt32BE(at + 4);
}

/** The long-term credential key: MD5(username ":" realm ":" password) (RFC 5389 §15.4; SASLprep not applied). */
export function longTermKey(username: string, realm: string, password: string): Buffer {
  return createHash("md5").update(`${username}:${realm}:${password}`, "utf8").digest();
}

export function attributeOf(message: StunMessage, type: number): Buffer | undefined {
  return message.attributes.find((a) => a.type === type)?.value;
}

export const text = (value: string): Buffer => Buffer.from(value, "utf8");
export const textOf = (message: StunMessage, type: number): string | undefined =>
  attributeOf(message, type)?.toString("utf8");

export function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out;
}

export function u32Of(message: StunMessage, type: number): number | undefined {
  const value = attributeOf(message, type);
  return value && value.length >= 4 ? value.readUInt32BE(0) : undefined;
}

/** REQUESTED-TRANSPORT: the protocol number, then three reserved bytes. */
export const requestedTransport = (protocol: number): Buffer => Buffer.from([protocol, 0, 0, 0]);

/**
 * An XOR-…-ADDRESS value: family, port XOR the cookie's top 16 bits, address XOR the cookie
 * (IPv6: XOR the cookie and the transaction id).
 */
export function xorAddress(address: TransportAddress, transactionId: Buffer): Buffer {
  const out = plainAddress(address);
  const mask = Buffer.concat([u32(MAGIC_COOKIE), transactionId]);
  out.writeUInt16BE(address.port ^ (MAGIC_COOKIE >>> 16), 2);
  for (let i = 4; i < out.length; i++) out[i] ^= mask[i - 4];
  return out;
}

export function xorAddressOf(message: StunMessage, type: number): TransportAddress | undefined {
  const value = attributeOf(message, type);
  if (!value || value.length < 8) return undefined;
  const family = value.readUInt8(1);
  const length = family === 1 ? 4 : family === 2 ? 16 : 0;
  if (length === 0 || value.length < 4 + length) return undefined;
  const mask = Buffer.concat([u32(MAGIC_COOKIE), message.transactionId]);
  const ip = Buffer.alloc(length);
  for (let i = 0; i < length; i++) ip[i] = value[4 + i] ^ mask[i];
  const port = value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16);
  return { address: family === 1 ? [...ip].join(".") : ipv6Text(ip), port };
}

/** A plain (not XORed) address attribute, as ALTERNATE-SERVER carries. */
export function plainAddressOf(message: StunMessage, type: number): TransportAddress | undefined {
  const value = attributeOf(message, type);
  if (!value || value.length < 8) return undefined;
  const family = value.readUInt8(1);
  if (family === 1) return { address: [...value.subarray(4, 8)].join("."), port: value.readUInt16BE(2) };
  if (family === 2 && value.length >= 20)
    return { address: ipv6Text(value.subarray(4, 20)), port: value.readUInt16BE(2) };
  return undefined;
}

export function plainAddress(address: TransportAddress): Buffer {
  const family = isIP(address.address);
  if (family === 0) throw new StunFormatError(`not an IP address: ${address.address}`);
  const ip = family === 4 ? Buffer.from(address.address.split(".").map(Number)) : ipv6Bytes(address.address);
  const out = Buffer.alloc(4 + ip.length);
  out.writeUInt8(family === 4 ? 1 : 2, 1);
  out.writeUInt16BE(address.port, 2);
  ip.copy(out, 4);
  return out;
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail] = address.split("::");
  const groups = (part: string | undefined) => (part ? part.split(":").filter((g) => g !== "") : []);
  const left = groups(head);
  const right = groups(tail);
  const all = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  const out = Buffer.alloc(16);
  for (const [i, group] of all.entries()) out.writeUInt16BE(Number.parseInt(group, 16), i * 2);
  return out;
}

function ipv6Text(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups.join(":");
}

export interface StunError {
  readonly code: number;
  readonly reason: string;
}

/** ERROR-CODE: two reserved bytes, class (hundreds), number, then a UTF-8 reason. */
export function errorCode(code: number, reason: string): Buffer {
  return Buffer.concat([Buffer.from([0, 0, Math.floor(code / 100), code % 100]), text(reason)]);
}

export function errorOf(message: StunMessage): StunError | undefined {
  const value = attributeOf(message, ATTR.errorCode);
  if (!value || value.length < 4) return undefined;
  // Some servers pad the reason to the attribute boundary with spaces or NULs (coturn does).
  return {
    code: (value[2] & 0x07) * 100 + value[3],
    reason: value
      .subarray(4)
      .toString("utf8")
      .replace(/[\s\0]+$/, ""),
  };
}

export const METHOD_NAMES: Readonly<Record<number, string>> = {
  [METHOD.binding]: "Binding",
  [METHOD.allocate]: "Allocate",
  [METHOD.refresh]: "Refresh",
  [METHOD.createPermission]: "CreatePermission",
  [METHOD.connect]: "Connect",
  [METHOD.connectionBind]: "ConnectionBind",
  [METHOD.connectionAttempt]: "ConnectionAttempt",
};

/** As a packet capture names it: "Allocate Success Response", "ConnectionAttempt Indication". */
export function messageName(message: Pick<StunMessage, "method" | "cls">): string {
  const method = METHOD_NAMES[message.method] ?? `Method 0x${message.method.toString(16)}`;
  const cls = ["Request", "Indication", "Success Response", "Error Response"][message.cls];
  return `${method} ${cls}`;
}

/**
 * Splits a TCP byte stream into STUN messages. `take` hands back whatever follows the
 * messages read so far, for a connection that turns into a raw pipe after ConnectionBind.
 */
export class StunStream {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): ReceivedMessage[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const out: ReceivedMessage[] = [];
    for (;;) {
      const length = messageLength(this.pending);
      if (length === undefined || this.pending.length < length) return out;
      out.push(decode(Buffer.from(this.pending.subarray(0, length))));
      this.pending = this.pending.subarray(length);
    }
  }

  take(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest;
  }
}
