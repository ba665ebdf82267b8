import type { DeviceObjects, Values } from "../device/types";
import type { AppliedOnRestart, ObjectDescription } from "../schema/types";
import type { PropertyMap } from "../sdk-types";

/**
 * Settings a running service reads only when it starts (ObjectDescription.appliedOnRestart:
 * Expressway-E TURN, admin guide X14.2). Changed while the service runs, they are held by the
 * device until it is turned off and on again. The provider never leaves that unsaid: preview
 * names the held settings, up restarts the service only when the `input` says so (a restart
 * drops what the service carries), and otherwise the output `awaitingRestart` keeps naming
 * them, so every later preview says so again, until a restart or a stop of the service.
 */

export const AWAITING_RESTART = "awaitingRestart";

/** The settings state records as held by the device until its service restarts. */
export function recordedAwaiting(outs: PropertyMap): string[] {
  const value = outs[AWAITING_RESTART];
  return Array.isArray(value) ? value.map(String) : [];
}

/** A toggle's value as a boolean, or undefined when it is not known. */
export function serviceState(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined;
}

/**
 * The settings a running service is left without: those changed now and those already waiting,
 * when the service runs before the write (or may: `before` undefined) and still runs after it.
 * A service that was off, or is turned off, starts later with every value: nothing is held.
 */
export function heldSettings(
  rule: AppliedOnRestart,
  changed: readonly string[],
  waiting: readonly string[],
  before: boolean | undefined,
  after: boolean | undefined,
): string[] {
  if (before === false || after === false) return [];
  return [...new Set([...waiting, ...changed.filter((name) => name !== rule.toggle)])].sort();
}

/** Outputs read back from the device: a service found off holds nothing any more (it starts with every value). */
export function forgetHeldWhenStopped(desc: ObjectDescription, outs: PropertyMap, device: Values): PropertyMap {
  const rule = desc.appliedOnRestart;
  if (!rule || serviceState(device[rule.toggle]) !== false || !(AWAITING_RESTART in outs)) return outs;
  const { [AWAITING_RESTART]: _held, ...rest } = outs;
  return rest;
}

const listed = (names: readonly string[]) => names.join(", ");

/** What preview says of a change to such an object (undefined: nothing held, nothing to say). */
export function restartNotice(
  desc: ObjectDescription,
  rule: AppliedOnRestart,
  held: readonly string[],
  restart: boolean,
  runningKnown: boolean,
): string | undefined {
  if (held.length === 0) return undefined;
  if (restart)
    return `${desc.resource}: up will restart ${rule.service} (Off, then On) to apply ${listed(held)}: ${rule.drops}.`;
  return (
    `${desc.resource}: ${listed(held)} ${runningKnown ? "" : `(if ${rule.service} are On) `}take effect only when ` +
    `${rule.service} restart (Off, then On; ${rule.source}), and up will not restart them. ` +
    `Set ${rule.input}: true to let up do it (${rule.drops}), or turn them Off and On by hand.`
  );
}

export interface HeldWrite {
  readonly desc: ObjectDescription;
  readonly rule: AppliedOnRestart;
  readonly objects: DeviceObjects;
  readonly id: string;
  readonly known: Values;
  readonly held: readonly string[];
  /** The `input` the stack declares: restart only when true. */
  readonly restart: boolean;
  /** The device, in messages. */
  readonly where: string;
}

/**
 * After a write that left settings held: restarts the service when the stack allows it (toggle
 * off, then on, through the object's own update), otherwise says so. Returns what is still held.
 */
export async function settleHeld(write: HeldWrite): Promise<string[]> {
  const { desc, rule, objects, id, known, held, where } = write;
  if (held.length === 0) return [];
  if (!write.restart) {
    console.error(
      `${desc.resource}: ${listed(held)} changed on ${where}, but the device applies the change ` +
        `only when ${rule.service} restart (Off, then On; ${rule.source}). Set ${rule.input}: true and run up ` +
        `again to let up restart them (${rule.drops}), or turn them Off and On by hand. ` +
        `The output ${AWAITING_RESTART} names them until then.`,
    );
    return [...held];
  }
  await objects.update(id, known, { [rule.toggle]: false });
  try {
    await objects.update(id, known, { [rule.toggle]: true });
  } catch (error) {
    throw new Error(
      `${desc.resource}: ${rule.service} are Off on ${where}: turning them On again after turning them Off ` +
        `(to apply ${listed(held)}) failed: ${(error as Error).message}. Turn them On by hand, or run up again.`,
    );
  }
  console.error(`${desc.resource}: restarted ${rule.service} on ${where} (Off, then On) to apply ${listed(held)}.`);
  return [];
}
