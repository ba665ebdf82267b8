import * as fs from "node:fs";
import * as path from "node:path";
import { type Json, type WirePropertyMap, SECRET_SIG, SIG_KEY } from "./property-map";
import { SecretsManager } from "./secrets";

/**
 * The stack's state between runs: one JSON file, shaped like a trimmed Pulumi
 * checkpoint (resources in dependency order, inputs and outputs per URN). Secret
 * values are stored as Pulumi stores them, `{"4dabf...": "1b47...", "ciphertext": ...}`,
 * encrypted with the key file next to the state. In memory everything is plain and
 * the secret top-level keys are listed beside the values.
 */

export interface ResourceState {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** false for component resources (the root pulumi:pulumi:Stack): no provider, no id. */
  readonly custom: boolean;
  readonly id: string;
  /** Parent URN, "" for the root stack. */
  readonly parent: string;
  readonly inputs: WirePropertyMap;
  readonly outputs: WirePropertyMap;
  readonly secretInputs: readonly string[];
  readonly secretOutputs: readonly string[];
  /** Every URN this resource depends on: dependsOn, inputs taken from other resources, and the parent. */
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly options: ResourceOptionsState;
  /** A create or update that left the object on the device but reported failure (ErrorResourceInitFailed). */
  readonly initErrors?: readonly string[];
  /** The old copy of a resource replaced create-before-delete, still to be deleted (Pulumi's `delete: true`). */
  readonly pendingDelete?: boolean;
  readonly created?: string;
  readonly modified?: string;
}

export interface ResourceOptionsState {
  readonly deleteBeforeReplace?: boolean;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
  readonly additionalSecretOutputs?: readonly string[];
  readonly ignoreChanges?: readonly string[];
}

export interface StackState {
  readonly project: string;
  readonly stack: string;
  readonly resources: readonly ResourceState[];
  readonly outputs: WirePropertyMap;
  readonly secretOutputs: readonly string[];
}

export const STATE_KIND = "cisco-edge-fake-engine/state";
/** The kind written before lab/runner became lab/fake-engine: same format, still read. */
export const OLD_STATE_KINDS: readonly string[] = ["cisco-edge-lab-runner/state"];
const VERSION = 1;

interface EncryptedValue {
  [SIG_KEY]: typeof SECRET_SIG;
  ciphertext: string;
}

type StoredResource = Omit<ResourceState, "inputs" | "outputs" | "secretInputs" | "secretOutputs"> & {
  inputs: Record<string, Json | EncryptedValue>;
  outputs: Record<string, Json | EncryptedValue>;
};

interface StoredState {
  kind: string;
  version: number;
  project: string;
  stack: string;
  secrets: { provider: "aes-256-gcm-keyfile"; keyFile: string; check: string };
  updated: string;
  outputs: Record<string, Json | EncryptedValue>;
  resources: StoredResource[];
}

function isEncrypted(value: unknown): value is EncryptedValue {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG &&
    typeof (value as Record<string, unknown>).ciphertext === "string"
  );
}

export function emptyState(project: string, stack: string): StackState {
  return { project, stack, resources: [], outputs: {}, secretOutputs: [] };
}

export class StateFile {
  readonly secrets: SecretsManager;

  constructor(
    readonly path: string,
    keyFile = SecretsManager.keyFileFor(path),
  ) {
    this.secrets = SecretsManager.open(keyFile);
  }

  exists(): boolean {
    return fs.existsSync(this.path);
  }

  load(project: string, stack: string): StackState {
    if (!this.exists()) return emptyState(project, stack);
    const stored = JSON.parse(fs.readFileSync(this.path, "utf8")) as StoredState;
    const knownKind = stored.kind === STATE_KIND || OLD_STATE_KINDS.includes(stored.kind);
    if (!knownKind || stored.version !== VERSION)
      throw new Error(`${this.path} is not a fake-engine state file (version ${VERSION})`);
    if (stored.project !== project || stored.stack !== stack) {
      throw new Error(`${this.path} holds stack ${stored.project}/${stored.stack}, not ${project}/${stack}`);
    }
    this.secrets.verify(stored.secrets.check);
    const outputs = this.decode(stored.outputs);
    return {
      project,
      stack,
      outputs: outputs.plain,
      secretOutputs: outputs.secretKeys,
      resources: stored.resources.map((r) => {
        const inputs = this.decode(r.inputs);
        const outs = this.decode(r.outputs);
        return {
          ...r,
          inputs: inputs.plain,
          outputs: outs.plain,
          secretInputs: inputs.secretKeys,
          secretOutputs: outs.secretKeys,
        };
      }),
    };
  }

