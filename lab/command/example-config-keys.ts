import { CONFIG_KEYS } from "../../examples/dual-domain/settings";
import { type ProgramKey, programConfigKeys } from "./lab-config";

/**
 * The config keys the lab's --config check accepts as the program's: those found in the
 * program's source, and the example's settings keys (it reads most of them through its
 * settings reader, a function rather than `config.get("x")` in its source, so the scan
 * alone would refuse them). A key secret in either is secret.
 */
export function labProgramKeys(programFile: string): ProgramKey[] {
  const keys = new Map<string, boolean>();
  const found = [...programConfigKeys(programFile), ...CONFIG_KEYS.map((k) => ({ key: k.key, secret: !!k.secret }))];
  for (const { key, secret } of found) keys.set(key, (keys.get(key) ?? false) || secret);
  return [...keys].map(([key, secret]) => ({ key, secret }));
}
