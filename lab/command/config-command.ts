import type { ConfigValue } from "../stack/config";
import { SECRET_MASK } from "../stack/printer";
import type { SavedConfig } from "./saved-config";

/**
 * `npm run lab -- config [set KEY VALUE [--secret] | rm KEY]`, with `pulumi config` semantics:
 * the value is saved in the lab's stack config (.lab/config.json, its stand-in for
 * Pulumi.<stack>.yaml) and every later command uses it until it is set again or removed;
 * `--secret` stores it encrypted with the state's key and prints it as [secret]. A key the
 * lab would refuse for --config (unknown, or <profile>:url) is refused here too.
 */

export const CONFIG_USAGE =
  "config                          list the saved stack config (secrets as [secret])\n" +
  "config set KEY VALUE [--secret]  save KEY for every later command (pulumi config set)\n" +
  "config rm KEY                    remove it (pulumi config rm)";

/** `accept`: the lab's --config check for one key (throws naming why it is refused). */
export function runConfigCommand(
  words: readonly string[],
  saved: SavedConfig,
  accept: (key: string, value: string) => ConfigValue,
  print: (line: string) => void = (line) => console.log(line),
): void {
  const secret = words.includes("--secret");
  const [verb, key, value, ...extra] = words.filter((w) => w !== "--secret");
  const config = saved.load();
  if (verb === undefined) {
    const keys = Object.keys(saved.stackConfig()).sort();
    if (keys.length === 0) print("(no saved stack config)");
    for (const k of keys) print(`${k} = ${config[k].secret ? SECRET_MASK : config[k].value}`);
    return;
  }
  if (verb === "set" && key !== undefined && value !== undefined && extra.length === 0) {
    const accepted = accept(key, value);
    saved.save({ ...config, [key]: { value, ...(secret || accepted.secret ? { secret: true } : {}) } });
    return;
  }
  if (verb === "rm" && key !== undefined && value === undefined && !secret) {
    if (!(key in config)) throw new Error(`config rm: ${key} is not set`);
    const { [key]: _removed, ...rest } = config;
    saved.save(rest);
    return;
  }
  throw new Error(`usage:\n${CONFIG_USAGE}`);
}
