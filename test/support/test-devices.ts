import type { CmsEmulator } from "../../emulator/cms";
import { type DevicesOptions, PROFILES, profileSettings, startDevices } from "../../emulator/devices";
import type { ExpresswayEmulator } from "../../emulator/expressway";
import { closeAllConnections } from "../../provider/device/http";
import { forgetDeviceFacts } from "../../provider/device/preflight";
import { forgetRunListings } from "../../provider/device/run-listing";
import { forgetDeviceVersions } from "../../provider/device/version";
import type { DescribedProvider, PropertyMap } from "../../provider/described-provider";
import { configure, providerFor } from "../../provider/runtime";
import { descriptionFor } from "../../provider/schema";
import { defaultProfileOf, type ObjectDescription } from "../../provider/schema/types";

/**
 * The three emulators started for one test (on loopback), and the provider configured
 * to talk to them.
 */
export interface TestDevices {
  readonly cms: CmsEmulator;
  readonly expC: ExpresswayEmulator;
  readonly expE: ExpresswayEmulator;
  /** Stack config as `pulumi config` would hold it (namespaced keys). */
  readonly config: Map<string, string>;
  /** Total requests all emulators received. */
  requestCount(): number;
  clearRequests(): void;
  close(): Promise<void>;
}

/** The emulators' options (the CMS release defaults to 2.9 here: the scenarios use TURN type "expressway"). */
export interface TestDevicesOptions
  extends Pick<
    DevicesOptions,
    "faults" | "duplicateAnswers200" | "unconfirmed" | "unknownIdStatus" | "cmsVersion" | "expresswayVersion"
  > {
  readonly extraConfig?: Record<string, string>;
}

export async function startTestDevices(options: TestDevicesOptions = {}): Promise<TestDevices> {
  const { extraConfig: _extraConfig, ...emulatorOptions } = options;
  // The scenarios use TURN type "expressway" (CMS 2.9+) and resolveToUsers (before 3.0).
  const started = await startDevices({ ...emulatorOptions, cmsVersion: options.cmsVersion ?? "2.9" });
  const { cms, expC, expE } = started;
  const config = new Map<string, string>(profileSettings(started.byProfile).map((s) => [s.key, s.value]));
  // Fast retries keep fault tests short; production default is 250 ms.
  for (const profile of PROFILES) config.set(`${profile}:retryBaseMs`, "5");
  for (const [key, value] of Object.entries(options.extraConfig ?? {})) config.set(key, value);
  configure({ config: { get: (key) => config.get(key) } });
  const devices = [cms, expC, expE];
  return {
    cms,
    expC,
    expE,
    config,
    requestCount: () => devices.reduce((sum, d) => sum + d.requests.length, 0),
    clearRequests: () => {
      for (const d of devices) d.clearRequests();
    },
    async close() {
      // A later device may get the same port at another release.
      forgetDeviceVersions();
      forgetDeviceFacts();
      forgetRunListings();
      await closeAllConnections();
      await started.close();
    },
  };
}

export function provider(resource: string): DescribedProvider {
  return providerFor(resource);
}

/** Where an object lives on the emulators, for checks and out-of-band edits. */
export interface DeviceHandle {
  /** The wire record on the device, or undefined. */
  get(): Record<string, unknown> | undefined;
  patch(fields: Record<string, string | number | string[] | undefined>): void;
  remove(): void;
  /** How many objects of this kind the device holds. */
  count(): number;
}

/** The emulators an object can live on (a TestDevices, or the engine tests' Devices). */
export type Emulators = Pick<TestDevices, "cms" | "expC" | "expE">;

function expresswayFor(
  started: Emulators,
  desc: ObjectDescription,
  props: PropertyMap,
): { device: ExpresswayEmulator; path: string } {
  if (desc.api.family !== "expressway") throw new Error("not expressway");
  const variant = desc.variantField ? String(props[desc.variantField]) : "default";
  const path = desc.api.paths[variant];
  const profile = typeof props.profile === "string" ? props.profile : defaultProfileOf(desc, variant);
  return { device: profile === "expresswayE" ? started.expE : started.expC, path };
}

export function onDevice(started: Emulators, resource: string, id: string, props: PropertyMap): DeviceHandle {
  const desc = descriptionFor(resource);
  if (desc.api.family === "cms") {
    const collection = desc.api.collection;
    return {
      get: () => started.cms.get(collection, id)?.fields,
      patch: (fields) =>
        started.cms.patch(
          collection,
          id,
          Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === undefined ? undefined : String(v)])),
        ),
      remove: () => started.cms.remove(collection, id),
      count: () => started.cms.list(collection).length,
    };
  }
  const { device, path } = expresswayFor(started, desc, props);
  // The object's key as the device holds it (a name, a transform's priority, a publisher).
  const keyField = desc.api.keyField;
  const keyInput = desc.fields.find((f) => f.api === keyField)?.name ?? "name";
  const name = () => String(props[keyInput] ?? id);
  return {
    get: () => device.list(path).find((r) => String(r[keyField]) === name()),
    patch: (fields) => device.patch(path, name(), fields),
    remove: () => device.remove(path, name()),
    count: () => device.list(path).length,
  };
}

export type EmulatorName = "cms" | "expC" | "expE";

/** What goes back to its initial state before each test (nothing when not given). */
export interface ResetEach {
  /** The emulators whose objects are reset. */
  readonly devices: readonly EmulatorName[];
  /** Also clear their fault plans. */
  readonly faults?: boolean;
  /** Also forget the requests they recorded. */
  readonly requests?: boolean;
}

/**
 * Starts the emulators before the tests of the enclosing file or describe block and closes
 * them after; the getter answers the running set (it throws before they are started).
 */
export function useTestDevices(options: TestDevicesOptions = {}, resetEach?: ResetEach): () => TestDevices {
  let started: TestDevices | undefined;
  beforeAll(async () => {
    started = await startTestDevices(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  const current = (): TestDevices => {
    if (started === undefined) throw new Error("the test devices are not started yet (use them inside a test or hook)");
    return started;
  };
  if (resetEach !== undefined)
    beforeEach(() => {
      // A reset device is a new run for the provider: what it listed before is gone.
      forgetRunListings();
      for (const name of resetEach.devices) {
        const device = current()[name];
        device.reset();
        if (resetEach.faults) device.faults.clear();
        if (resetEach.requests) device.clearRequests();
      }
    });
  return current;
}
