import { allDescriptions } from "../../provider/schema";

/** Every `refersTo` names a described kind and one of its readable fields, or "id": the exporter writes `x.<field>`. */

const references = allDescriptions.flatMap((desc) =>
  desc.fields.flatMap((field) => (field.refersTo ? [{ desc, field, to: field.refersTo }] : [])),
);

test("the descriptions mark the fields that name another object", () => {
  expect(references.map((r) => `${r.desc.resource}.${r.field.name}`)).toEqual(
    expect.arrayContaining(["ExpresswayZone.authenticationUsername", "CmsSystemProfiles.callLegProfile"]),
  );
});

test.each(references.map((r) => [`${r.desc.resource}.${r.field.name}`, r] as const))(
  "%s refers to a described kind's readable field",
  (_name, { to }) => {
    const target = allDescriptions.find((d) => d.resource === to.resource);
    expect(target).toBeDefined();
    if (to.field === "id") return;
    const field = target?.fields.find((f) => f.name === to.field);
    expect(field).toBeDefined();
    expect(field?.secret || field?.writeOnly || field?.local).toBeFalsy();
  },
);
