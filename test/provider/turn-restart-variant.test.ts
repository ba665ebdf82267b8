import { deviceProfilesFrom } from "../../provider/connection";
import { AWAITING_RESTART } from "../../provider/lifecycle/restart";
import { getExpresswayTurnStatus } from "../../provider/status";
import { expresswayCall } from "../emulator/client";
import { provider, useTestDevices } from "../support/test-devices";
import { usePrintedLines } from "../support/printed-lines";

/**
 * Issue 18 item 4 on the unconfirmed variant turn-get-in-effect: a device whose TURN settings
 * GET answers the values in effect, so a held change reads as not made. The provider still
 * never leaves it unsaid: refresh shows it as drift, the next preview names it as held again,
 * and a restart the stack allows settles it.
 */

const devices = useTestDevices({ unconfirmed: ["turn-get-in-effect"] });
const PATH = "edge/traversal/turn";
const printed = usePrintedLines();

const settings = () => deviceProfilesFrom({ get: (key) => devices().config.get(key) }).resolve("expresswayE");
const get = async () => (await expresswayCall(devices().expE, "GET", PATH)).body as Record<string, unknown>;

test("a held port reads back as the old one: drift on refresh, named in preview; restart settles it", async () => {
  const p = provider("ExpresswayTurn");
  const created = await p.create((await p.check({}, { services: true, requestsPort: 3478 })).inputs);
  const declared = { services: true, requestsPort: 3479 };
  const held = await p.update(PATH, created.outs, (await p.check(created.outs, declared)).inputs);
  expect(held.outs[AWAITING_RESTART]).toEqual(["requestsPort"]);
  expect(await get()).toMatchObject({ RequestsPort: 3478 });
  expect(devices().expE.list(PATH)[0]).toMatchObject({ RequestsPort: 3479 });

  const refreshed = await p.read(PATH, held.outs);
  expect(refreshed.props).toMatchObject({ requestsPort: 3478, [AWAITING_RESTART]: ["requestsPort"] });
  printed.clear();
  const news = (await p.check(refreshed.inputs ?? {}, declared)).inputs;
  expect((await p.diff(PATH, refreshed.props ?? {}, news)).changes).toBe(true);
  expect(printed.lines().join("\n")).toMatch(
    /^ExpresswayTurn: requestsPort take effect only when TURN services restart/,
  );

  const allowed = (await p.check(refreshed.inputs ?? {}, { ...declared, restartServicesOnChange: true })).inputs;
  const restarted = await p.update(PATH, refreshed.props ?? {}, allowed);
  expect(restarted.outs).not.toHaveProperty(AWAITING_RESTART);
  expect(await get()).toMatchObject({ RequestsPort: 3479 });
  expect((await getExpresswayTurnStatus(settings())).requestsPort).toBe(3479);
  expect((await p.read(PATH, restarted.outs)).props).toMatchObject({ requestsPort: 3479 });
});
