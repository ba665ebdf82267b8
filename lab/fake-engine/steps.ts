import { type DynamicProviderHost, ProviderError } from "./host";
import { deleteSteps } from "./destroy";
import {
  PROVIDER_KEY,
  type WirePropertyMap,
  changedKeys,
  deepEqual,
  unwrapProps,
  withProvider,
  wrapProps,
} from "./property-map";
import type { RegisterMessage } from "./protocol";
import { adopts } from "../../provider/lifecycle/adoption";
import { isDigest, secretMatches } from "../../provider/secrets";
import { SILENT, type StepEvents } from "./events";
import { SECRET_MASK } from "../stack/printer";
import type { Action, StepReport, ValueChange } from "./report";
import type { ResourceState, StackState } from "./state";

/**
 * The engine's step generation and execution for `up` and `preview`, emulated on
 * top of the real dynamic-provider host (pkg/resource/deploy/step_generator.go and
 * step_executor.go are the model):
 *
 *  - new URN: Check(olds {}, news), then Create;
 *  - known URN: Check(olds = old inputs, news), Diff(olds = old OUTPUTS, news = checked inputs):
 *    DIFF_NONE → same (new inputs stored, old outputs kept, no call to the device);
 *    DIFF_SOME → Update, or replacement when `replaces` is not empty (create-before-delete,
 *    unless deleteBeforeReplace comes from the diff or the resource option);
 *    DIFF_UNKNOWN → the engine's own comparison of old and new inputs (`__provider` included);
 *  - a resource left with init errors by a partial failure is always updated;
 *  - after the program: every old resource it did not register, and every replaced
 *    old copy, is deleted, dependents first; nothing is deleted if anything failed.
 * Preview runs Check and Diff only and answers the program with the inputs as outputs.
 */

export const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

export interface DeploymentOptions {
  readonly host: DynamicProviderHost;
  readonly base: StackState;
  readonly preview: boolean;
  /** Called with the state after every completed step (not in preview). */
  /** Takes the state as it stands, made only when it is written (a large stack's snapshot is not free). */
  readonly checkpoint: (state: () => StackState) => void;
  /** Told when each step starts and ends (the printed progress). */
  readonly events?: StepEvents;
}

/** Old and new values of the changed keys (secret ones flagged, to be shown masked). */
export function valueChanges(
  keys: readonly string[],
  olds: WirePropertyMap,
  news: WirePropertyMap,
  secretKeys: readonly string[],
): ValueChange[] {
  return keys
    .filter((key) => key !== PROVIDER_KEY)
    .map((key) => ({
      key,
      ...(olds[key] !== undefined ? { old: olds[key] } : {}),
      ...(news[key] !== undefined ? { new: news[key] } : {}),
      secret: secretKeys.includes(key),
    }));
}

function secretOutputKeys(
  outputs: WirePropertyMap,
  secretInputs: readonly string[],
  additional: readonly string[] = [],
): string[] {
  return Object.keys(outputs).filter((key) => secretInputs.includes(key) || additional.includes(key));
}

function dependenciesOf(message: RegisterMessage): string[] {
  const all = new Set<string>(message.options.dependencies);
  for (const urns of Object.values(message.options.propertyDependencies)) for (const urn of urns) all.add(urn);
  if (message.options.parent) all.add(message.options.parent);
  all.delete(message.urn);
  return [...all];
}

/**
 * One check failure as the Pulumi engine prints it (pkg/resource/deploy step generator,
 * issueCheckFailures with sdk/go/common/diag/errors.go's 2002 and 2003 messages): the value in
 * the engine's `{value}` form, a secret one masked.
 */
