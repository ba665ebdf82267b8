import { runCommand } from "../../lab/fake-engine";
import { ENGINE_TEST_TIMEOUT_MS, useEngineDevices } from "./engine-devices";

/**
 * A field the program leaves unset is not registered with the SDK (each registered property costs
 * an Output and four tracked promises per resource, which ran a 40,000-resource program out of its
 * heap), yet its output reads as before: what the provider outputs for it, the device default it
 * manages the field at or nothing, once the resource exists. Through the engine.
 */

const engine = useEngineDevices("unset-field-outputs-");

const BODY = `
const space = new CmsSpace("room", { name: "Room", uri: "room" });
const member = new CmsSpaceMember("member", { space: space.id, userJid: "ada@octavio.example" });
// An unset output passed on as an input (the SDK drops an undefined input, and its dependency, as before).
const second = new CmsSpace("second", { name: "Second", uri: "second", cdrTag: space.cdrTag });
exports.cdrTag = space.cdrTag.apply((v) => v === undefined ? "undefined" : v);
exports.nonMemberAccess = space.nonMemberAccess;
exports.canDestroy = member.canDestroy;
exports.canChangeNonMemberAccessAllowed = member.canChangeNonMemberAccessAllowed;
exports.memberCallLegProfile = member.callLegProfile.apply((v) => v === undefined ? "undefined" : v);
exports.secondCdrTag = second.cdrTag.apply((v) => v === undefined ? "undefined" : v);
`;

test(
  "unset fields' outputs read as the managed device default or undefined, on up and on a no-op up",
  async () => {
    const { devices, program, options } = engine();
    const stack = options("unset", program("unset", ["CmsSpace", "CmsSpaceMember"], BODY));

    const up = await runCommand("up", stack);
    expect(up.errors).toEqual([]);
    expect(up.outputs).toEqual({
      cdrTag: "undefined",
      nonMemberAccess: true,
      canDestroy: false,
      canChangeNonMemberAccessAllowed: true,
      memberCallLegProfile: "undefined",
      secondCdrTag: "undefined",
    });

    devices.cms.clearRequests();
    const again = await runCommand("up", stack);
    expect(again.errors).toEqual([]);
    expect(again.outputs).toEqual(up.outputs);
    expect(devices.cms.requests).toEqual([]);
    expect((await runCommand("destroy", stack)).errors).toEqual([]);
  },
  ENGINE_TEST_TIMEOUT_MS,
);
