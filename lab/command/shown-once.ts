import { createHash } from "node:crypto";
import * as fs from "node:fs";

/**
 * A block of lines the lab lists in full once (the manual steps) and afterwards as one line,
 * until its text changes or the user asks for it again. What was last listed is remembered in
 * the lab's state directory as a digest, so the next command, or the next lab, knows.
 */
export class ShownOnce {
  constructor(private readonly file: string) {}

  /** The lines to print now: all of them when new, changed or asked for; else one line saying how to see them. */
  once(lines: readonly string[], asked: boolean): readonly string[] {
    const digest = createHash("sha256").update(lines.join("\n")).digest("hex");
    let last: string | undefined;
    try {
      last = fs.readFileSync(this.file, "utf8").trim();
    } catch {
      last = undefined;
    }
    if (!asked && last === digest)
      return [
        `${lines[0]?.replace(/:.*$/, "") ?? "Manual steps"}: as listed before (--show manual-steps lists them again).`,
      ];
    fs.writeFileSync(this.file, `${digest}\n`, { mode: 0o600 });
    return lines;
  }
}
