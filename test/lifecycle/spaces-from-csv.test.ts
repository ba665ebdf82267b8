import * as fs from "node:fs";
import * as path from "node:path";
import { runCommand } from "../../lab/fake-engine";
import { readUsers } from "../../examples/spaces-from-csv/users";
import { ENGINE_TEST_TIMEOUT_MS, useEngineDevices } from "./engine-devices";
import { ROOT } from "./example-stack";

/**
 * examples/spaces-from-csv through the engine against the emulators, on the first 20 users of
 * its sample file (the lab applies all 1,000; docs/bench.md): per user a space, a host and a
 * guest access method and a member; the guest's profile needs activation (the lobby).
 */

const PROGRAM = path.join(ROOT, "dist", "examples", "spaces-from-csv", "index.js");
const SAMPLE = path.join(ROOT, "examples", "spaces-from-csv", "users.csv");
const ROWS = 20;

const engine = useEngineDevices("spaces-from-csv-");

test(
  "20 users become 20 spaces with a host and a guest access method and a member; re-apply sends nothing; destroy",
  async () => {
    const { devices, options } = engine();
    const stack = options("csv", PROGRAM, { rows: String(ROWS) });
    const cms = devices.cms;
    const users = readUsers(SAMPLE).slice(0, ROWS);

    const up = await runCommand("up", stack);
    expect(up.errors).toEqual([]);
    // Created in parallel: compared in sorted order.
    const sorted = (values: string[]) => [...values].sort();
    expect(sorted(cms.list("coSpaces").map((s) => s.fields.uri))).toEqual(sorted(users.map((u) => u.username)));
    const profiles = new Map(cms.list("callLegProfiles").map((p) => [p.fields.name, p]));
    expect(profiles.get("Guest")?.fields.needsActivation).toBe("true");
    expect(profiles.get("Host")?.fields.needsActivation).toBe("false");
    const methods = cms.list("accessMethods");
    expect(methods).toHaveLength(2 * ROWS);
    const first = users[0];
    const space = cms.list("coSpaces").find((s) => s.fields.uri === first.username);
    const guest = methods.find((m) => m.fields.uri === `${first.username}.guest`);
    expect(guest).toMatchObject({
      parent: space?.id,
      fields: { callId: `${first.callId}2`, passcode: first.guestPasscode, callLegProfile: profiles.get("Guest")?.id },
    });
    expect(methods.find((m) => m.fields.uri === `${first.username}.host`)?.fields).toMatchObject({
      callId: `${first.callId}1`,
      callLegProfile: profiles.get("Host")?.id,
    });
    expect(sorted(cms.list("coSpaceUsers").map((m) => m.fields.userJid))).toEqual(sorted(users.map((u) => u.jid)));
    // The guest passcodes are secrets: never in the state file in plaintext.
    const state = fs.readFileSync(stack.statePath, "utf8");
    expect(users.filter((u) => state.includes(JSON.stringify(u.guestPasscode)))).toEqual([]);

    cms.clearRequests();
    const again = await runCommand("up", stack);
    expect(again.errors).toEqual([]);
    expect(cms.requests).toEqual([]);

    const destroy = await runCommand("destroy", stack);
    expect(destroy.errors).toEqual([]);
    expect([cms.list("coSpaces"), cms.list("accessMethods"), cms.list("coSpaceUsers")]).toEqual([[], [], []]);
  },
  ENGINE_TEST_TIMEOUT_MS,
);
