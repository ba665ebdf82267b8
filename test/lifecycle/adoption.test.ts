import { runCommand } from "../../lab/fake-engine";
import type { RunResult } from "../../lab/fake-engine/report";
import { cmsCall, cmsCreate, expresswayCall } from "../emulator/client";
import { ENGINE_TEST_TIMEOUT_MS, useEngineDevices } from "./engine-devices";
import { CREDENTIALS, XMPP, clearRequests, writes } from "./example-stack";

/**
 * Issue 21: adoption writes nothing it cannot compare. A TURN server, a TURN user and the XMPP
 * settings are seeded on the emulators through their REST APIs, with secrets the program does
 * not know; programs that declare them with `adopt` run through the generated classes in the
 * engine. `adopt: true` sends no write at all (the declared secrets are not written, and the
 * adoption line says so) and the next preview shows no change; `adopt: "andWriteSecrets"` writes
 * exactly those secrets, at the adopting `up` or a later one; a changed secret is then one update.
 */

const lab = useEngineDevices("fake-engine-adoption-");

const DEVICE_PASSWORD = "Working-turn-pw";
const DEVICE_SECRET = "Working-xmpp-secret";
const TURN = { serverAddress: "172.16.85.168", clientAddress: "10.88.246.156", username: "turnuser" };

/** The three objects as an operator left them (on emptied devices), made with plain REST requests. */
async function seed(): Promise<void> {
  const { devices } = lab();
  for (const device of [devices.cms, devices.expC, devices.expE]) device.reset();
  const turn = { ...TURN, password: DEVICE_PASSWORD, type: "standard" };
  await cmsCreate(devices.cms, "turnServers", turn);
  const xmpp = await cmsCall(devices.cms, "PUT", `/api/v1/${XMPP}`, {
    uniqueName: "cb1",
    domain: "cms.octavio.local",
    sharedSecret: DEVICE_SECRET,
  });
  expect(xmpp.status).toBe(200);
  const credential = { Name: "turnuser", Password: DEVICE_PASSWORD };
  const user = await expresswayCall(devices.expE, "POST", CREDENTIALS, credential);
  expect(user.status).toBeLessThan(300);
}

/** A program declaring the seeded objects with `adopt` and these secrets. */
function program(
  name: string,
  adopt: true | "andWriteSecrets",
  password: string,
  secret: string,
  turnExtra: Record<string, number> = {},
): string {
  const options = JSON.stringify({ adopt });
  return lab().program(
    name,
    ["CmsTurnServer", "CmsXmppSettings", "ExpresswayCredential"],
    `new CmsTurnServer("turn", { ...${JSON.stringify({ ...TURN, ...turnExtra })}, type: "standard", ` +
      `password: ${JSON.stringify(password)}, ...${options} });\n` +
      `new CmsXmppSettings("xmpp", { uniqueName: "cb1", domain: "cms.octavio.local", ` +
      `sharedSecret: ${JSON.stringify(secret)}, ...${options} });\n` +
      `new ExpresswayCredential("turn-user", { name: "turnuser", ` +
      `password: ${JSON.stringify(password)}, ...${options} });`,
  );
}

/** The secrets as the emulators hold them. */
function deviceSecrets() {
  const { devices } = lab();
  return {
    turn: devices.cms.list("turnServers").map((t) => t.fields.password),
    xmpp: devices.cms.list(XMPP).map((x) => x.fields.sharedSecret),
    user: devices.expE.list(CREDENTIALS).map((u) => u.Password),
  };
}

