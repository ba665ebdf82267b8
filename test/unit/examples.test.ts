import { checkInputs } from "../../provider/check-inputs";
import { typeProblem } from "../../provider/field-type";
import { allDescriptions } from "../../provider/schema";
import { fieldsForVariant } from "../../provider/schema/types";

/** Every example in the descriptions is a value the provider accepts; secrets have none to print. */
describe.each(allDescriptions.map((d) => [d.resource, d] as const))("%s examples", (_resource, desc) => {
  test.each(desc.fields.map((f) => [f.name, f] as const))("%s", (_name, field) => {
    if (field.secret) {
      expect(field.example).toBeUndefined();
      return;
    }
    expect(field.example).toBeDefined();
    expect(typeProblem(field.type, field.example)).toBeUndefined();
  });

  test.each(Object.keys(desc.variants ?? { default: {} }))(
    "all examples of variant %s pass check together",
    (variant) => {
      const inputs: Record<string, unknown> = {};
      for (const field of fieldsForVariant(desc, desc.variants ? variant : undefined)) {
        if (field.example !== undefined) inputs[field.name] = field.example;
        else if (field.required) inputs[field.name] = "placeholder-secret";
      }
      if (desc.variantField) inputs[desc.variantField] = variant;
      expect(checkInputs(desc, inputs).failures).toEqual([]);
    },
  );
});
