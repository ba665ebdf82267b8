import { type EmulatorServer, startEmulatorServer } from "../../emulator/server";
import { deviceProfilesFrom } from "../../provider/connection";
import type { PropertyMap } from "../../provider/described-provider";
import { ExpresswaySettingsObjects } from "../../provider/device/expressway-settings";
import { expresswayTurn } from "../../provider/schema/expressway-settings";
import { provider, useTestDevices } from "../support/test-devices";

/** Expressway specifics: releases that answer a duplicate with 200, zone type changes, domain renames. */

const zone = {
  side: "client",
  name: "UT Zone",
  peerAddresses: ["vcse.octavio.com"],
  authenticationUsername: "Tuser",
  authenticationPassword: "zone-pw-1",
};

describe("a release that answers a duplicate create with 200 and an 'already exists' message", () => {
  const lab = useTestDevices({ duplicateAnswers200: true });

  test("the provider judges the body, refuses naming the existing object, and creates nothing", async () => {
    const p = provider("ExpresswayCredential");
    await p.create((await p.check({}, { name: "Tuser", password: "first-pw" })).inputs);
    lab().expE.clearRequests();
    const again = p.create((await p.check({}, { name: "Tuser", password: "second-pw" })).inputs);
    await expect(again).rejects.toThrow(
      new RegExp(
        'ExpresswayCredential: a local authentication database user with name "Tuser" already exists on ' +
          String.raw`http://127\.0\.0\.1:\d+ \(profile "expresswayE"\) as id "Tuser"\. Set ` +
          "`adopt: true`",
      ),
    );
    expect(lab().expE.requests.map((r) => `${r.method} ${r.outcome}`)).toEqual(["POST 200", "GET 200"]);
    expect(lab().expE.list("common/credential")).toEqual([{ Name: "Tuser", Password: "first-pw" }]);
  });

  test("adopt takes the object over; the declared password is written only with adopt: andWriteSecrets", async () => {
    const p = provider("ExpresswayCredential");
    const adopted = await p.create((await p.check({}, { name: "Tuser", password: "third-pw", adopt: true })).inputs);
    expect(adopted.id).toBe("Tuser");
    // A secret the device does not show cannot be compared, so adopt: true leaves it (docs/adoption.md).
    expect(lab().expE.list("common/credential")).toEqual([{ Name: "Tuser", Password: "first-pw" }]);
    const writing = { name: "Tuser", password: "third-pw", adopt: "andWriteSecrets" };
    await p.create((await p.check({}, writing)).inputs);
    expect(lab().expE.list("common/credential")).toEqual([{ Name: "Tuser", Password: "third-pw" }]);
  });

  test("a zone duplicate is caught the same way on the C side", async () => {
    const p = provider("ExpresswayZone");
    await p.create((await p.check({}, zone)).inputs);
    await expect(p.create((await p.check({}, zone)).inputs)).rejects.toThrow(
      /Unified Communications traversal zone with name "UT Zone" already exists .* as id "UT Zone"/,
    );
    expect(lab().expC.list("controller/zone/unifiedcommunicationstraversal")).toHaveLength(1);
  });
});

describe("a device that words 'not found' and 'already exists' otherwise (no capture shows its words)", () => {
  describe("answering 400", () => {
    const lab = useTestDevices({ unconfirmed: ["expressway-other-wording"] });

    test("a duplicate create is confirmed by the name look-up and refused as one, naming adopt", async () => {
      const p = provider("ExpresswayDomain");
      await p.create((await p.check({}, { name: "octavio.local" })).inputs);
      await expect(p.create((await p.check({}, { name: "octavio.local" })).inputs)).rejects.toThrow(
        /domain with name "octavio\.local" already exists .* Set `adopt: true`/,
      );
      expect(lab().expC.list("common/domain")).toHaveLength(1);
    });

    test("deleting what someone already deleted succeeds once the look-up no longer lists it", async () => {
      const p = provider("ExpresswayZone");
      const created = await p.create((await p.check({}, zone)).inputs);
      lab().expC.remove("controller/zone/unifiedcommunicationstraversal", "UT Zone");
      await p.delete(created.id, created.outs);
      expect(lab().expC.requests.at(-1)).toMatchObject({ method: "GET" });
    });

    test("a refusal that is not about a missing object still fails the delete", async () => {
      const p = provider("ExpresswayDomain");
      const created = await p.create((await p.check({}, { name: "octavio.com" })).inputs);
      lab().expC.faults.set({ rules: [{ kind: "refuse400", methods: ["DELETE"], count: 1 }] });
      await expect(p.delete(created.id, created.outs)).rejects.toThrow(
        /refused to delete domain "octavio\.com": Operation refused \(injected fault\)/,
      );
      expect(
        lab()
          .expC.list("common/domain")
          .map((d) => d.Name),
      ).toContain("octavio.com");
      lab().expC.faults.clear();
    });
  });

  describe("answering a duplicate with 200", () => {
    const lab = useTestDevices({ unconfirmed: ["expressway-other-wording"], duplicateAnswers200: true });

    test("a 200 without a success message is checked: other values on the device make it a duplicate", async () => {
      const p = provider("ExpresswayZone");
      await p.create((await p.check({}, zone)).inputs);
      await expect(p.create((await p.check({}, { ...zone, hopCount: 30 })).inputs)).rejects.toThrow(
        /traversal zone with name "UT Zone" already exists .* as id "UT Zone"\. Set `adopt: true`/,
      );
      expect(lab().expC.list("controller/zone/unifiedcommunicationstraversal")).toHaveLength(1);
    });
  });
});

