/**
 * A comma-separated list of names from `known` (switches given on a command line); throws
 * naming the unknown ones and every name that is allowed (`alsoAllowed` first).
 */
export function parseNamedList<Name extends string>(
  list: string,
  known: Readonly<Record<Name, string>>,
  what: string,
  alsoAllowed: readonly string[] = [],
): Name[] {
  const names = list
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const unknown = names.filter((n) => !Object.hasOwn(known, n));
  if (unknown.length > 0)
    throw new Error(
      `unknown ${what}(s) ${unknown.join(", ")}; known: ${[...alsoAllowed, ...Object.keys(known)].join(", ")}`,
    );
  return names as Name[];
}
