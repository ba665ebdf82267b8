import { provider, useTestDevices } from "../support/test-devices";

/**
 * Defect 3 of issue 11: an Expressway rename whose answer is lost has already happened;
 * repeating it under the old name fails "does not exist". After an ambiguous rename the
 * provider looks the new name up and finishes the update there.
 */

const devices = useTestDevices({}, { devices: ["expE"], faults: true, requests: true });

const names = () =>
  devices()
    .expE.list("common/credential")
    .map((r) => r.Name);
const puts = () =>
  devices()
    .expE.requests.filter((r) => r.method === "PUT")
    .map((r) => ({ ...JSON.parse(r.body), outcome: r.outcome }));

test.each(["applyThen500", "commitThenDrop"] as const)(
  "a rename hit by %s lands once and the rest of the update follows under the new name",
  async (kind) => {
    const p = provider("ExpresswayCredential");
    const created = await p.create((await p.check({}, { name: "turnuser", password: "first-pw" })).inputs);
    devices().expE.faults.set({ rules: [{ kind, methods: ["PUT"], count: 1 }] });
    devices().expE.clearRequests();
    const news = (await p.check({}, { name: "turnuser2", password: "second-pw" })).inputs;
    const updated = await p.update(created.id, created.outs, news);
    expect(names()).toEqual(["turnuser2"]);
    expect(updated.outs.name).toBe("turnuser2");
    const sent = puts();
    // The rename once, then the password again under the new name (the rename is never repeated).
    expect(sent.map((b) => [b.Name, b.New_Name, typeof b.New_Password])).toEqual([
      ["turnuser", "turnuser2", "string"],
      ["turnuser2", undefined, "string"],
    ]);
    expect(await p.read(created.id, updated.outs)).toMatchObject({ props: { name: "turnuser2" } });
  },
);

test("a rename refused for a busy device is sent again (nothing landed)", async () => {
  const p = provider("ExpresswayCredential");
  const created = await p.create((await p.check({}, { name: "turnuser", password: "first-pw" })).inputs);
  devices().expE.faults.set({ rules: [{ kind: "busy", methods: ["PUT"], count: 1 }] });
  devices().expE.clearRequests();
  await p.update(created.id, created.outs, (await p.check({}, { name: "turnuser2", password: "first-pw" })).inputs);
  expect(names()).toEqual(["turnuser2"]);
  expect(puts().map((b) => b.outcome)).toEqual([503, 200]);
});

// Issue 23 item 6: the rest of the update (here the password) is still sent under the new name.
test("a rename that landed in an earlier run is finished with the rest of the update, not refused", async () => {
  const p = provider("ExpresswayCredential");
  const created = await p.create((await p.check({}, { name: "turnuser", password: "first-pw" })).inputs);
  const news = (await p.check({}, { name: "turnuser2", password: "second-pw" })).inputs;
  // The earlier run's rename (with the new password) landed, but its answer and every look-up were lost.
  devices().expE.faults.set({
    rules: [
      { kind: "applyThen500", methods: ["PUT"], count: 1 },
      { kind: "unauthorized", methods: ["GET"] },
    ],
  });
  await expect(p.update(created.id, created.outs, news)).rejects.toThrow(/HTTP 401/);
  devices().expE.faults.clear();
  expect(names()).toEqual(["turnuser2"]);
  // Someone set another password meanwhile: only the update's own PUT can bring it back.
  devices().expE.patch("common/credential", "turnuser2", { Password: "changed-meanwhile" });
  devices().expE.clearRequests();
  const updated = await p.update(created.id, created.outs, news);
  expect(updated.outs.name).toBe("turnuser2");
  expect(puts().map((b) => [b.Name, b.New_Name, b.New_Password === undefined ? undefined : "set"])).toEqual([
    ["turnuser", "turnuser2", "set"],
    ["turnuser2", undefined, "set"],
  ]);
  expect(
    devices()
      .expE.list("common/credential")
      .map((r) => [r.Name, r.Password]),
  ).toEqual([["turnuser2", "second-pw"]]);
});
