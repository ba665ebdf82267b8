import * as fs from "node:fs";
import * as path from "node:path";

/** Directory of this package (holds package.json), whether running from dist/ or from TypeScript sources. */
export function packageRoot(start: string = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (
      fs.existsSync(manifest) &&
      (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === "cisco-edge-pulumi"
    )
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`cisco-edge-pulumi: package.json not found above ${start}`);
  }
}
