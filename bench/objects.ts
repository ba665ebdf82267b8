/** The objects both the provider and the curl baseline create in the scale benchmark. */

export function benchSpace(n: number): { name: string; uri: string; callId: string } {
  return { name: `Bench room ${n}`, uri: `bench${n}`, callId: String(800000 + n) };
}

export function benchUserName(n: number): string {
  return `benchuser${n}`;
}

/** The call leg profiles of the bench's access methods: host first, then guest (the lobby). */
export const BENCH_PROFILES = [
  { name: "Host", needsActivation: false },
  { name: "Guest", needsActivation: true },
] as const;

/**
 * The access methods of bench space n, as examples/spaces-from-csv declares them, one per
 * BENCH_PROFILES entry: `<uri>.host`, call id `<callId>1`; `<uri>.guest`, `<callId>2`, a passcode.
 */
export function benchAccessMethods(n: number): { suffix: string; uri: string; callId: string; passcode?: string }[] {
  const space = benchSpace(n);
  return [
    { suffix: "host", uri: `${space.uri}.host`, callId: `${space.callId}1` },
    { suffix: "guest", uri: `${space.uri}.guest`, callId: `${space.callId}2`, passcode: String(100000 + n) },
  ];
}
