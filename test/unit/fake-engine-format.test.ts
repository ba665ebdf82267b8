import { formatChange } from "../../lab/fake-engine/events";
import { countOutcomes, formatDiagnostics, formatOutputs, formatSummary } from "../../lab/fake-engine/format";
import { UNKNOWN } from "../../lab/fake-engine/property-map";
import type { StepReport } from "../../lab/fake-engine/report";

/** Issue 12, points 6 and 7: counts by outcome and each failure once, in Pulumi's symbols. */

const step = (name: string, fields: Partial<StepReport>): StepReport => ({
  urn: `urn:pulumi:s::p::pulumi-nodejs:dynamic/cisco:CmsSpace::${name}`,
  name,
  type: "pulumi-nodejs:dynamic/cisco:CmsSpace",
  action: "same",
  status: "done",
  id: `id-${name}`,
  ...fields,
});

test("a refresh against a device that is down counts failures, not 'same'", () => {
  const steps = [
    step("a", { action: "drift", status: "failed", error: "connection refused" }),
    step("b", { action: "drift", status: "failed", error: "connection refused" }),
    step("c", { action: "same" }),
  ];
  expect([...countOutcomes(steps)]).toEqual([
    ["unchanged", 1],
    ["failed", 2],
  ]);
  expect(formatSummary(steps)).toBe("Resources:\n    = 1 unchanged\n    ** 2 failed");
});

test("an up counts created, updated, replaced, deleted, unchanged and failed, each resource once", () => {
  const steps = [
    step("a", { action: "create" }),
    step("b", { action: "create", status: "failed", error: "HTTP 401" }),
    step("c", { action: "update" }),
    step("d", { action: "replace" }),
    step("e", { action: "delete" }),
    step("f", { action: "same" }),
    step("g", { action: "adopt" }),
  ];
  expect(formatSummary(steps)).toBe(
    [
      "Resources:",
      "    + 1 created",
      "    ~ 1 adopted",
      "    ~ 1 updated",
      "    +- 1 replaced",
      "    - 1 deleted",
      "    = 1 unchanged",
      "    ** 1 failed",
    ].join("\n"),
  );
  expect(formatDiagnostics(steps, [])).toBe("Diagnostics:\n  CmsSpace (b):\n    error: create failed: HTTP 401");
});

test("values are shown as pulumi preview --diff shows them, secrets masked", () => {
  expect(formatChange({ key: "name", old: "Proxy webRTC", new: "Renamed", secret: false })).toBe(
    'name: "Proxy webRTC" → "Renamed"',
  );
  expect(formatChange({ key: "priority", old: 10, new: 5, secret: false })).toBe("priority: 10 → 5");
  expect(formatChange({ key: "password", old: "a", new: "b", secret: true })).toBe("password: [secret] → [secret]");
  expect(formatChange({ key: "hopCount", new: 15, secret: false })).toBe("hopCount: (unset) → 15");
});

test("stack outputs are printed as the Pulumi CLI prints them: quoted, one entry per line, keys aligned", () => {
  const outputs = {
    guestUrl: "https://cmsweb.octavio.com",
    guestCallId: 100101,
    domains: ["octavio.local", "octavio.com"],
    zone: { server: "UT Zone", client: "UT Zone", ports: [] },
    pending: UNKNOWN,
    passcode: "12345",
  };
  expect(formatOutputs(outputs, ["passcode"])).toBe(
    [
      "Outputs:",
      "    domains    : [",
      '        [0]: "octavio.local"',
      '        [1]: "octavio.com"',
      "    ]",
      "    guestCallId: 100101",
      '    guestUrl   : "https://cmsweb.octavio.com"',
      "    passcode   : [secret]",
      "    pending    : output<unknown>",
      "    zone       : {",
      '        client: "UT Zone"',
      "        ports : []",
      '        server: "UT Zone"',
      "    }",
    ].join("\n"),
  );
  expect(formatOutputs({}, [])).toBe("Outputs: (none)");
});
