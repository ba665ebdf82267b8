import * as path from "node:path";
import { type StackConfig, resolveConfig, secretValues } from "../stack/config";
import { Printer } from "../stack/printer";
import { readProjectFile } from "../stack/project-file";
import { destroyState } from "./destroy";
import { DynamicProviderHost } from "./host";
import { SILENT, type StepEvents, printedEvents } from "./events";
import { formatDiagnostics, formatOutputs, formatStepsTable, formatSummary } from "./format";
import { runProgram } from "./program";
import { deepEqual, unwrapProps } from "./property-map";
import { refreshState } from "./refresh";
import type { Command, RunResult, StepReport } from "./report";
import { Checkpoints, type StackState, StateFile } from "./state";
import { Deployment } from "./steps";

/**
 * The fake engine: an emulation of the Pulumi engine's step logic and state file, so
 * that `up`, `preview`, `refresh` and `destroy` of a program whose resources are
 * dynamic-provider resources run without the Pulumi CLI. It is not the engine: the
 * SDK's real pieces do the work they do under the CLI (the program runs in the SDK,
 * registrations are serialized by the SDK, every provider call goes through the SDK's
 * dynamic-provider host over gRPC), and only the engine's part is emulated here.
 * lab/real-engine runs the same commands through the real engine. See ./README.md.
 */

export type { Command, RunResult, StepReport } from "./report";
export type { StackConfig, ConfigValue } from "../stack/config";

export interface FakeEngineOptions {
  /** Project root: Pulumi.yaml, node_modules; the working directory of the program and of the host. */
  readonly projectDir: string;
  /** Compiled program (.js); default: `main` of Pulumi.yaml. */
  readonly program?: string;
  /** Default: `name` of Pulumi.yaml. */
  readonly project?: string;
  readonly stack: string;
  /** The state file (JSON); its key file is `<statePath>.key`. */
  readonly statePath: string;
  /** Stack config; keys without a namespace belong to the project. Device profiles are `cms:url` etc. */
  readonly config: StackConfig;
  /** Where printed lines go (default: console.log). Lines are redacted before they get here. */
  readonly print?: (line: string) => void;
  /** Also print the engine's internal counters and the host's stack traces. */
  readonly verbose?: boolean;
  /** `up` without the preview pass that `pulumi up` runs first (its --skip-preview), e.g. for benchmarks. */
  readonly skipPreview?: boolean;
  /**
   * Print every stack output after up or preview even when none changed (by default an unchanged
   * set is one line, so a no-op stays a few lines).
   */
  readonly showOutputs?: boolean;
  /** Outputs printed as one line instead of their value (key → the line), e.g. a list the caller prints itself. */
  readonly outputsApart?: Readonly<Record<string, string>>;
}

const VERB: Record<Command, string> = {
  up: "Updating",
  preview: "Previewing",
  refresh: "Refreshing",
  destroy: "Destroying",
};

/**
 * The host echoes every error it passes on with its stack (`console.error(\`${e}: ${e.stack}\`)`);
 * the error itself is reported once, under Diagnostics, so the echo is shown only with --verbose.
 */
function isErrorEcho(line: string): boolean {
  return /^\s+at /.test(line) || /^[A-Za-z]*Error: /.test(line);
}

/** Errors that belong to no failed step (a failed step's own error is under its resource, once). */
function otherErrors(errors: readonly string[], steps: readonly StepReport[]): string[] {
  const failedUrns = steps.filter((s) => s.status === "failed").map((s) => s.urn);
  return errors.filter((error) => {
    if (failedUrns.some((urn) => error.startsWith(`${urn}: `))) return false;
    // The program stops because a registration failed: that failure is already listed.
    if (error.startsWith("the program failed:") && failedUrns.some((urn) => error.includes(urn))) return false;
    return true;
  });
}

const ZERO_CALLS = { configure: 0, check: 0, diff: 0, create: 0, read: 0, update: 0, delete: 0 };

