import { runCommand } from "../../lab/fake-engine";
import { ENGINE_TEST_TIMEOUT_MS, useEngineDevices } from "./engine-devices";

/**
 * Two resources of one program declaring the same natural key on a device that takes duplicates
 * (the CMS takes two tenants with one name): the engine creates them concurrently, yet the device
 * ends with one object, and the second resource is refused as it would be in a later run.
 */

const engine = useEngineDevices("same-key-twice-");

test(
  "two tenants with one name in one program: one is created, the other refused, never a duplicate",
  async () => {
    const { devices, program, options } = engine();
    const body = `
new CmsTenant("first", { name: "Octavio users" });
new CmsTenant("second", { name: "Octavio users" });
new CmsTenant("other", { name: "Other users" });
`;
    const up = await runCommand("up", options("twice", program("twice", ["CmsTenant"], body)));
    expect(up.ok).toBe(false);
    expect(
      devices.cms
        .list("tenants")
        .map((t) => t.fields.name)
        .sort(),
    ).toEqual(["Octavio users", "Other users"]);
    expect(up.errors).toHaveLength(1);
    expect(up.errors[0]).toContain("Octavio users");
  },
  ENGINE_TEST_TIMEOUT_MS,
);