export function checkFailureText(
  message: Pick<RegisterMessage, "type" | "name">,
  failure: { readonly property: string; readonly reason: string },
  inputs: WirePropertyMap,
  secretKeys: readonly string[],
): string {
  if (failure.property === "") return `${message.type} resource '${message.name}' has a problem: ${failure.reason}`;
  const value = inputs[failure.property];
  const shown = secretKeys.includes(failure.property)
    ? SECRET_MASK
    : value === undefined || value === null
      ? "<nil>"
      : typeof value === "string"
        ? value
        : JSON.stringify(value);
  return (
    `${message.type} resource '${message.name}': property ${failure.property} value {${shown}} ` +
    `has a problem: ${failure.reason}`
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class Deployment {
  readonly steps: StepReport[] = [];
  private readonly events: StepEvents;
  readonly errors: string[] = [];
  private readonly host: DynamicProviderHost;
  private readonly preview: boolean;
  private readonly checkpoint: (state: () => StackState) => void;
  private readonly base: StackState;
  /** Live old resources by URN (the engine's `olds`). */
  private readonly olds = new Map<string, ResourceState>();
  /** Old copies already waiting for deletion when the run started (an earlier replacement). */
  private readonly pendingDeletes: ResourceState[];
  /** Registered resources, in the order their steps completed (dependencies first). */
  private readonly news = new Map<string, ResourceState>();
  /** Old copies replaced create-before-delete during this run. */
  private readonly replaced: ResourceState[] = [];
  /** Old resources deleted during the run (delete-before-replace). */
  private readonly gone = new Set<ResourceState>();
  private readonly completion = new Map<string, Promise<unknown>>();
  /** Every URN the program registered (whether or not its step succeeded or, in preview, ran). */
  private readonly registered = new Set<string>();

  constructor(options: DeploymentOptions) {
    this.host = options.host;
    this.events = options.events ?? SILENT;
    this.preview = options.preview;
    this.checkpoint = options.checkpoint;
    this.base = options.base;
    for (const resource of options.base.resources) if (!resource.pendingDelete) this.olds.set(resource.urn, resource);
    this.pendingDeletes = options.base.resources.filter((r) => r.pendingDelete);
  }

  /** One RegisterResource from the program: performs its step and returns what the program sees. */
  register(message: RegisterMessage): Promise<{ id: string; state: WirePropertyMap }> {
    if (this.registered.has(message.urn)) {
      this.errors.push(`${message.urn}: registered twice`);
      return Promise.reject(new Error(`Duplicate resource URN '${message.urn}'; try giving it a unique name`));
    }
    this.registered.add(message.urn);
    const work = this.step(message);
    this.completion.set(
      message.urn,
      work.catch(() => undefined),
    );
    return work;
  }

  private async step(message: RegisterMessage): Promise<{ id: string; state: WirePropertyMap }> {
    // The step executor runs a step only once the steps of its dependencies are done.
    await Promise.all(dependenciesOf(message).map((urn) => this.completion.get(urn)));
    const startedAt = Date.now();
    const report = (step: StepReport) => this.report({ ...step, durationMs: Date.now() - startedAt });
    const started = (action: Action) => this.events.started({ type: message.type, name: message.name, action });
    if (message.options.id)
      throw new Error(
        `${message.urn}: reading or importing an existing resource (id ${message.options.id}) ` +
          "is not supported by the fake engine",
      );
    if (!message.custom) return this.component(message);
    if (!message.type.startsWith(DYNAMIC_TYPE_PREFIX) || typeof message.inputs[PROVIDER_KEY] !== "string") {
      throw new Error(
        `${message.urn}: only dynamic-provider resources (${DYNAMIC_TYPE_PREFIX}:...) can be run by the fake engine`,
      );
    }
    const old = this.olds.get(message.urn);
    const { plain, secretKeys } = unwrapProps(message.inputs);
    const news = this.applyIgnoreChanges(plain, old, message.options.ignoreChanges);
    const base = this.resourceBase(message);
    /** `checkFailures`: check refused the inputs (worded as the engine words them); nothing was attempted. */
    const fail = (
      action: StepReport["action"],
      error: unknown,
      id = old?.id ?? "",
      checkFailures?: readonly string[],
    ): never => {
      const text = errorText(error);
      const initErrors = error instanceof ProviderError ? error.initFailure?.reasons : undefined;
      report({
        urn: message.urn,
        name: message.name,
        type: message.type,
        action,
        status: "failed",
        id,
        error: text,
        ...(initErrors ? { initErrors } : {}),
        ...(checkFailures ? { checkFailures } : {}),
      });
      this.errors.push(`${message.urn}: ${checkFailures ? "" : `${action} failed: `}${text}`);
      // The URN lets the run's error list tell the program's resulting failure from a new one.
      throw new Error(checkFailures ? `${message.urn}: ${text}` : `${action} of ${message.urn} failed: ${text}`);
    };

    const planned = old ? "update" : adopts(news) ? "adopt" : "create";
    let check: Awaited<ReturnType<DynamicProviderHost["check"]>>;
    try {
      check = await this.host.check(message.urn, old?.inputs ?? {}, news);
    } catch (error) {
      return fail(planned, error);
    }
    if (check.failures.length > 0) {
      const checkFailures = check.failures.map((f) => checkFailureText(message, f, news, secretKeys));
      return fail(planned, new Error(checkFailures.join("; ")), old?.id ?? "", checkFailures);
    }
    const checked = check.inputs;
    const secretInputs = secretKeys.filter((key) => key in checked);
    const additional = message.options.additionalSecretOutputs;

    if (!old) {
      const action = adopts(checked) ? "adopt" : "create";
      if (this.preview) return this.planned(message, action, "", checked, secretInputs);
      started(action);
      try {
        const created = await this.host.create(message.urn, checked);
        const secretOutputs = secretOutputKeys(created.outputs, secretInputs, additional);
        this.recordCreated(base, created, checked, secretInputs, secretOutputs);
        report({
          urn: message.urn,
          name: message.name,
          type: message.type,
          action,
          status: "done",
          id: created.id,
        });
        return { id: created.id, state: wrapProps(created.outputs, secretOutputs) };
      } catch (error) {
        this.keepPartial(message, base, error, checked, secretInputs);
        return fail(action, error, error instanceof ProviderError && error.initFailure ? error.initFailure.id : "");
      }
    }

    let diff: { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean; keys: string[] };
    try {
      const answer = await this.host.diff(
        message.urn,
        old.id,
        withProvider(old.outputs, old.inputs),
        old.inputs,
        checked,
      );
      // The host drops the provider's detailed diff: show what the CLI's display compares, the
      // recorded values (outputs) against the new inputs, plus inputs removed or changed. A
      // secret's recorded value is the provider's salted digest: compared through it.
      const isSecret = (key: string) => secretInputs.includes(key) || old.secretInputs.includes(key);
      const secretChanged = (key: string) => {
        const recorded = old.outputs[key] ?? old.inputs[key];
        const desired = checked[key];
        if (typeof desired !== "string") return recorded !== undefined;
        return isDigest(recorded) ? !secretMatches(recorded, desired) : !deepEqual(recorded, desired);
      };
      const keys = [
        ...new Set([
          // An input read did not report (a declared value equal to the device default) but whose
          // recorded value is the one declared is not a change: showing "true → true" is noise.
          ...changedKeys(old.inputs, checked).filter(
            (key) => !isSecret(key) && !(key in old.outputs && deepEqual(old.outputs[key], checked[key])),
          ),
          ...changedKeys(old.outputs, checked).filter((key) => key in checked && !isSecret(key)),
          ...[...new Set([...Object.keys(checked), ...Object.keys(old.inputs)])].filter(
            (key) => isSecret(key) && secretChanged(key),
          ),
        ]),
      ].sort();
      if (answer.changes === "unknown") {
        // No diff verdict: the engine compares old and new inputs itself, `__provider` included.
        const inputKeys = [
          ...changedKeys(old.inputs, checked),
          ...(deepEqual(old.inputs[PROVIDER_KEY], checked[PROVIDER_KEY]) ? [] : [PROVIDER_KEY]),
        ];
        diff = { changes: inputKeys.length > 0, replaces: [], deleteBeforeReplace: false, keys: inputKeys };
      } else {
        diff = {
          changes: answer.changes === "some",
          replaces: [...answer.replaces],
          deleteBeforeReplace: answer.deleteBeforeReplace,
          keys,
        };
      }
      if (diff.changes && message.options.replaceOnChanges.length > 0) {
        const inputKeys = changedKeys(old.inputs, checked);
        const forced = message.options.replaceOnChanges.includes("*")
          ? inputKeys
          : inputKeys.filter((k) => message.options.replaceOnChanges.includes(k));
        diff.replaces = [...new Set([...diff.replaces, ...forced])];
      }
    } catch (error) {
      return fail("update", error);
    }

    const hasInitErrors = (old.initErrors?.length ?? 0) > 0;
    if (!diff.changes && !hasInitErrors) {
      // SameStep: new inputs, old outputs, nothing sent to the provider beyond Check and Diff.
      const secretOutputs = [
        ...new Set([...old.secretOutputs, ...secretOutputKeys(old.outputs, secretInputs, additional)]),
      ];
      this.record({
        ...base,
        id: old.id,
        inputs: checked,
        outputs: old.outputs,
        secretInputs,
        secretOutputs,
        created: old.created,
        modified: old.modified,
      });
      report({
        urn: message.urn,
        name: message.name,
        type: message.type,
        action: "same",
        status: this.preview ? "planned" : "done",
        id: old.id,
      });
      return { id: old.id, state: wrapProps(old.outputs, secretOutputs) };
    }

    if (diff.replaces.length === 0) {
      if (this.preview)
        return this.planned(message, "update", old.id, checked, secretInputs, diff.keys, undefined, old);
      started("update");
      try {
        const outputs = await this.host.update(
          message.urn,
          old.id,
          withProvider(old.outputs, old.inputs),
          old.inputs,
          checked,
        );
        const secretOutputs = secretOutputKeys(outputs, secretInputs, additional);
        this.record({
          ...base,
          id: old.id,
          inputs: checked,
          outputs,
          secretInputs,
          secretOutputs,
          created: old.created,
          modified: new Date().toISOString(),
        });
        report({
          urn: message.urn,
          name: message.name,
          type: message.type,
          action: "update",
          status: "done",
          id: old.id,
          keys: diff.keys,
          changes: valueChanges(diff.keys, old.outputs, checked, [...secretInputs, ...old.secretInputs]),
          ...(hasInitErrors && !diff.changes ? { note: "forced: the last create/update left init errors" } : {}),
        });
        return { id: old.id, state: wrapProps(outputs, secretOutputs) };
      } catch (error) {
        // Update's answer carries no id (UpdateResponse has none): the resource keeps its id whatever the error says.
        this.keepPartial(message, { ...base, created: old.created }, error, checked, secretInputs, old.id);
        return fail("update", error, old.id);
      }
    }

    const deleteBeforeReplace = diff.deleteBeforeReplace || message.options.deleteBeforeReplace === true;
    if (this.preview)
      return this.planned(message, "replace", old.id, checked, secretInputs, diff.replaces, deleteBeforeReplace, old);
    if (old.options.protect || message.options.protect)
      return fail("replace", new Error("the resource is protected (protect: true); it cannot be replaced"));
    started("replace");
    try {
      if (deleteBeforeReplace) {
        if (!old.options.retainOnDelete)
          await this.host.delete(message.urn, old.id, withProvider(old.outputs, old.inputs), old.inputs);
        this.gone.add(old);
        this.save();
      }
      const created = await this.host.create(message.urn, checked);
      const secretOutputs = secretOutputKeys(created.outputs, secretInputs, additional);
      if (!deleteBeforeReplace) this.replaced.push({ ...old, pendingDelete: true });
      this.recordCreated(base, created, checked, secretInputs, secretOutputs);
      report({
        urn: message.urn,
        name: message.name,
        type: message.type,
        action: "replace",
        status: "done",
        id: created.id,
        keys: diff.replaces,
        changes: valueChanges(diff.replaces, old.outputs, checked, [...secretInputs, ...old.secretInputs]),
        note: deleteBeforeReplace ? "deleted before replacing" : "created before deleting the old copy",
      });
      return { id: created.id, state: wrapProps(created.outputs, secretOutputs) };
    } catch (error) {
      // A replacement that exists half-created takes the URN; the old copy then waits for deletion.
      // Otherwise the old resource simply stays what it was.
      const partial = error instanceof ProviderError && error.initFailure !== undefined;
      if (partial && !deleteBeforeReplace) this.replaced.push({ ...old, pendingDelete: true });
      this.keepPartial(message, base, error, checked, secretInputs);
      return fail("replace", error, error instanceof ProviderError && error.initFailure ? error.initFailure.id : "");
    }
  }

  private component(message: RegisterMessage): { id: string; state: WirePropertyMap } {
    const { plain, secretKeys } = unwrapProps(message.inputs);
    this.record({
      ...this.resourceBase(message),
      id: "",
      inputs: plain,
      outputs: {},
      secretInputs: secretKeys,
      secretOutputs: [],
    });
    return { id: "", state: message.inputs };
  }

  private resourceBase(
    message: RegisterMessage,
  ): Pick<
    ResourceState,
    "urn" | "type" | "name" | "custom" | "parent" | "dependencies" | "propertyDependencies" | "options"
  > {
    const o = message.options;
    return {
      urn: message.urn,
      type: message.type,
      name: message.name,
      custom: message.custom,
      parent: o.parent,
      dependencies: dependenciesOf(message),
      propertyDependencies: o.propertyDependencies,
      options: {
        ...(o.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: o.deleteBeforeReplace } : {}),
        ...(o.protect ? { protect: true } : {}),
        ...(o.retainOnDelete ? { retainOnDelete: true } : {}),
        ...(o.additionalSecretOutputs.length > 0 ? { additionalSecretOutputs: o.additionalSecretOutputs } : {}),
        ...(o.ignoreChanges.length > 0 ? { ignoreChanges: o.ignoreChanges } : {}),
      },
    };
  }

  /** ignoreChanges on top-level keys: the old input value is used instead of the new one. */
  private applyIgnoreChanges(
    news: WirePropertyMap,
    old: ResourceState | undefined,
    ignore: readonly string[],
  ): WirePropertyMap {
    if (!old || ignore.length === 0) return news;
    const out: WirePropertyMap = { ...news };
    for (const key of ignore) {
      if (key in old.inputs) out[key] = old.inputs[key];
      else delete out[key];
    }
    return out;
  }

  /** Preview: the engine returns the inputs as the outputs; other outputs stay unknown to the program. */
  private planned(
    message: RegisterMessage,
    action: "create" | "adopt" | "update" | "replace",
    id: string,
    checked: WirePropertyMap,
    secretInputs: readonly string[],
    keys?: readonly string[],
    deleteBeforeReplace?: boolean,
    old?: ResourceState,
  ): { id: string; state: WirePropertyMap } {
    const secrets = [...secretInputs, ...(old?.secretInputs ?? [])];
    this.report({
      urn: message.urn,
      name: message.name,
      type: message.type,
      action,
      status: "planned",
      id: action === "replace" ? "" : id,
      ...(keys ? { keys } : {}),
      ...(keys && old ? { changes: valueChanges(keys, old.outputs, checked, secrets) } : {}),
      ...(deleteBeforeReplace ? { note: "delete before replace" } : {}),
      ...(action === "adopt"
        ? { note: "an existing object with the same key is taken over (see the adopt line)" }
        : {}),
    });
    return {
      id: action === "update" ? id : "",
      state: wrapProps(checked, secretOutputKeys(checked, secretInputs, message.options.additionalSecretOutputs)),
    };
  }

  /**
   * A create/update that failed with ErrorResourceInitFailed: the object exists and stays
   * in state with its init errors; under the id the error names (create) or its own (`id`, update).
   */
  private keepPartial(
    message: RegisterMessage,
    base: ReturnType<Deployment["resourceBase"]> & { created?: string },
    error: unknown,
    checked: WirePropertyMap,
    secretInputs: readonly string[],
    id?: string,
  ): void {
    if (!(error instanceof ProviderError) || !error.initFailure) return;
    const failure = error.initFailure;
    const secretOutputs = secretOutputKeys(failure.outputs, secretInputs, message.options.additionalSecretOutputs);
    this.record({
      ...base,
      id: id ?? failure.id,
      inputs: checked,
      outputs: failure.outputs,
      secretInputs,
      secretOutputs,
      initErrors: failure.reasons,
      modified: new Date().toISOString(),
    });
  }

  /** A new object (a create's, or a replacement's new copy) in state, stamped with its creation time. */
  private recordCreated(
    base: ReturnType<Deployment["resourceBase"]>,
    created: Awaited<ReturnType<DynamicProviderHost["create"]>>,
    checked: WirePropertyMap,
    secretInputs: string[],
    secretOutputs: string[],
  ): void {
    this.record({
      ...base,
      id: created.id,
      inputs: checked,
      outputs: created.outputs,
      secretInputs,
      secretOutputs,
      created: new Date().toISOString(),
    });
  }

  private report(step: StepReport): void {
    this.steps.push(step);
    this.events.finished(step);
  }

  private record(resource: ResourceState): void {
    this.news.delete(resource.urn);
    this.news.set(resource.urn, resource);
    this.save();
  }

  private save(): void {
    if (!this.preview) this.checkpoint(() => this.snapshot());
  }

  /**
   * The state as it stands: registered resources first (dependency order), then old
   * resources not registered (yet), then old copies waiting for deletion.
   */
  snapshot(outputs?: { plain: WirePropertyMap; secretKeys: string[] }): StackState {
    const leftovers = [...this.olds.values()].filter((r) => !this.news.has(r.urn) && !this.gone.has(r));
    const pending = [...this.pendingDeletes, ...this.replaced].filter((r) => !this.gone.has(r));
    return {
      project: this.base.project,
      stack: this.base.stack,
      resources: [...this.news.values(), ...leftovers, ...pending],
      outputs: outputs?.plain ?? this.base.outputs,
      secretOutputs: outputs?.secretKeys ?? this.base.secretOutputs,
    };
  }

  /**
   * After the program: deletes what it no longer declares and the replaced old copies,
   * dependents first (skipped entirely when the program or a step failed, as the engine does).
   */
  async finish(programOk: boolean): Promise<void> {
    // Steps still running when the program stopped (e.g. it failed on another resource) finish first.
    await Promise.all(this.completion.values());
    const unregistered = [...this.olds.values()].filter((r) => !this.registered.has(r.urn) && !this.gone.has(r));
    const toDelete = [...unregistered, ...this.pendingDeletes, ...this.replaced].filter((r) => !this.gone.has(r));
    if (!programOk || this.errors.length > 0) {
      if (toDelete.some((r) => r.custom))
        this.errors.push(
          `deletes skipped because the update failed: ${toDelete
            .filter((r) => r.custom)
            .map((r) => r.urn)
            .join(", ")}`,
        );
      return;
    }
    if (this.preview) {
      for (const r of toDelete)
        if (r.custom)
          this.report({ urn: r.urn, name: r.name, type: r.type, action: "delete", status: "planned", id: r.id });
      return;
    }
    const errors = await deleteSteps(this.host, toDelete, this.events, {
      gone: (resource) => {
        this.gone.add(resource);
        this.save();
      },
      report: (step) => this.report(step),
    });
    this.errors.push(...errors);
  }
}
