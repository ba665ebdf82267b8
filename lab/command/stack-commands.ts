import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { removeFromState, runCommand } from "../fake-engine";
import { countOutcomes } from "../fake-engine/format";
import { StateFile } from "../fake-engine/state";
import { findPulumiCli, runWithAutomation } from "../real-engine";
import type { Command } from "../stack/command";
import type { StackConfig } from "../stack/config";
import type { ShowOption } from "./args";
import type { LabProgram } from "./lab-program";
import type { SavedConfig } from "./saved-config";

/** Runs the lab's stack commands through the fake engine, or through the real one with --automation. */

export const LAB_STACK = "lab";

export interface StackCommandsOptions {
  readonly root: string;
  /** The compiled program and its project (lab-program.ts). */
  readonly program: Pick<LabProgram, "file" | "project">;
  readonly stateDir: string;
  readonly saved: SavedConfig;
  /** The lab's stack config (devices and secrets); each command adds its own --config. */
  readonly config: StackConfig;
  readonly automation: boolean;
}

export interface StackCommands {
  /** True when commands go through the real engine (asked for, and the pulumi CLI was found). */
  readonly realEngine: boolean;
  /**
   * `config`: this run's --config overrides (already checked); `verbose`: print internal counters
   * too; `show`: what to print that a run leaves out by default.
   */
  run(command: Command, extra?: RunExtras): Promise<boolean>;
}

export interface RunExtras {
  readonly config?: StackConfig;
  readonly verbose?: boolean;
  readonly show?: readonly ShowOption[];
  /** Print one line of counts instead of the run's output, unless it fails (the lab's own housekeeping). */
  readonly quiet?: boolean;
}

/** The example's manual steps are a stack output the lab lists once, under "Manual steps" (command-report.ts). */
const OUTPUTS_APART = { manualSteps: '(listed under "Manual steps" below)' };

/** Asked for the real engine and it cannot be had: stop (the lab exits 2) rather than run another one. */
export function requireRealEngine(): void {
  if (findPulumiCli() === undefined)
    throw new Error(
      "--automation needs the pulumi CLI on PATH and none was found; " +
        "run without --automation for the fake engine (an emulation of the engine's steps)",
    );
}

export function stackCommands(options: StackCommandsOptions): StackCommands {
  if (options.automation) requireRealEngine();
  const realEngine = options.automation;
  const statePath = path.join(options.stateDir, "state.json");

  const runThroughRealEngine = async (command: Command, extraConfig: StackConfig): Promise<boolean> => {
    const passphrase = options.saved.secretsOrGenerated({
      automationPassphrase: () => randomBytes(24).toString("base64url"),
    }).automationPassphrase.value;
    try {
      await runWithAutomation(command, {
        projectDir: options.root,
        program: options.program.file,
        stack: LAB_STACK,
        workDir: path.join(options.stateDir, "automation"),
        passphrase,
        config: { ...options.config, ...extraConfig },
      });
      return true;
    } catch (error) {
      console.error(`error: ${(error as Error).message}`);
      return false;
    }
  };

  return {
    realEngine,
    async run(command, extra = {}) {
      if (realEngine) return runThroughRealEngine(command, extra.config ?? {});
      const config = { ...options.config, ...extra.config };
      const held: string[] = [];
      const result = await runCommand(command, {
        ...(extra.quiet ? { print: (line: string) => held.push(line) } : {}),
        projectDir: options.root,
        program: options.program.file,
        project: options.program.project,
        stack: LAB_STACK,
        statePath,
        config,
        verbose: extra.verbose ?? false,
        showOutputs: extra.show?.includes("outputs") ?? false,
        outputsApart: OUTPUTS_APART,
      });
      if (extra.quiet && !result.ok) for (const line of held) console.log(line);
      else if (extra.quiet) {
        const counts = [...countOutcomes(result.steps)].map(([outcome, n]) => `${n} ${outcome}`).join(", ");
        console.log(`${command}: ${counts || "no resources"}.`);
      }
      return result.ok;
    },
  };
}

/**
 * The emulators keep nothing between starts: before the first command on freshly
 * started ones, objects of an old state are gone. Those recorded on other ports are
 * dropped from state without a provider call; the rest are found gone by a refresh.
 * Returns false when that refresh failed.
 */
export async function forgetObjectsOfEmptyDevices(
  commands: StackCommands,
  next: Command,
  root: string,
  project: string,
  stateDir: string,
  deviceUrls: ReadonlySet<string>,
): Promise<boolean> {
  if (commands.realEngine) {
    if (next === "refresh") return true;
    console.log("The emulators just started empty: refreshing the engine's state first.");
    return commands.run("refresh");
  }
  const statePath = path.join(stateDir, "state.json");
  const stateFile = new StateFile(statePath);
  if (!stateFile.exists()) return true;
  const old = stateFile.load(project, LAB_STACK).resources.filter((r) => r.custom);
  const orphaned = old.filter((r) => typeof r.outputs.deviceUrl === "string" && !deviceUrls.has(r.outputs.deviceUrl));
  if (orphaned.length > 0) {
    console.log("The emulators just started empty, on other ports than the old state's objects:");
    removeFromState(
      { projectDir: root, project, stack: LAB_STACK, statePath },
      orphaned.map((r) => r.urn),
      "its emulator is no longer running (emulators keep objects in memory only)",
    );
  }
  if (old.length === orphaned.length) return true;
  if (next === "refresh") {
    console.log("The emulators just started empty: refresh will find every object of the old state gone.");
    return true;
  }
  console.log(
    "The emulators just started empty: refreshing the old state first (its objects are gone and leave the state).",
  );
  return commands.run("refresh", { quiet: true });
}
