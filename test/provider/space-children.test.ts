import type { PropertyMap } from "../../provider/described-provider";
import { provider, useTestDevices } from "../support/test-devices";

/**
 * A child's natural key is scoped to its parent (ObjectDescription.parent), and a child whose
 * parent is gone is gone: the provider's look-up lists only the space's own access methods,
 * and read and delete of a child under a deleted space answer "gone" without an error.
 */

const devices = useTestDevices({}, { devices: ["cms"], requests: true });

async function create(resource: string, values: PropertyMap): Promise<{ id: string; outs: PropertyMap }> {
  const p = provider(resource);
  const checked = await p.check({}, values);
  expect(checked.failures).toEqual([]);
  return p.create(checked.inputs);
}

test("the same uri under another space is another access method: neither refused nor adopted", async () => {
  const a = await create("CmsSpace", { uri: "team-a" });
  const b = await create("CmsSpace", { uri: "team-b" });
  const first = await create("CmsAccessMethod", { space: a.id, uri: "guest" });
  const second = await create("CmsAccessMethod", { space: b.id, uri: "guest", adopt: true });
  expect(second.id).not.toBe(first.id);
  expect(
    devices()
      .cms.list("accessMethods")
      .map((m) => m.parent),
  ).toEqual([a.id, b.id]);
  // Under the first space the key is taken.
  await expect(create("CmsAccessMethod", { space: a.id, uri: "guest" })).rejects.toThrow(
    new RegExp(`access method with uri "guest" already exists .* as id "${first.id}"`),
  );
  expect(
    devices()
      .cms.requests.filter((r) => r.method === "GET" && r.path.includes("/accessMethods"))
      .every((r) => r.path.startsWith(`/api/v1/coSpaces/${a.id}/`) || r.path.startsWith(`/api/v1/coSpaces/${b.id}/`)),
  ).toBe(true);
});

test("under a deleted space: read finds the child gone, delete succeeds, neither fails", async () => {
  const space = await create("CmsSpace", { uri: "team" });
  const member = await create("CmsSpaceMember", { space: space.id, userJid: "alice@octavio.com" });
  devices().cms.remove("coSpaces", space.id);
  const p = provider("CmsSpaceMember");
  expect(await p.read(member.id, member.outs)).toEqual({});
  await expect(p.delete(member.id, member.outs)).resolves.toBeUndefined();
  expect(devices().cms.requests.slice(-1)[0]).toMatchObject({
    method: "DELETE",
    path: `/api/v1/coSpaces/${space.id}/coSpaceUsers/${member.id}`,
  });
});
