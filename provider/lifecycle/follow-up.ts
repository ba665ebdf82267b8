import type { ConnectionSettings } from "../connection";
import type { DeviceObjects } from "../device/types";
import { ProviderBug } from "../errors";
import type { PropertyMap } from "../sdk-types";
import type { ObjectDescription } from "../schema/types";

/**
 * The request a kind's description asks for after a write (ObjectDescription.followUp: an LDAP
 * sync of a CmsLdapSource). Sent only when the stack sets the description's bool input to true,
 * after a create or an update that changed a device field; never implicitly. Says what it started.
 */

/**
 * What preview says before up sends the follow-up (undefined: up will not send it). `write`: what up
 * will do to the object (create, which adoption also is; an update that changes a device field;
 * settle a pending create, which creates the object when its first POST never landed). Said at
 * check (a create) and diff (a change), the only points where a dynamic provider speaks before up.
 */
export function followUpNotice(
  desc: ObjectDescription,
  name: string,
  inputs: PropertyMap,
  write: "create" | "update" | "pending",
): string | undefined {
  const rule = desc.followUp;
  if (!rule || inputs[rule.input] !== true) return undefined;
  const after =
    write === "create"
      ? "after creating (or adopting) it"
      : write === "update"
        ? "after writing the change"
        : "if it has to create it (its earlier create is pending)";
  return `${name}: up will request ${rule.action} of this ${desc.noun} ${after} (${rule.input}: true).`;
}

/**
 * Sends the follow-up request for object `id` and says so; a failure says what to do by hand
 * (the object itself is written and stays so). Does nothing unless the inputs ask for it.
 */
export async function sendFollowUp(
  desc: ObjectDescription,
  objects: DeviceObjects,
  id: string,
  inputs: PropertyMap,
  settings: ConnectionSettings,
): Promise<void> {
  const rule = desc.followUp;
  if (!rule || inputs[rule.input] !== true) return;
  if (!objects.followUp) throw new ProviderBug(`${desc.resource}: its device API has no follow-up requests`);
  const where = `${settings.url} (profile "${settings.profile}")`;
  let started: string;
  try {
    started = await objects.followUp(id, rule);
  } catch (error) {
    throw new Error(
      `${desc.resource}: the ${desc.noun} ${JSON.stringify(id)} is written on ${where}, but requesting ` +
        `${rule.action} of it failed: ${(error as Error).message}. Start it by hand (${rule.byHand}).`,
    );
  }
  console.error(
    `${desc.resource}: requested ${rule.action} of ${desc.noun} ${JSON.stringify(id)} on ${where}: ${started}.`,
  );
}
