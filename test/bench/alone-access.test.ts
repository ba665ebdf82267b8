import * as fs from "node:fs";
import * as path from "node:path";
import { alonePlan, planMinimum } from "../../bench/alone-plans";
import { type AlonePhase, providerAlone } from "../../bench/provider-only";
import { type Devices, profileSettings, startDevices } from "../../emulator/devices";
import type { RecordedRequest } from "../../emulator/server";
import { RUNTIME_PATH } from "../../provider/resource";

/**
 * The provider-alone bench's "spaces with access methods" scenario (`npm run bench -- --only
 * alone-access`) at small sizes, through the same SDK dynamic-provider host: what it sends per
 * phase, request by request kind, and that 40 spaces cost exactly twice what 20 do (no request
 * grows faster than linearly with the objects).
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `GET coSpaces/:id/accessMethods?filter`: a request's method, its path with ids as `:id`, and whether filtered. */
function shape(request: RecordedRequest): string {
  const segments = request.path.replace(/^\/api\/v1\//, "").split("/");
  const pattern = segments.map((segment) => (GUID.test(segment) ? ":id" : segment)).join("/");
  const filtered = new URLSearchParams(request.query).has("filter") ? "?filter" : "";
  return `${request.method} ${pattern}${filtered}`;
}

function counted(requests: readonly RecordedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) counts[shape(request)] = (counts[shape(request)] ?? 0) + 1;
  return counts;
}

/** Runs the scenario at `spaces` and answers what the CMS received in each phase. */
async function requestsPerPhase(devices: Devices, spaces: number): Promise<Map<AlonePhase, Record<string, number>>> {
  const config = Object.fromEntries(profileSettings(devices.byProfile).map((s) => [s.key, s.value]));
  const phases = new Map<AlonePhase, Record<string, number>>();
  await providerAlone(config, alonePlan("spaces with access methods", spaces), async (phase, work) => {
    devices.cms.clearRequests();
    await work();
    phases.set(phase, counted(devices.cms.requests));
  });
  return phases;
}

/** What the scenario sends for `n` spaces (each with its host and guest access method) and the two profiles. */
function expected(n: number): Record<AlonePhase, Record<string, number>> {
  return {
    create: {
      // Once per device and run: what check learns of the device, which the release check reuses.
      "GET system/status": 1,
      // A call leg profile is a kind the CMS takes duplicates of: looked up by name, then the run's listing.
      "GET callLegProfiles?filter": 2,
      "GET callLegProfiles": 1,
      "POST callLegProfiles": 2,
      "POST coSpaces": n,
      // An access method is looked up by uri, then by callId, in its space; the space's listing is read once.
      "GET coSpaces/:id/accessMethods?filter": 4 * n,
      "GET coSpaces/:id/accessMethods": n,
      "POST coSpaces/:id/accessMethods": 2 * n,
    },
    "no-op re-apply": {},
    refresh: { "GET callLegProfiles/:id": 2, "GET coSpaces/:id": n, "GET coSpaces/:id/accessMethods/:id": 2 * n },
    destroy: {
      "DELETE callLegProfiles/:id": 2,
      "DELETE coSpaces/:id": n,
      "DELETE coSpaces/:id/accessMethods/:id": 2 * n,
    },
  };
}

let devices: Devices;

beforeAll(async () => {
  if (!fs.existsSync(RUNTIME_PATH))
    throw new Error(`${path.relative(process.cwd(), RUNTIME_PATH)} is missing: run \`npx tsc -p tsconfig.json\` first`);
  devices = await startDevices();
});

afterAll(() => devices?.close());

test("20 spaces with access methods: POSTs, look-up GETs, none on a no-op, 1 per object after", async () => {
  const phases = await requestsPerPhase(devices, 20);
  expect(Object.fromEntries(phases)).toEqual(expected(20));
  // The writes are the bench's minimum, plus the look-up GET it counts for each kind the CMS takes duplicates of.
  const minimum = planMinimum(alonePlan("spaces with access methods", 20));
  expect(minimum).toEqual({ create: 2 * 2 + 20 + 40 * 2, refresh: 62, destroy: 62 });
  expect(devices.cms.list("coSpaces")).toHaveLength(0);
  expect(devices.cms.list("callLegProfiles")).toHaveLength(0);
});

test("40 spaces: the same requests per space as 20, nothing grows faster than linearly", async () => {
  const at40 = await requestsPerPhase(devices, 40);
  expect(Object.fromEntries(at40)).toEqual(expected(40));
});