export async function runCommand(command: Command, options: FakeEngineOptions): Promise<RunResult> {
  const projectDir = path.resolve(options.projectDir);
  const projectFile = readProjectFile(projectDir);
  const project = options.project ?? projectFile.name;
  const program = options.program ?? projectFile.main;
  const config = resolveConfig(project, options.config);
  const startedAt = Date.now();
  const printer = new Printer(options.print ?? ((line) => console.log(line)), secretValues(options.config));
  const stateFile = new StateFile(path.resolve(options.statePath));
  const unlock = stateFile.lock();
  const checkpoints = new Checkpoints(stateFile);
  let host: DynamicProviderHost | undefined;
  const errors: string[] = [];
  let steps: StepReport[] = [];
  let final: StackState | undefined;
  /** What up's preview planned to change: those the update never reached are counted as not attempted. */
  let planned: StepReport[] = [];
  try {
    const base = stateFile.load(project, options.stack);
    // Old secrets (e.g. a rotated password) are masked in output too.
    for (const resource of base.resources) {
      printer.addSecrets(
        resource.secretInputs.map((key) => resource.inputs[key]).filter((v): v is string => typeof v === "string"),
      );
    }
    printer.line(
      `${VERB[command]} (${project}/${options.stack}; fake engine: the Pulumi engine's steps emulated, ` +
        "provider calls through the SDK's dynamic-provider host)",
    );
    printer.line();

    host = await DynamicProviderHost.start({
      cwd: projectDir,
      project,
      log: (line) => {
        if (options.verbose || !isErrorEcho(line)) printer.line(`    [provider] ${line}`);
      },
    });
    const events = printedEvents((line) => printer.line(line));
    // As the engine does before any other call (and before Delete in destroy): the whole stack config.
    await host.configure(config.values);
    const save = (state: () => StackState) => checkpoints.offer(state);

    switch (command) {
      case "up":
      case "preview": {
        if (!program) throw new Error("no program: give `program` or set `main` in Pulumi.yaml");
        const printProgramLine = (line: string) => printer.line(`[program] ${line}`);
        const deploy = async (preview: boolean, stepEvents: StepEvents, log = printProgramLine) => {
          const deployment = new Deployment({
            host: host as DynamicProviderHost,
            base,
            preview,
            checkpoint: save,
            events: stepEvents,
          });
          const result = await runProgram({
            cwd: projectDir,
            program,
            project,
            stack: options.stack,
            preview,
            config: config.values,
            secretKeys: config.secretKeys,
            onRegister: (message) => deployment.register(message),
            log,
          });
          await deployment.finish(result.ok);
          const runErrors = [
            ...(result.ok ? [] : [`the program failed: ${result.error ?? "unknown error"}`]),
            ...deployment.errors,
          ];
          return { deployment, result, runErrors };
        };
        if (command === "up" && !options.skipPreview) {
          // As \`pulumi up\` does: a preview first (Check and Diff of every resource, no writes), so a
          // mistake it can see (an invalid input, an incomplete device profile) stops the run before
          // anything is written to any device.
          printer.line("Previewing first: every resource is checked before anything is written...");
          // The program runs again for the update and prints the same lines then; they are shown
          // from the preview only when it stops the run.
          const previewLines: string[] = [];
          const plan = await deploy(true, SILENT, (line) => previewLines.push(line));
          planned = plan.deployment.steps.filter((step) => step.status === "planned" && step.action !== "same");
          if (plan.runErrors.length > 0) {
            for (const line of previewLines) printProgramLine(line);
            printer.line("The preview failed: nothing was changed on any device.");
            steps = plan.deployment.steps.filter((step) => step.status === "failed");
            for (const step of steps) events.finished(step);
            errors.push(...plan.runErrors);
            final = base;
            break;
          }
        }
        const { deployment, result, runErrors } = await deploy(command === "preview", events);
        errors.push(...runErrors);
        steps = deployment.steps;
        const outputs = result.ok ? unwrapProps(result.outputs) : undefined;
        const snapshot = deployment.snapshot(
          outputs ? { plain: outputs.plain, secretKeys: outputs.secretKeys } : undefined,
        );
        final = snapshot;
        if (command === "up") save(() => snapshot);
        break;
      }
      case "refresh": {
        const outcome = await refreshState(host, base, events);
        steps = outcome.steps;
        errors.push(...outcome.errors);
        final = outcome.state;
        save(() => outcome.state);
        break;
      }
      case "destroy": {
        const outcome = await destroyState(host, base, save, events);
        steps = outcome.steps;
        errors.push(...outcome.errors);
        final = outcome.state;
        save(() => outcome.state);
        break;
      }
    }

    // A run where nothing changes (and nothing failed) has no table: every row would say "same".
    if (steps.some((step) => step.action !== "same" || step.status === "failed")) {
      printer.line();
      printer.line(formatStepsTable(steps));
    }
    if (final && command !== "destroy") {
      printer.line();
      const unchanged = deepEqual(final.outputs, base.outputs) && Object.keys(final.outputs).length > 0;
      if (unchanged && !options.showOutputs) printer.line("Outputs: unchanged (--show outputs prints them)");
      else printer.line(formatOutputs(final.outputs, final.secretOutputs, options.outputsApart));
    }
    if (options.verbose) {
      const calls = Object.entries(host.calls)
        .filter(([, n]) => n > 0)
        .map(([method, n]) => `${method} ${n}`)
        .join(", ");
      printer.line(`Dynamic-provider host calls: ${calls}`);
    }
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error));
  } finally {
    await host?.close();
    checkpoints.flush();
    unlock();
  }
  const diagnostics = formatDiagnostics(steps, otherErrors(errors, steps));
  if (diagnostics) {
    printer.line();
    printer.line(diagnostics);
  }
  printer.line();
  const reached = new Set(steps.map((step) => step.urn));
  const notAttempted = errors.length > 0 ? planned.filter((step) => !reached.has(step.urn)).length : 0;
  printer.line(formatSummary(steps, Date.now() - startedAt, notAttempted));
  if (errors.length > 0) printer.line(`${command} failed: ${countFailed(steps, errors)}`);
  return {
    command,
    ok: errors.length === 0,
    steps,
    outputs: final?.outputs ?? {},
    secretOutputs: final?.secretOutputs ?? [],
    errors,
    hostCalls: host ? { ...host.calls } : { ...ZERO_CALLS },
    printed: printer.lines,
  };
}

