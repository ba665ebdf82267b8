/** The objects both the provider and the curl baseline create in the scale benchmark. */

export function benchSpace(n: number): { name: string; uri: string; callId: string } {
  return { name: `Bench room ${n}`, uri: `bench${n}`, callId: String(800000 + n) };
}

export function benchUserName(n: number): string {
  return `benchuser${n}`;
}
