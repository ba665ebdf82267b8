import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { STATE_KIND, StateFile } from "../../lab/fake-engine/state";

/**
 * The fake engine's state file: its kind string changed when lab/runner became
 * lab/fake-engine, and `.lab/` state files written before must still load.
 */

describe("fake-engine state file kinds", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-engine-state-"));
    file = path.join(dir, "state.json");
    new StateFile(file).save({
      project: "p",
      stack: "s",
      resources: [],
      outputs: { answer: "secret-value" },
      secretOutputs: ["answer"],
    });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const rewriteKind = (kind: string) => {
    const stored = JSON.parse(fs.readFileSync(file, "utf8")) as { kind: string };
    fs.writeFileSync(file, JSON.stringify({ ...stored, kind }));
  };

  it("writes the fake-engine kind", () => {
    expect(JSON.parse(fs.readFileSync(file, "utf8")).kind).toBe(STATE_KIND);
    expect(STATE_KIND).toBe("cisco-edge-fake-engine/state");
  });

  it("still reads a state file written as cisco-edge-lab-runner/state", () => {
    rewriteKind("cisco-edge-lab-runner/state");
    const state = new StateFile(file).load("p", "s");
    expect(state.outputs).toEqual({ answer: "secret-value" });
    expect(state.secretOutputs).toEqual(["answer"]);
  });

  it("refuses a file of another kind", () => {
    rewriteKind("something-else/state");
    expect(() => new StateFile(file).load("p", "s")).toThrow(/is not a fake-engine state file/);
  });
});
