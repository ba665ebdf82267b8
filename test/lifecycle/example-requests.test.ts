import * as path from "node:path";
import { dualDomainMinimum } from "../../bench/dual-minimum";
import { DUAL_DOMAIN_CONFIG, DUAL_DOMAIN_PROGRAM, GUIDE_RELEASES } from "../../bench/dual-stack";
import type { EmulatorServer } from "../../emulator/server";
import { runCommand } from "../../lab/fake-engine";
import { ENGINE_TEST_TIMEOUT_MS, useEngineDevices } from "./engine-devices";
import { ROOT } from "./example-stack";

/**
 * The dual-domain example's apply as `npm run bench -- --only dual` runs it (the guide's
 * releases, devices at their emulated defaults, `up --skip-preview`), counted request by
 * request, so the figure docs/bench.md and the README print is held here, and every GET
 * beyond bench/dual-minimum.ts's minimum is one this file names.
 */

jest.setTimeout(ENGINE_TEST_TIMEOUT_MS);

const lab = useEngineDevices("example-requests-", GUIDE_RELEASES);

const getLines = (device: EmulatorServer) =>
  device.requests
    .filter((r) => r.method === "GET")
    .map((r) => `GET ${r.path}${r.query ? `?${r.query}` : ""}`)
    .sort();

/** The GETs the minimum does not count, each needed for a reason docs/bench.md gives. */
const BEYOND_MINIMUM = [
  // A look-up whose filtered page is empty reads the whole collection once per run (the run's
  // listing): no Cisco document says which fields `filter` matches.
  "cms GET /api/v1/inboundDialPlanRules?offset=0",
  "cms GET /api/v1/webBridges?offset=0",
  "cms GET /api/v1/turnServers?offset=0",
  // DNS servers are re-read just before they are written: their positions are device indexes.
  "expC GET /api/provisioning/common/dns/dnsserver",
];

test("the dual-domain apply the bench counts: 36 requests (GET 18), each device's about-read once", async () => {
  const { devices, options } = lab();
  const run = options("bench-dual", path.join(ROOT, DUAL_DOMAIN_PROGRAM), DUAL_DOMAIN_CONFIG);
  const result = await runCommand("up", { ...run, skipPreview: true });
  expect(result.errors).toEqual([]);

  const { cms, expC, expE } = devices;
  // Preflight's read of each device (check: its credentials and release, before any write) is
  // also the one the release check of versioned fields reads: one per device, not two.
  expect(getLines(cms)).toEqual(
    [
      "GET /api/v1/system/status",
      "GET /api/v1/system/configuration/xmpp",
      "GET /api/v1/inboundDialPlanRules?filter=cms.octavio.local&offset=0",
      "GET /api/v1/inboundDialPlanRules?filter=octavio.com&offset=0",
      "GET /api/v1/inboundDialPlanRules?offset=0",
      "GET /api/v1/webBridges?filter=https%3A%2F%2Fcmsweb.octavio.local&offset=0",
      "GET /api/v1/webBridges?offset=0",
      "GET /api/v1/turnServers?filter=172.16.85.168&offset=0",
      "GET /api/v1/turnServers?offset=0",
    ].sort(),
  );
  expect(getLines(expC)).toEqual(
    [
      "GET /api/provisioning/sysinfo",
      "GET /api/provisioning/common/mra",
      "GET /api/provisioning/common/dns/dns",
      "GET /api/provisioning/common/dns/dnsserver",
      "GET /api/provisioning/common/dns/dnsserver",
    ].sort(),
  );
  expect(getLines(expE)).toEqual(
    [
      "GET /api/provisioning/sysinfo",
      "GET /api/provisioning/common/mra",
      "GET /api/provisioning/common/dns/dns",
      "GET /api/provisioning/edge/traversal/turn",
    ].sort(),
  );
  expect([cms.countByMethod(), expC.countByMethod(), expE.countByMethod()]).toEqual([
    { GET: 9, POST: 5, PUT: 1 },
    { GET: 5, POST: 4, PUT: 2 },
    { GET: 4, POST: 3, PUT: 3 },
  ]);
  const named = Object.entries({ cms, expC, expE }).flatMap(([name, device]) =>
    getLines(device).map((l) => `${name} ${l}`),
  );
  expect(named).toEqual(expect.arrayContaining(BEYOND_MINIMUM));
  const sent = cms.requests.length + expC.requests.length + expE.requests.length;
  expect(sent).toBe(36);
  expect(sent).toBe(dualDomainMinimum.apply + BEYOND_MINIMUM.length);
});
