import type { WirePropertyMap } from "./property-map";

/**
 * Messages between the fake engine and the child process that runs the Pulumi program
 * under the SDK's mocks (Node IPC channel of `child_process.fork`). The child is
 * the "language host" side, the fake engine the "engine" side of RegisterResource.
 */

export interface StartMessage {
  readonly kind: "start";
  readonly program: string;
  readonly project: string;
  readonly stack: string;
  readonly preview: boolean;
  /** Stack config as the SDK reads it (PULUMI_CONFIG), `project:key` names. */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
}

/** What the engine learns from a RegisterResourceRequest beyond MockResourceArgs. */
export interface RegistrationOptions {
  readonly parent: string;
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly deleteBeforeReplace?: boolean;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
  readonly additionalSecretOutputs: readonly string[];
  readonly ignoreChanges: readonly string[];
  readonly replaceOnChanges: readonly string[];
  /** Set for `get`/import registrations (opts.id / opts.import). */
  readonly id?: string;
}

export interface RegisterMessage {
  readonly kind: "register";
  readonly seq: number;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** Inputs exactly as the SDK serialized them: secrets as sentinels, `__provider` as text. */
  readonly inputs: WirePropertyMap;
  readonly options: RegistrationOptions;
}

export interface DoneMessage {
  readonly kind: "done";
  /** Stack outputs as registered on the root stack (secret sentinels kept). */
  readonly outputs: WirePropertyMap;
}

export interface ProgramErrorMessage {
  readonly kind: "error";
  readonly message: string;
}

export type ChildMessage = RegisterMessage | DoneMessage | ProgramErrorMessage;

export interface RegisteredMessage {
  readonly kind: "registered";
  readonly seq: number;
  /** "" = unknown (preview of a new resource). */
  readonly id: string;
  /** Outputs for the program: secrets as sentinels, unknowns as the unknown string. */
  readonly state: WirePropertyMap;
}

export interface RegisterFailedMessage {
  readonly kind: "failed";
  readonly seq: number;
  readonly message: string;
}

export type ParentMessage = StartMessage | RegisteredMessage | RegisterFailedMessage;
