import * as fs from "node:fs";
import * as path from "node:path";
import { contentPlanOf } from "../../examples/skype-content/content-plan";
import { CONFIG_KEYS as CONTENT_KEYS, readContentSettings } from "../../examples/skype-content/settings";
import { CONFIG_KEYS as DUAL_DOMAIN_KEYS, type ConfigKey } from "../../examples/dual-domain/settings";
import { contentManualSteps } from "../../provider/topology";
import { readProjectFile } from "../stack/project-file";
import { readStackConfigFile, type StackConfigFile } from "../stack/stack-config-file";
import { compileProgram } from "./compile-program";
import type { StackConfig } from "../stack/config";
import { type ProgramKey, programConfigKeys } from "./lab-config";
import type { EmulatedVersions } from "./lab-file";
import { configLookup, exampleSettings, manualStepLines, stepLines, versionLines } from "./print-manual-steps";
import { type LabExpectations, labExpectations } from "./verify";

/**
 * The program the lab runs (`--program DIR`, default examples/dual-domain): where its
 * compiled file is, its project name, the config keys `--config` accepts for it, and what
 * the lab prints around the engine's table. Any program directory runs through the same
 * engine; the examples the lab knows also get their release lines, manual steps and verify
 * expectations, computed by their own settings readers from the same stack config.
 */

export const DEFAULT_PROGRAM = "examples/dual-domain";

export interface LabProgram {
  /** The program directory, relative to the package root (absolute for one outside it). */
  readonly dir: string;
  /** The compiled program the engine runs. */
  readonly file: string;
  /** Pulumi project name: its state is kept apart from other programs'. */
  readonly project: string;
  /** The directory's own `Pulumi.<stack>.yaml`, when it has one. */
  readonly stackConfig?: StackConfigFile;
  /** Config keys of the program (`--config` accepts these; secret ones are kept secret). */
  readonly keys: readonly ProgramKey[];
  /** The releases the emulators play and the shape the program takes on them. */
  intro(versions: EmulatedVersions, config: StackConfig): string[];
  /** The steps no management API does, as the config makes them (none for an unknown program). */
  manualStepLines(config: StackConfig): string[];
  /** What `verify` expects of the stack. */
  expectations(config: StackConfig): LabExpectations;
}

/** What the lab knows of an example beyond its compiled file. */
interface KnownExample {
  readonly keys: readonly ConfigKey[];
  intro(versions: EmulatedVersions, config: StackConfig, project: string): string[];
  manualStepLines(config: StackConfig, project: string): string[];
  expectations(config: StackConfig, project: string): LabExpectations;
}

const KNOWN: Readonly<Record<string, KnownExample>> = {
  "examples/dual-domain": {
    keys: DUAL_DOMAIN_KEYS,
    intro: (versions, config, project) => versionLines(versions, exampleSettings(config, project)),
    manualStepLines,
    expectations: (config, project) => {
      const configured = configLookup(config, project);
      return labExpectations(exampleSettings(config, project), {
        address: configured("turnCheckAddress"),
        password: configured("cmsTurnPassword") ?? configured("turnPassword"),
      });
    },
  },
  "examples/skype-content": {
    keys: CONTENT_KEYS,
    intro: (versions, config, project) => {
      const s = readContentSettings(configLookup(config, project));
      return [
        `Emulating CMS ${versions.cms} and Expressway-C/E ${versions.expressway} for the Skype for Business ` +
          "content system (TAC 212580; the document's CMS 10.48.54.230 and Expressway-E 10.48.54.229 are data only).",
        `  CMS TURN server type "${s.turn.cmsServerType}": ${s.turn.cmsServerTypeReason}.`,
        s.turn.managed
          ? "  Expressway-E TURN is managed through its REST path (X8.11 and later)."
          : `  Expressway ${s.expresswayVersion} has no TURN REST path: TURN is a manual step below.`,
      ];
    },
    manualStepLines: (config, project) =>
      stepLines(contentManualSteps(contentPlanOf(readContentSettings(configLookup(config, project))))),
    expectations: (config, project) => {
      const configured = configLookup(config, project);
      const { turn } = readContentSettings(configured);
      return {
        // TAC 212580's system has no Mobile and Remote Access: no Expressway-C SSH tunnel to expect.
        tunnelDomains: [],
        turnCheck: {
          address: configured("turnCheckAddress"),
          password: configured("turnPassword"),
          mediaRange: { start: turn.mediaPortStart, end: turn.mediaPortEnd },
        },
      };
    },
  },
};

/**
 * The lab's program for a directory: relative to the package root or absolute. Inside the root
 * it is the checkout's own build (dist/DIR/index.js); outside, its TypeScript is compiled on the
 * fly (compile-program.ts).
 */
export function labProgram(root: string, dir: string = DEFAULT_PROGRAM): LabProgram {
  const absolute = path.resolve(root, dir);
  const inside = path.relative(root, absolute).split(path.sep).join("/");
  const outside = inside.startsWith("..") || path.isAbsolute(inside);
  if (!fs.existsSync(absolute) || !fs.statSync(absolute).isDirectory())
    throw new Error(`--program ${dir}: no such directory`);
  const relative = outside ? absolute : inside;
  const file = outside ? compileProgram(root, absolute) : path.join(root, "dist", relative, "index.js");
  const project = projectName(root, absolute, file);
  const known = KNOWN[relative];
  const keys = new Map<string, boolean>();
  for (const { key, secret } of [...programConfigKeys(file), ...(known?.keys ?? [])])
    keys.set(key, (keys.get(key) ?? false) || !!secret);
  return {
    dir: relative,
    file,
    project,
    stackConfig: readStackConfigFile(absolute),
    keys: [...keys].map(([key, secret]) => ({ key, secret })),
    intro: (versions, config) =>
      known?.intro(versions, config, project) ?? [
        `Emulating CMS ${versions.cms} and Expressway-C/E ${versions.expressway}; running ${relative}.`,
      ],
    manualStepLines: (config) => known?.manualStepLines(config, project) ?? [],
    expectations: (config) => known?.expectations(config, project) ?? {},
  };
}

/**
 * The project: the directory's own Pulumi.yaml, else the package's when its `main` is this
 * program (examples/dual-domain), else one named after the directory.
 */
function projectName(root: string, dir: string, file: string): string {
  if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return readProjectFile(dir).name;
  const rootProject = readProjectFile(root);
  if (rootProject.main && path.resolve(rootProject.main) === file) return rootProject.name;
  return `cisco-edge-${path.basename(dir)}`;
}
