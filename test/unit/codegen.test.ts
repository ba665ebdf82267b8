import * as fs from "node:fs";
import { GENERATED_PATH, generate } from "../../provider/codegen";
import { allDescriptions } from "../../provider/schema";

/** The resource classes are generated from the descriptions; the committed file must match them. */
test("provider/resources.generated.ts is up to date with provider/schema (run `npm run gen`)", () => {
  expect(fs.readFileSync(GENERATED_PATH, "utf8")).toBe(generate());
});

test("every description yields an Args interface with TSDoc and a resource class", () => {
  const text = generate();
  for (const desc of allDescriptions) {
    expect(text).toContain(`export interface ${desc.resource}Args {`);
    expect(text).toContain(`export class ${desc.resource} extends DescribedResource {`);
    for (const field of desc.fields)
      expect(text).toMatch(new RegExp(`/\\*\\* [^\\n]+ \\*/\\n  readonly ${field.name}\\??: pulumi\\.Input<`));
  }
});
