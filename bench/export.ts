import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { quirksOf } from "../emulator/cms/quirks";
import type { Devices } from "../emulator/devices";
import type { EmulatorServer } from "../emulator/server";
import { runCli } from "../provider/cli";
import { envName } from "../provider/connection";
import { curlCreateSpaces } from "./curl-baseline";
import { benchSpace } from "./objects";

/**
 * `cisco-edge export` of N spaces (a CMS with nothing else): its time and requests against what
 * it cannot do without, the listing pages (N ÷ the device's page cap) and one read per space
 * (a list answer carries only name, uri, secondaryUri and callId, not passcode, layout or tag).
 */

export interface ExportFigures {
  readonly ms: number;
  readonly requests: Record<string, number>;
  readonly pages: number;
  readonly minimum: number;
}

export async function exportSpaces(
  lab: Devices & { devices: EmulatorServer[] },
  spaces: number,
): Promise<ExportFigures> {
  const cms = { url: lab.cms.url, username: lab.cms.username, password: lab.cms.password };
  await curlCreateSpaces(
    cms,
    Array.from({ length: spaces }, (_, n) => benchSpace(n)),
    6,
  );
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "cisco-edge-bench-export-"));
  const env = {
    [envName("cms", "url")]: cms.url,
    [envName("cms", "username")]: cms.username,
    [envName("cms", "password")]: cms.password,
  };
  for (const device of lab.devices) device.clearRequests();
  const started = process.hrtime.bigint();
  const code = await runCli(["export", "--out", path.join(out, "edge"), "--only", "CmsSpace"], {
    out: () => undefined,
    err: () => undefined,
    env,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  fs.rmSync(out, { recursive: true, force: true });
  if (code !== 0) throw new Error(`cisco-edge export exited ${code}`);
  const pages = Math.ceil(spaces / quirksOf("coSpaces").pageCap);
  return { ms, requests: lab.cms.countByMethod(), pages, minimum: pages + spaces };
}
