import { createServer, request as forward, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A proxy in front of a CMS emulator whose `?filter=` matches nothing (a device that filters on
 * other fields): look-ups must then find objects without the filter's help.
 */
export interface BlindFilter {
  readonly url: string;
  close(): Promise<void>;
}

export async function startBlindFilter(cmsUrl: string): Promise<BlindFilter> {
  const target = new URL(cmsUrl);
  const server: Server = createServer((incoming, answer) => {
    const url = new URL(incoming.url ?? "/", "http://proxy");
    if (incoming.method === "GET" && url.searchParams.has("filter")) {
      const collection = url.pathname.split("/").pop();
      answer.writeHead(200, { "content-type": "text/xml" });
      answer.end(`<?xml version="1.0"?><${collection} total="0"></${collection}>`);
      return;
    }
    const upstream = forward(
      {
        host: target.hostname,
        port: target.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (response) => {
        answer.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(answer);
      },
    );
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A blind-filter proxy in front of the suite's CMS emulator, started once for the file (or describe) that calls it. */
export function useBlindFilter(cmsUrl: () => string): () => BlindFilter {
  let proxy: BlindFilter | undefined;
  beforeAll(async () => {
    proxy = await startBlindFilter(cmsUrl());
  });
  afterAll(() => proxy?.close());
  return () => {
    if (!proxy) throw new Error("the blind-filter proxy is used outside its suite");
    return proxy;
  };
}
