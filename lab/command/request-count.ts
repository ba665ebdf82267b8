import type { Devices } from "../../emulator/devices";

/**
 * How many requests the lab's own emulators answered during one command, so that what
 * a command cost is visible (a no-op `up` sends none). Only for emulators this process
 * started: an attached lab's emulators count in the process that runs them.
 */

const LABELS = [
  ["cms", "CMS"],
  ["expC", "Expressway-C"],
  ["expE", "Expressway-E"],
] as const;

/** Call before a command; the returned function gives the line to print after it. */
export function countRequests(devices: Devices): (command: string) => string {
  const before = LABELS.map(([key]) => devices[key].requests.length);
  return (command) => {
    const during = LABELS.map(([key], i) => devices[key].requests.slice(before[i]));
    const total = during.reduce((n, list) => n + list.length, 0);
    const writes = during.reduce((n, list) => n + list.filter((r) => r.method !== "GET").length, 0);
    const each = LABELS.map(([, label], i) => `${label} ${during[i].length}`).join(", ");
    return `Requests to the emulators during ${command}: ${total} (${each}; ${writes} writes).`;
  };
}
