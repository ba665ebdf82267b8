import { allDescriptions, parentOf } from "../../provider/schema";

/**
 * ParentObject's rules (provider/schema/types.ts) on every child description, so a child kind
 * added later is held to them too: the parent is a described kind of the same device family,
 * and the field holding its id is a required input that replaces the child when it changes,
 * refers to the parent's id, and is no part of the natural key (the look-up is scoped to the
 * parent by its path instead).
 */

const children = allDescriptions.filter((desc) => desc.parent !== undefined);

test("the descriptions have children to check", () => {
  expect(children.map((d) => d.resource)).toEqual(expect.arrayContaining(["CmsAccessMethod", "CmsSpaceMember"]));
});

describe.each(children.map((desc) => [desc.resource, desc] as const))("%s", (_resource, desc) => {
  const parent = parentOf(desc);

  test("its parent is a described collection of the same family", () => {
    expect(parent?.desc.api.family).toBe(desc.api.family);
    expect(parent?.desc.lifecycle ?? "collection").toBe("collection");
    expect(parent?.desc.parent).toBeUndefined();
  });

  test("the parent's id is a required input that replaces the child and refers to the parent", () => {
    expect(parent?.field).toMatchObject({
      required: true,
      replaceOnChange: true,
      refersTo: { resource: desc.parent?.resource, field: "id" },
    });
    expect(parent?.field.local || parent?.field.secret || parent?.field.writeOnly).toBeFalsy();
  });

  test("the parent's id is no part of a natural key: the parent's path scopes the look-up", () => {
    for (const key of desc.naturalKeys) expect(key).not.toContain(desc.parent?.field);
  });
});

test("a description naming a field it lacks as its parent's is a provider bug, said so", () => {
  const [child] = children;
  expect(() => parentOf({ ...child, parent: { resource: "CmsSpace", field: "nope" } })).toThrow(
    /CmsAccessMethod\.parent names field "nope", which it lacks/,
  );
});
