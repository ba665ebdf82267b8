import { type CmsEmulator, startCmsEmulator } from "../../emulator/cms";
import { type ExpresswayEmulator, startExpresswayEmulator } from "../../emulator/expressway";

/** Getters for the three emulators a test file runs (they throw before the emulators are started). */
export interface EmulatorGetters {
  readonly cms: () => CmsEmulator;
  readonly c: () => ExpresswayEmulator;
  readonly e: () => ExpresswayEmulator;
}

/**
 * Starts a CMS, an Expressway-C and an Expressway-E emulator before the file's tests and
 * closes them after; before each test their objects are reset (and, with clearRequests,
 * their recorded requests forgotten).
 */
export function useEmulators(options: { readonly clearRequests?: boolean } = {}): EmulatorGetters {
  let started: { cms: CmsEmulator; c: ExpresswayEmulator; e: ExpresswayEmulator } | undefined;
  beforeAll(async () => {
    const [cms, c, e] = await Promise.all([
      startCmsEmulator(),
      startExpresswayEmulator({ personality: "C" }),
      startExpresswayEmulator({ personality: "E" }),
    ]);
    started = { cms, c, e };
  });
  afterAll(async () => {
    if (started) await Promise.all([started.cms.close(), started.c.close(), started.e.close()]);
  });
  const running = () => {
    if (started === undefined) throw new Error("the emulators are not started yet (use them inside a test or hook)");
    return started;
  };
  beforeEach(() => {
    const { cms, c, e } = running();
    for (const device of [cms, c, e]) {
      device.reset();
      if (options.clearRequests) device.clearRequests();
    }
  });
  return { cms: () => running().cms, c: () => running().c, e: () => running().e };
}