  /** Writes atomically (temporary file, then rename), mode 0600. */
  save(state: StackState): void {
    const stored: StoredState = {
      kind: STATE_KIND,
      version: VERSION,
      project: state.project,
      stack: state.stack,
      secrets: {
        provider: "aes-256-gcm-keyfile",
        keyFile: path.relative(path.dirname(this.path), this.secrets.keyFile),
        check: this.secrets.keyCheck(),
      },
      updated: new Date().toISOString(),
      outputs: this.encode(state.outputs, state.secretOutputs),
      resources: state.resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        custom: r.custom,
        id: r.id,
        parent: r.parent,
        ...(r.pendingDelete ? { pendingDelete: true } : {}),
        ...(r.initErrors ? { initErrors: r.initErrors } : {}),
        inputs: this.encode(r.inputs, r.secretInputs),
        outputs: this.encode(r.outputs, r.secretOutputs),
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        options: r.options,
        ...(r.created ? { created: r.created } : {}),
        ...(r.modified ? { modified: r.modified } : {}),
      })),
    };
    fs.mkdirSync(path.dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(temporary, this.path);
  }

  /** Exclusive lock for one command (`<state>.lock` holding the pid); a lock left by a dead process is taken over. */
  lock(): () => void {
    const file = `${this.path}.lock`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(file, String(process.pid), { flag: "wx", mode: 0o600 });
        return () => fs.rmSync(file, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const owner = Number(fs.readFileSync(file, "utf8"));
        if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
          throw new Error(`${this.path} is in use by process ${owner} (lock file ${file})`);
        }
        fs.rmSync(file, { force: true });
      }
    }
    throw new Error(`could not lock ${this.path}`);
  }

  private encode(props: WirePropertyMap, secretKeys: readonly string[]): Record<string, Json | EncryptedValue> {
    const out: Record<string, Json | EncryptedValue> = {};
    for (const [key, value] of Object.entries(props)) {
      out[key] = secretKeys.includes(key)
        ? { [SIG_KEY]: SECRET_SIG, ciphertext: this.secrets.encrypt(JSON.stringify(value)) }
        : value;
    }
    return out;
  }

  private decode(stored: Record<string, Json | EncryptedValue>): { plain: WirePropertyMap; secretKeys: string[] } {
    const plain: WirePropertyMap = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(stored)) {
      if (isEncrypted(value)) {
        plain[key] = JSON.parse(this.secrets.decrypt(value.ciphertext)) as Json;
        secretKeys.push(key);
      } else {
        plain[key] = value as Json;
      }
    }
    return { plain, secretKeys };
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Checkpoints after every step, as the engine does, but coalesced: the whole state is
 * encrypted and rewritten at most every `intervalMs` (the latest snapshot wins), so a
 * stack of a thousand resources is not rewritten a thousand times. The interval grows with
 * what a write costs (`writeShare`): a write of a large state takes longer, and at a fixed
 * interval writing would take a share of the run that grows with the stack (quadratic in
 * all). `flush` writes what is pending; the fake engine flushes when a command ends, failed or not.
 */
export class Checkpoints {
  private pending?: () => StackState;
  private timer?: NodeJS.Timeout;
  private nextWrite = 0;

  constructor(
    private readonly file: Pick<StateFile, "save">,
    private readonly intervalMs = 250,
    /** The most of the run's time that writing may take: 0.1, one tenth. */
    private readonly writeShare = 0.1,
    private readonly now: () => number = Date.now,
  ) {}

  /** The state as it stands, made only when written: the latest offer wins. */
  offer(state: () => StackState): void {
    this.pending = state;
    const wait = this.nextWrite - this.now();
    if (wait <= 0) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending) return;
    const started = this.now();
    this.file.save(this.pending());
    this.pending = undefined;
    const ended = this.now();
    this.nextWrite = ended + Math.max(this.intervalMs, (ended - started) / this.writeShare);
  }
}
