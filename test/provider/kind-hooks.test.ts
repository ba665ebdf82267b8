import { deviceProfilesFrom } from "../../provider/connection";
import { DescribedProvider } from "../../provider/described-provider";
import { lifecycleFor } from "../../provider/lifecycle";
import { CollectionLifecycle } from "../../provider/lifecycle/collection";
import { SingletonLifecycle } from "../../provider/lifecycle/singleton";
import { descriptionFor } from "../../provider/schema";
import type { KindHooks, ObjectDescription } from "../../provider/schema/types";
import { onDevice, useTestDevices } from "../support/test-devices";

/** The per-kind hooks on a description are applied where they say, and the lifecycle is chosen from it. */

const lab = useTestDevices({}, { devices: ["cms"] });

const space = { name: "Proxy webRTC", uri: "proxywebrtc", callId: "100101" };

const profiles = () => deviceProfilesFrom({ get: (key) => lab().config.get(key) });

function spaceWith(hooks: KindHooks): DescribedProvider {
  return new DescribedProvider({ ...descriptionFor("CmsSpace"), hooks }, profiles());
}

test("beforeCreate changes what create sends", async () => {
  const p = spaceWith({ beforeCreate: (values) => ({ ...values, callId: "100102" }) });
  const created = await p.create((await p.check({}, space)).inputs);
  expect(onDevice(lab(), "CmsSpace", created.id, created.outs).get()).toMatchObject({ callId: "100102" });
});

test("diff gets the generic answer and may change it", async () => {
  const p = spaceWith({ diff: (generic, olds, news) => ({ ...generic, changes: olds.name !== news.name }) });
  const diff = await p.diff("id", { ...space, callId: "1" }, space);
  expect(diff).toMatchObject({ changes: false, replaces: [], deleteBeforeReplace: false });
});

test("readProjection shapes what read records", async () => {
  const p = spaceWith({ readProjection: (projected, device) => ({ ...projected, seen: device.uri }) });
  const created = await p.create((await p.check({}, space)).inputs);
  const read = await p.read(created.id, created.outs);
  expect(read.props).toMatchObject({ name: "Proxy webRTC", seen: "proxywebrtc" });
});

test("the description's lifecycle chooses how objects come and go", () => {
  const singleton: ObjectDescription = { ...descriptionFor("CmsSpace"), lifecycle: "singleton" };
  expect(lifecycleFor(singleton)).toBeInstanceOf(SingletonLifecycle);
  expect(lifecycleFor(descriptionFor("CmsSpace"))).toBeInstanceOf(CollectionLifecycle);
});