describe("type changes replace, renames update in place", () => {
  const lab = useTestDevices();

  test("changing a zone's side replaces it on the other Expressway, create before delete", async () => {
    const p = provider("ExpresswayZone");
    const created = await p.create((await p.check({}, zone)).inputs);
    lab().clearRequests();
    const server = (
      await p.check(
        {},
        {
          side: "server",
          name: "UT Zone",
          authenticationUsername: "Tuser",
          tlsVerifySubjectName: "vcsc.octavio.local",
        },
      )
    ).inputs;
    const diff = await p.diff(created.id, created.outs, server);
    expect(diff.changes).toBe(true);
    expect(diff.replaces).toEqual(expect.arrayContaining(["side"]));
    // The new zone lives on the other device, so both can exist during the replacement.
    expect(diff.deleteBeforeReplace).toBe(false);
    // Only what preview reads before a planned write (the device it goes to, once): no write yet.
    expect(lab().expE.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/provisioning/sysinfo"]);
    expect(lab().requestCount()).toBe(1);
    const replacement = await p.create(server);
    await p.delete(created.id, created.outs);
    expect(
      lab()
        .expE.list("edge/zone/unifiedcommunicationstraversal")
        .map((z) => z.Name),
    ).toEqual(["UT Zone"]);
    expect(lab().expC.list("controller/zone/unifiedcommunicationstraversal")).toEqual([]);
    expect(replacement.outs.deviceUrl).toBe(lab().expE.url);
  });

  test("changing a domain's name replaces it; its toggles update in place", async () => {
    const p = provider("ExpresswayDomain");
    const created = await p.create((await p.check({}, { name: "octavio.local" })).inputs);
    const renamed = await p.diff(created.id, created.outs, (await p.check({}, { name: "Octavio.NET" })).inputs);
    expect(renamed).toMatchObject({ changes: true, replaces: ["name"], deleteBeforeReplace: false });
    const toggled = await p.diff(
      created.id,
      created.outs,
      (await p.check({}, { name: "octavio.local", edgeSip: true })).inputs,
    );
    expect(toggled).toMatchObject({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("renaming a credential keeps its id and sends New_Name in one PUT", async () => {
    const p = provider("ExpresswayCredential");
    const created = await p.create((await p.check({}, { name: "turnuser", password: "pw-a" })).inputs);
    const news = (await p.check({}, { name: "turnuser2", password: "pw-a" })).inputs;
    expect((await p.diff(created.id, created.outs, news)).replaces).toEqual([]);
    lab().clearRequests();
    const updated = await p.update(created.id, created.outs, news);
    expect(lab().expE.requests.map((r) => r.method)).toEqual(["PUT"]);
    expect(lab().expE.list("common/credential")).toEqual([{ Name: "turnuser2", Password: "pw-a" }]);
    const read = await p.read(created.id, updated.outs as PropertyMap);
    expect(read).toMatchObject({ id: "turnuser", props: { name: "turnuser2" } });
  });
});

describe("a release that answers a settings object as a one-element list", () => {
  let device: EmulatorServer;
  const puts: string[] = [];
  beforeAll(async () => {
    device = await startEmulatorServer({
      name: "list-answering-expressway",
      username: "admin",
      password: "pw",
      handler: (request) => {
        if (request.method === "PUT") puts.push(request.body);
        const record = { TURNServices: "Off", RequestsPort: 3478, AuthenticationRealm: "TANDBERG" };
        return { status: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify([record]) };
      },
    });
  });
  afterAll(() => device.close());

  test("reads the record inside the list and maps unconfirmed names by it", async () => {
    const config: Record<string, string> = { "e:url": device.url, "e:username": "admin", "e:password": "pw" };
    const settings = deviceProfilesFrom({ get: (key) => config[key] }).resolve("e");
    const objects = new ExpresswaySettingsObjects(expresswayTurn, undefined, settings);
    expect(await objects.read()).toMatchObject({
      services: false,
      requestsPort: 3478,
      authenticationRealm: "TANDBERG",
    });
    await objects.update("edge/traversal/turn", {}, { services: true });
    expect(puts).toEqual(['{"TURNServices":"On"}']);
  });
});
