import * as pulumi from "@pulumi/pulumi";
import * as pulumiState from "@pulumi/pulumi/runtime/state";
import { CmsSpace, CmsSpaceMember } from "../../provider";

/**
 * What a waiting resource costs the program process (issue 22: 40,000 resources ran the program
 * out of its 4 GB heap): a field the program leaves unset is not registered with the SDK, whose
 * every registered property holds an Output and four tracked promises until the resource is
 * registered; its output is made on first read (test/lifecycle/unset-field-outputs.test.ts reads
 * them through the engine). And the SDK's tracked promises carry no stack trace, with the global
 * limit given back after the constructor.
 */

const made: pulumi.Resource[] = [];
afterAll(async () => {
  await Promise.all(made.map((r) => new Promise<void>((resolve) => r.urn.apply(() => resolve()))));
});

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) },
    "cisco-edge",
    "test",
  );
});

const accessor = (object: object, key: string) => Object.getOwnPropertyDescriptor(object, key);

test("set fields are registered outputs; unset ones are made on first read, then kept", async () => {
  const space = new CmsSpace("room", { name: "Room", uri: "room" });
  const member = new CmsSpaceMember("member", { space: space.id, userJid: "ada@octavio.example" });
  made.push(space, member);
  expect(pulumi.Output.isInstance(accessor(space, "uri")?.value)).toBe(true);
  expect(pulumi.Output.isInstance(accessor(member, "userJid")?.value)).toBe(true);
  // Unset, with and without a device default the provider manages it at: not registered.
  for (const [resource, key] of [
    [space, "cdrTag"],
    [space, "nonMemberAccess"],
    [member, "canDestroy"],
    [member, "callLegProfile"],
  ] as const) {
    expect([key, typeof accessor(resource, key)?.get]).toEqual([key, "function"]);
  }
  const read = member.canDestroy;
  expect(accessor(member, "canDestroy")?.value).toBe(read);
  await expect(new Promise((resolve) => read.apply(resolve))).resolves.toBe(false);
  await expect(new Promise((resolve) => space.cdrTag.apply(resolve))).resolves.toBeUndefined();
});

test("the stack trace limit is the program's own again after a resource is declared", () => {
  const before = Error.stackTraceLimit;
  Error.stackTraceLimit = 17;
  try {
    made.push(new CmsSpace("limit", { name: "Limit", uri: "limit" }));
    expect(Error.stackTraceLimit).toBe(17);
  } finally {
    Error.stackTraceLimit = before;
  }
});

test("the SDK's tracked promises carry no stack trace (kept only for PULUMI_DEBUG_PROMISE_LEAKS)", () => {
  // The SDK's run store (internal): its leak candidates are the tracked promises still pending.
  const store = (
    pulumiState as unknown as { getStore(): { leakCandidates: Set<{ _debugStackTrace?: string }> } }
  ).getStore();
  const before = new Set(store.leakCandidates);
  made.push(new CmsSpace("traced", { name: "Traced", uri: "traced" }));
  const tracked = [...store.leakCandidates].filter((p) => !before.has(p));
  expect(tracked.length).toBeGreaterThan(0);
  expect(tracked.filter((p) => p._debugStackTrace?.includes("\n"))).toEqual([]);
});
