import * as fs from "node:fs";
import * as path from "node:path";
import type * as automation from "@pulumi/pulumi/automation";
import type { Command } from "../stack/command";
import { type StackConfig, namespacedKey, secretValues } from "../stack/config";
import { Printer } from "../stack/printer";
import { readProjectFile } from "../stack/project-file";
import { findPulumiCli } from "./pulumi-cli";

/**
 * The same lifecycle through the real engine, when a `pulumi` binary is on PATH:
 * the Automation API (LocalWorkspace) with a local file backend and a passphrase
 * secrets provider. Nothing here runs without the CLI, so on a machine without it
 * callers must skip (and say so) rather than pass.
 *
 * The workspace is a scratch directory (never the project tree, so no
 * Pulumi.<stack>.yaml lands in the repository): Pulumi.yaml naming the project, an
 * index.js that requires the compiled program, and node_modules linked to the
 * project's, so the language host, the program and the dynamic-provider host all
 * resolve the project's @pulumi/pulumi and provider code.
 */

export interface AutomationOptions {
  readonly projectDir: string;
  /** Compiled program; default `main` of Pulumi.yaml. */
  readonly program?: string;
  readonly stack: string;
  /** Directory for the file backend and the scratch workspace. */
  readonly workDir: string;
  /** Passphrase of the stack's secrets provider. */
  readonly passphrase: string;
  readonly config: StackConfig;
  readonly print?: (line: string) => void;
}

export interface AutomationResult {
  readonly command: Command;
  /** Operation counts from the engine (create, update, same, delete...). */
  readonly changes: Readonly<Record<string, number>>;
  readonly printed: readonly string[];
}

async function openStack(options: AutomationOptions, printer: Printer): Promise<automation.Stack> {
  if (!findPulumiCli()) throw new Error("the pulumi CLI is not on PATH: the Automation API cannot run");
  const auto = (await import("@pulumi/pulumi/automation")) as typeof automation;
  const projectDir = path.resolve(options.projectDir);
  const project = readProjectFile(projectDir);
  const program = path.resolve(options.program ?? project.main ?? "");
  if (!fs.existsSync(program)) throw new Error(`program ${program} does not exist (build first)`);

  const backend = path.resolve(options.workDir, "backend");
  const workspace = path.resolve(options.workDir, "workspace");
  fs.mkdirSync(backend, { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, "index.js"), `module.exports = require(${JSON.stringify(program)});\n`);
  const modules = path.join(workspace, "node_modules");
  if (!fs.existsSync(modules)) fs.symlinkSync(path.join(projectDir, "node_modules"), modules, "dir");

  const ws = await auto.LocalWorkspace.create({
    workDir: workspace,
    projectSettings: {
      name: project.name,
      runtime: { name: "nodejs", options: { typescript: false } },
      main: "index.js",
    },
    secretsProvider: "passphrase",
    envVars: {
      PULUMI_BACKEND_URL: `file://${backend}`,
      PULUMI_CONFIG_PASSPHRASE: options.passphrase,
      PULUMI_SKIP_UPDATE_CHECK: "true",
    },
  });
  const stack = await auto.Stack.createOrSelect(options.stack, ws);
  const config: automation.ConfigMap = {};
  for (const [key, entry] of Object.entries(options.config)) {
    config[namespacedKey(project.name, key)] =
      typeof entry === "string" ? { value: entry } : { value: entry.value, secret: entry.secret === true };
  }
  await stack.setAllConfig(config);
  printer.line(`Automation API: stack ${options.stack} of ${project.name}, backend file://${backend}`);
  return stack;
}

/** Runs one command through the real engine. */
export async function runWithAutomation(command: Command, options: AutomationOptions): Promise<AutomationResult> {
  const printer = new Printer(options.print ?? ((line) => console.log(line)), [
    ...secretValues(options.config),
    options.passphrase,
  ]);
  const stack = await openStack(options, printer);
  const onOutput = (text: string) => printer.line(text.replace(/\n$/, ""));
  let changes: Record<string, number> = {};
  switch (command) {
    case "up":
      changes = { ...((await stack.up({ onOutput })).summary.resourceChanges ?? {}) };
      break;
    case "preview":
      changes = { ...(await stack.preview({ onOutput })).changeSummary };
      break;
    case "refresh":
      changes = { ...((await stack.refresh({ onOutput })).summary.resourceChanges ?? {}) };
      break;
    case "destroy":
      changes = { ...((await stack.destroy({ onOutput })).summary.resourceChanges ?? {}) };
      break;
  }
  return { command, changes, printed: printer.lines };
}
