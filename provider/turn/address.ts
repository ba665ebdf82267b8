import { isIP } from "node:net";
import type { TransportAddress } from "./stun";

/**
 * `HOST`, `HOST:PORT` or `[IPv6]:PORT` as an operator writes a TURN server's or a peer's
 * address. Without a port, `defaultPort`; with neither, an error naming what is missing.
 */
export function parseTransportAddress(text: string, defaultPort?: number): TransportAddress {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(text);
  const match = bracketed ?? plain ?? (isIP(text) === 6 ? [text, text] : undefined);
  const host = match?.[1];
  const portText = match?.[2];
  if (!host) throw new Error(`needs HOST${defaultPort ? "[:PORT]" : ":PORT"}, got ${JSON.stringify(text)}`);
  if (portText === undefined && defaultPort === undefined)
    throw new Error(`needs a port: HOST:PORT, got ${JSON.stringify(text)}`);
  const port = portText === undefined ? (defaultPort as number) : Number(portText);
  const lowest = defaultPort === undefined ? 0 : 1;
  if (!Number.isInteger(port) || port < lowest || port > 65535)
    throw new Error(`port must be from ${lowest} to 65535, got ${portText}`);
  return { address: host, port };
}
