import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { closeAllConnections } from "../../provider/device/http";
import { provider, useTestDevices } from "../support/test-devices";

/**
 * Defect 2 of issue 11: only the device's own "does not exist" means gone. A 404 from
 * anything else (a proxy, a wrong port, a maintenance page) must not make refresh drop a
 * live object from state or destroy report success without deleting.
 */

const devices = useTestDevices({ extraConfig: { "cms:maxRetries": "0", "expresswayC:maxRetries": "0" } });
let foreign: Server;
let foreignUrl: string;

beforeAll(async () => {
  // A web server that is not the device API: every path is an HTML "Not Found" page.
  foreign = createServer((_request, response) => {
    response.writeHead(404, { "content-type": "text/html" });
    response.end("<html><body><h1>404 Not Found</h1><p>The requested URL does not exist.</p></body></html>");
  });
  await new Promise<void>((resolve) => foreign.listen(0, "127.0.0.1", resolve));
  foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => foreign.close(() => resolve()));
});
afterEach(async () => {
  devices().cms.reset();
  devices().expC.reset();
  await closeAllConnections();
});

const space = { name: "Live room", uri: "liveroom", callId: "100777" };
const domain = { name: "live.octavio.local" };

async function created(resource: string, declared: Record<string, string>) {
  const p = provider(resource);
  const result = await p.create((await p.check({}, declared)).inputs);
  // State recorded a URL that now answers with somebody else's 404 page.
  return { p, id: result.id, outs: { ...result.outs, deviceUrl: foreignUrl } };
}

describe("a 404 that is not the device's own 'does not exist' is an error, never 'gone'", () => {
  test("CMS read: refresh keeps the object and names the device and URL", async () => {
    const { p, id, outs } = await created("CmsSpace", space);
    await expect(p.read(id, outs)).rejects.toThrow(
      new RegExp(`answered HTTP 404 while trying to read space at ${foreignUrl}/api/v1/coSpaces/${id}`),
    );
  });

  test("CMS delete: destroy fails instead of reporting success without deleting", async () => {
    const { p, id, outs } = await created("CmsSpace", space);
    await expect(p.delete(id, outs)).rejects.toThrow(/HTTP 404 while trying to delete space/);
    expect(devices().cms.list("coSpaces")).toHaveLength(1);
  });

  test("Expressway read by name: a 404 page is not an unknown name", async () => {
    const { p, id, outs } = await created("ExpresswayDomain", domain);
    await expect(p.read(id, outs)).rejects.toThrow(
      new RegExp(`answered HTTP 404 for ${foreignUrl}/api/provisioning/common/domain/name/live\\.octavio\\.local`),
    );
  });

  test("Expressway delete: a 404 page is not 'already gone'", async () => {
    const { p, id, outs } = await created("ExpresswayDomain", domain);
    await expect(p.delete(id, outs)).rejects.toThrow(/HTTP 404/);
    expect(devices().expC.list("common/domain")).toHaveLength(1);
  });

  test("a passing 404 page (a proxy or maintenance page in the way) is retried like a refusal", async () => {
    devices().config.set("cms:maxRetries", "2");
    try {
      const p = provider("CmsSpace");
      const result = await p.create((await p.check({}, space)).inputs);
      devices().cms.faults.set({ rules: [{ kind: "foreign404", methods: ["GET"], count: 1 }] });
      devices().cms.clearRequests();
      expect((await p.read(result.id, result.outs)).props?.name).toBe(space.name);
      expect(devices().cms.requests.map((r) => r.outcome)).toEqual([404, 200]);
    } finally {
      devices().cms.faults.clear();
      devices().config.set("cms:maxRetries", "0");
    }
  });

  test("the device's own answers still mean gone: CMS ...DoesNotExist, Expressway empty list", async () => {
    for (const [resource, declared] of [
      ["CmsSpace", space],
      ["ExpresswayDomain", domain],
    ] as const) {
      const p = provider(resource);
      const result = await p.create((await p.check({}, declared)).inputs);
      await p.delete(result.id, result.outs);
      expect(await p.read(result.id, result.outs)).toEqual({});
      await expect(p.delete(result.id, result.outs)).resolves.toBeUndefined();
    }
  });
});
