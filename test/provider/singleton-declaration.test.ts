import * as pulumi from "@pulumi/pulumi";
import { CmsSpace, ExpresswayDns, ExpresswayMra } from "../../provider";

/**
 * A device has one of each settings object, so a program that declares the same one twice
 * for the same device profile is refused when the second resource is constructed, with
 * both names. The provider's check sees one resource at a time, so this runs in the
 * program (DescribedResource's constructor); here under the SDK's mocks.
 */

/** Resources made here: the SDK serializes their provider asynchronously, so each is awaited before the end. */
const made: pulumi.Resource[] = [];
function keep<T extends pulumi.Resource>(resource: T): T {
  made.push(resource);
  return resource;
}
afterAll(async () => {
  await Promise.all(made.map((r) => new Promise<void>((resolve) => r.urn.apply(() => resolve()))));
});

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: () => ({}),
    },
    "cisco-edge",
    "test",
  );
});

test("a second declaration of the same settings object on the same profile is refused, naming both", () => {
  keep(new ExpresswayDns("dns-c", { systemHostName: "vcsc" }));
  expect(() => keep(new ExpresswayDns("dns-c-again", { profile: "expresswayC", domainName: "octavio.local" }))).toThrow(
    'ExpresswayDns "dns-c-again" and ExpresswayDns "dns-c" both declare the DNS settings of device profile ' +
      '"expresswayC"',
  );
});

test("the same kind on another profile, and another kind on the same profile, are fine", () => {
  expect(() => keep(new ExpresswayDns("dns-e", { profile: "expresswayE", systemHostName: "vcse" }))).not.toThrow();
  expect(() => keep(new ExpresswayMra("mra-c", { enabled: true }))).not.toThrow();
  expect(() => keep(new ExpresswayMra("mra-e", { profile: "expresswayE", enabled: true }))).not.toThrow();
});

test("collection kinds may be declared any number of times", () => {
  expect(() => keep(new CmsSpace("a", { name: "A", uri: "a" }))).not.toThrow();
  expect(() => keep(new CmsSpace("b", { name: "B", uri: "b" }))).not.toThrow();
});

test("a profile that is not known yet (an Output) is let through", () => {
  keep(new ExpresswayMra("mra-x", { profile: pulumi.output("expresswayX"), enabled: true }));
  expect(() =>
    keep(new ExpresswayMra("mra-x2", { profile: pulumi.output("expresswayX"), enabled: true })),
  ).not.toThrow();
});
