import * as pulumi from "@pulumi/pulumi";
import { PROFILES } from "../../emulator/devices";
import { edgeHealth, getCmsLicence, NOT_ASKED, NOT_IN_PREVIEW, stackProfile } from "../../provider/status";
import { useTestDevices } from "../support/test-devices";
import { seedVerifiedTopology } from "../support/verified-topology";

/** A program's health output: read after up when enabled, never in a preview, never unless asked. */

const devices = useTestDevices();
beforeAll(async () => {
  for (const profile of PROFILES)
    for (const key of ["url", "username", "password"])
      pulumi.runtime.setConfig(`${profile}:${key}`, devices().config.get(`${profile}:${key}`) as string);
  await seedVerifiedTopology(devices(), { domains: ["octavio.local"], webBridge: false });
});
beforeEach(() => devices().clearRequests());

const mocks: pulumi.runtime.Mocks = {
  newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
  call: (args) => args.inputs,
};

const settled = <T>(output: pulumi.Output<T>): Promise<T> => new Promise((resolve) => output.apply(resolve));

test("after up, when enabled: one line per check, every one passing, GETs only", async () => {
  await pulumi.runtime.setMocks(mocks, "project", "stack", false);
  const lines = await settled(edgeHealth({ enabled: true, after: [pulumi.output("turn-id")] }));
  expect(lines.map((l) => l.split(":")[0])).toEqual([
    "pass cms-licence",
    "pass cms-turn-status",
    "skip cms-web-bridge-status",
    "pass expressway-e-turn",
    "pass expressway-e-turn-protocol",
    "skip cms-turn-tcp-relay",
    "pass expressway-c-ssh-tunnels",
  ]);
  for (const device of [devices().cms, devices().expC, devices().expE])
    expect(Object.keys(device.countByMethod())).toEqual(["GET"]);
});

test("in a preview, and when not enabled, nothing is read", async () => {
  await pulumi.runtime.setMocks(mocks, "project", "stack", true);
  expect(await settled(edgeHealth({ enabled: true }))).toEqual([NOT_IN_PREVIEW]);
  await pulumi.runtime.setMocks(mocks, "project", "stack", false);
  expect(await settled(edgeHealth())).toEqual([NOT_ASKED]);
  expect(devices().requestCount()).toBe(0);
});

test("a program calls a reader with the stack's device profile", async () => {
  expect((await getCmsLicence(stackProfile("cms"))).callBridge?.status).toBe("activated");
  expect(() => stackProfile("cms2")).toThrow(/cms2:url is not set: set it with `pulumi config set cms2:url/);
});