function countFailed(steps: readonly StepReport[], errors: readonly string[]): string {
  const failed = steps.filter((s) => s.status === "failed").map((s) => s.name);
  return failed.length > 0
    ? `${failed.length} resource${failed.length === 1 ? "" : "s"} failed (${failed.join(", ")})`
    : `${errors.length} error${errors.length === 1 ? "" : "s"}`;
}

/**
 * Like `pulumi state delete`: drops resources from the state without any provider
 * call, for objects known to be gone (e.g. their emulator process has exited).
 */
export function removeFromState(
  options: Pick<FakeEngineOptions, "projectDir" | "project" | "stack" | "statePath" | "print">,
  urns: readonly string[],
  reason: string,
): StepReport[] {
  const project = options.project ?? readProjectFile(path.resolve(options.projectDir)).name;
  const stateFile = new StateFile(path.resolve(options.statePath));
  const unlock = stateFile.lock();
  try {
    const state = stateFile.load(project, options.stack);
    const removed = state.resources.filter((r) => urns.includes(r.urn));
    if (removed.length === 0) return [];
    stateFile.save({ ...state, resources: state.resources.filter((r) => !urns.includes(r.urn)) });
    const steps: StepReport[] = removed
      .filter((r) => r.custom)
      .map((r) => ({
        urn: r.urn,
        name: r.name,
        type: r.type,
        action: "delete",
        status: "done",
        id: r.id,
        note: reason,
      }));
    const print = options.print ?? ((line: string) => console.log(line));
    for (const line of `removed from state (no provider call):\n${formatStepsTable(steps)}`.split("\n")) print(line);
    return steps;
  } finally {
    unlock();
  }
}

/** The state as the fake engine last saved it (secrets decrypted), e.g. for checks. */
export function readState(statePath: string, project: string, stack: string): StackState {
  return new StateFile(path.resolve(statePath)).load(project, stack);
}
