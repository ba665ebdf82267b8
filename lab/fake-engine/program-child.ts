import { createRequire } from "node:module";
import * as path from "node:path";
import type * as pulumiTypes from "@pulumi/pulumi";
import type * as resourcePb from "@pulumi/pulumi/proto/resource_pb";
import { type WirePropertyMap, toProps } from "./property-map";
import type { ChildMessage, ParentMessage, RegisterMessage, RegistrationOptions, StartMessage } from "./protocol";

/**
 * Runs one Pulumi program, once, in this (forked) process, the way the Node language
 * host does (`runInPulumiStack(() => require(program))`), but against the SDK's mock
 * monitor instead of an engine: every RegisterResource becomes a message to the
 * fake engine, which performs the engine's steps and answers with the real id and outputs.
 * A fresh process per run means a fresh module cache and fresh SDK state.
 */

interface MonitorLike {
  registerResource(
    req: resourcePb.RegisterResourceRequest,
    callback: (error: unknown, response: unknown) => void,
  ): unknown;
  registerResourceOutputs(
    req: resourcePb.RegisterResourceOutputsRequest,
    callback: (error: unknown, response: unknown) => void,
  ): unknown;
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

let failed = false;
function fail(message: string): void {
  if (failed) return;
  failed = true;
  const exit = () => process.exit(1);
  if (process.send && process.connected)
    process.send({ kind: "error", message } satisfies ChildMessage, undefined, {}, exit);
  else exit();
}

/** Engine-side view of a registration, read from the request before the mock flattens it. */
function optionsOf(req: resourcePb.RegisterResourceRequest): RegistrationOptions {
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => {
    propertyDependencies[key] = deps.getUrnsList();
  });
  return {
    parent: req.getParent(),
    dependencies: req.getDependenciesList(),
    propertyDependencies,
    ...(req.getDeletebeforereplacedefined() ? { deleteBeforeReplace: req.getDeletebeforereplace() } : {}),
    ...(req.hasProtect() ? { protect: req.getProtect() === true } : {}),
    ...(req.hasRetainondelete() ? { retainOnDelete: req.getRetainondelete() === true } : {}),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    ignoreChanges: req.getIgnorechangesList(),
    replaceOnChanges: req.getReplaceonchangesList(),
    ...(req.getImportid() ? { id: req.getImportid() } : {}),
  };
}

/** The URN the mock monitor gives a registration (same rule as the engine: parent type chain joined by `$`). */
function urnOf(pulumi: typeof pulumiTypes, type: string, name: string, parent: string): string {
  let qualified = type;
  if (parent) qualified = `${parent.split("::")[2].split("$").pop()}$${type}`;
  return `urn:pulumi:${pulumi.runtime.getStack()}::${pulumi.runtime.getProject()}::${qualified}::${name}`;
}

async function run(start: StartMessage): Promise<void> {
  // Like the Node language host, use the project's SDK (resolved from the working
  // directory, the project root); the program and the provider classes resolve the same copy.
  const projectRequire = createRequire(path.join(process.cwd(), "index.js"));
  const pulumi = projectRequire("@pulumi/pulumi") as typeof pulumiTypes;
  const programRequire = createRequire(start.program);

  pulumi.runtime.setAllConfig({ ...start.config }, [...start.secretKeys]);

  let seq = 0;
  const waiting = new Map<
    number,
    { resolve: (result: pulumiTypes.runtime.MockResourceResult) => void; reject: (error: Error) => void }
  >();
  process.on("message", (message: ParentMessage) => {
    if (message.kind === "start") return;
    const pending = waiting.get(message.seq);
    if (!pending) return;
    waiting.delete(message.seq);
    if (message.kind === "registered") pending.resolve({ id: message.id || undefined, state: message.state });
    else pending.reject(new Error(message.message));
  });

  // Registrations by type and name, filled by the monitor wrapper just before the mock sees them.
  const registrations = new Map<string, { urn: string; options: RegistrationOptions }[]>();
  const keyOf = (type: string, name: string) => `${type}\u0000${name}`;

  const mocks: pulumiTypes.runtime.Mocks = {
    call: (args) => {
      throw new Error(`invoke ${args.token} is not supported by the fake engine`);
    },
    newResource: (args: pulumiTypes.runtime.MockResourceArgs): Promise<pulumiTypes.runtime.MockResourceResult> => {
      const queue = registrations.get(keyOf(args.type, args.name)) ?? [];
      const registration = queue.shift();
      if (!registration)
        return Promise.reject(new Error(`no RegisterResource request seen for ${args.type} ${args.name}`));
      const message: RegisterMessage = {
        kind: "register",
        seq: ++seq,
        urn: registration.urn,
        type: args.type,
        name: args.name,
        custom: args.custom === true,
        inputs: toProps(args.inputs),
        options: registration.options,
      };
      return new Promise<pulumiTypes.runtime.MockResourceResult>((resolve, reject) => {
        waiting.set(message.seq, { resolve, reject });
        send(message);
      });
    },
  };

  await pulumi.runtime.setMocks(mocks, start.project, start.stack, start.preview);
  const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike | undefined;
  if (!monitor) throw new Error("the SDK did not install the mock monitor");

  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    const key = keyOf(req.getType(), req.getName());
    const queue = registrations.get(key) ?? [];
    queue.push({ urn: urnOf(pulumi, req.getType(), req.getName(), req.getParent()), options: optionsOf(req) });
    registrations.set(key, queue);
    return register(req, callback);
  };

  let stackOutputs: WirePropertyMap = {};
  const rootStack = urnOf(pulumi, "pulumi:pulumi:Stack", `${start.project}-${start.stack}`, "");
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, callback) => {
    if (req.getUrn() === rootStack) stackOutputs = toProps(req.getOutputs()?.toJavaScript() ?? {});
    return registerOutputs(req, callback);
  };

  await pulumi.runtime.runInPulumiStack(async () => {
    // What the Node language host does with the program's main module.
    const exported = programRequire(start.program) as unknown;
    if (typeof exported === "function") return (exported as () => unknown)();
    const asModule = exported as { default?: unknown };
    if (asModule && typeof asModule.default === "function" && Object.keys(asModule).length === 1)
      return (asModule.default as () => unknown)();
    return exported;
  });
  // Every registration and output registration has been answered.
  await pulumi.runtime.disconnect();
  send({ kind: "done", outputs: stackOutputs });
  process.disconnect?.();
}

process.on("unhandledRejection", (reason) => fail(reason instanceof Error ? reason.message : String(reason)));
process.on("uncaughtException", (error) => fail(error.message));
process.once("message", (message: ParentMessage) => {
  if (message.kind !== "start") fail(`expected a start message, got ${message.kind}`);
  else run(message).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
});