/** The writes since the last clear, as `METHOD path body`. */
function writesSent(): string[] {
  return writes(lab().devices).map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, "<id>")} ${r.body}`);
}

async function run(command: RunResult["command"], stack: string, file: string, printed: string[] = []) {
  const result = await runCommand(command, { ...lab().options(stack, file), print: (line) => printed.push(line) });
  expect(result.errors).toEqual([]);
  expect(result.ok).toBe(true);
  return result;
}

const changedSteps = (result: RunResult) => result.steps.filter((s) => s.action !== "same").map((s) => s.name);

test(
  "adopt: true writes nothing and names the secrets it left; asking writes exactly them; a changed one is one update",
  async () => {
    await seed();
    clearRequests(lab().devices);
    const printed: string[] = [];
    const declared = "Declared-turn-pw";
    const adopted = await run("up", "adopt", program("adopt", true, declared, "Declared-xmpp"), printed);
    expect(adopted.steps.map((s) => `${s.name} ${s.action}`).sort()).toEqual([
      "turn adopt",
      "turn-user adopt",
      "xmpp adopt",
    ]);
    expect(writesSent()).toEqual([]);
    expect(deviceSecrets()).toEqual({ turn: [DEVICE_PASSWORD], xmpp: [DEVICE_SECRET], user: [DEVICE_PASSWORD] });
    const text = printed.join("\n");
    expect(text).toMatch(/adopted CmsTurnServer "[^"]+" on \S+: nothing written; password not written/);
    expect(text).toMatch(/adopted CmsXmppSettings on \S+: nothing written; sharedSecret not written/);
    expect(text).toContain('`adopt: "andWriteSecrets"` writes it');
    for (const secret of [declared, DEVICE_PASSWORD]) expect(text).not.toContain(secret);

    // The program declares what the device has: nothing to change, nothing sent but reads.
    clearRequests(lab().devices);
    expect(changedSteps(await run("preview", "adopt", program("adopt", true, declared, "Declared-xmpp")))).toEqual([]);
    expect(changedSteps(await run("up", "adopt", program("adopt", true, declared, "Declared-xmpp")))).toEqual([]);
    expect(writesSent()).toEqual([]);

    // An update of a readable value sends only it: the secrets stay unwritten, and named.
    const port = { tcpPortNumberOverride: 3479 };
    expect(changedSteps(await run("up", "adopt", program("port", true, declared, "Declared-xmpp", port)))).toEqual([
      "turn",
    ]);
    expect(writesSent()).toEqual(["PUT /api/v1/turnServers/<id> tcpPortNumberOverride=3479"]);
    clearRequests(lab().devices);

    // Asked afterwards: exactly the secrets adoption left are written, once.
    const asked = program("asked", "andWriteSecrets", declared, "Declared-xmpp", port);
    expect(changedSteps(await run("up", "adopt", asked)).sort()).toEqual(["turn", "turn-user", "xmpp"]);
    expect(writesSent().sort()).toEqual([
      `PUT /api/provisioning/common/credential ${JSON.stringify({ Name: "turnuser", New_Password: declared })}`,
      `PUT /api/v1/${XMPP} sharedSecret=Declared-xmpp`,
      `PUT /api/v1/turnServers/<id> password=${declared}`,
    ]);
    expect(deviceSecrets()).toEqual({ turn: [declared], xmpp: ["Declared-xmpp"], user: [declared] });
    clearRequests(lab().devices);
    expect(changedSteps(await run("up", "adopt", asked))).toEqual([]);
    expect(writesSent()).toEqual([]);

    // A changed secret afterwards: one update that sends it.
    const changed = program("changed", true, "Changed-turn-pw", "Declared-xmpp", port);
    expect(changedSteps(await run("up", "adopt", changed)).sort()).toEqual(["turn", "turn-user"]);
    expect(writesSent().sort()).toEqual([
      "PUT /api/provisioning/common/credential " +
        JSON.stringify({ Name: "turnuser", New_Password: "Changed-turn-pw" }),
      "PUT /api/v1/turnServers/<id> password=Changed-turn-pw",
    ]);
    expect(deviceSecrets()).toEqual({ turn: ["Changed-turn-pw"], xmpp: ["Declared-xmpp"], user: ["Changed-turn-pw"] });

    // Destroy deletes the adopted objects; the XMPP settings keep the secret the stack wrote (not restorable).
    await run("destroy", "adopt", changed);
  },
  ENGINE_TEST_TIMEOUT_MS,
);

test(
  'adopt: "andWriteSecrets" at the adopting up writes exactly the secrets',
  async () => {
    await seed();
    clearRequests(lab().devices);
    const printed: string[] = [];
    await run("up", "asked", program("asked-first", "andWriteSecrets", "First-turn-pw", "First-xmpp"), printed);
    expect(writesSent().sort()).toEqual([
      `PUT /api/provisioning/common/credential ${JSON.stringify({ Name: "turnuser", New_Password: "First-turn-pw" })}`,
      `PUT /api/v1/${XMPP} sharedSecret=First-xmpp`,
      "PUT /api/v1/turnServers/<id> password=First-turn-pw",
    ]);
    expect(deviceSecrets()).toEqual({ turn: ["First-turn-pw"], xmpp: ["First-xmpp"], user: ["First-turn-pw"] });
    expect(printed.join("\n")).toMatch(/adopted CmsTurnServer "[^"]+" on \S+: wrote password/);
    await run("destroy", "asked", program("asked-first", "andWriteSecrets", "First-turn-pw", "First-xmpp"));
  },
  ENGINE_TEST_TIMEOUT_MS,
);
