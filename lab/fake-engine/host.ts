import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as readline from "node:readline";
import type * as grpc from "@grpc/grpc-js";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";
import type * as provrpcTypes from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as provpbTypes from "@pulumi/pulumi/proto/provider_pb";
import type * as statusTypes from "@pulumi/pulumi/proto/status_pb";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import { type WirePropertyMap, toProps } from "./property-map";

/**
 * Client of the SDK's own dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`):
 * the process the engine starts as `pulumi-resource-pulumi-nodejs`. It is spawned
 * with the project directory as working directory, prints its port, and is driven
 * over gRPC with the SDK's generated stubs. Everything the provider does on a
 * device goes through this process.
 */

// The gRPC runtime, stubs and google-protobuf copy the SDK itself uses: a second
// copy of google-protobuf would make Struct instances foreign to the stubs.
const sdkRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpcJs = sdkRequire("@grpc/grpc-js") as typeof grpc;
const provrpc = sdkRequire("./proto/provider_grpc_pb") as typeof provrpcTypes;
const provpb = sdkRequire("./proto/provider_pb") as typeof provpbTypes;
const statuspb = sdkRequire("./proto/status_pb") as typeof statusTypes;
const { Struct } = sdkRequire("google-protobuf/google/protobuf/struct_pb") as typeof structTypes;

export const HOST_SCRIPT = path.join(
  path.dirname(require.resolve("@pulumi/pulumi/package.json")),
  "cmd",
  "dynamic-provider",
  "index.js",
);

/** How long the host may take to print its port before it counts as hung (5 minutes). */
const HOST_START_LIMIT_S = 300;

export type DiffChanges = "none" | "some" | "unknown";

export interface CheckResponse {
  readonly inputs: WirePropertyMap;
  readonly failures: readonly { property: string; reason: string }[];
}

export interface DiffResponse {
  readonly changes: DiffChanges;
  readonly replaces: readonly string[];
  readonly deleteBeforeReplace: boolean;
}

export interface ReadResponse {
  /** "" when the object is gone. */
  readonly id: string;
  readonly outputs: WirePropertyMap;
  /** Inputs the provider returned (read may refresh them), else undefined. */
  readonly inputs?: WirePropertyMap;
}

/** The host's answer to a failed Create/Update, with the partial-failure details when the object does exist. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly method: string,
    /** Set when the host sent pulumirpc.ErrorResourceInitFailed: the object exists with this id. */
    readonly initFailure?: {
      readonly id: string;
      readonly outputs: WirePropertyMap;
      readonly reasons: readonly string[];
    },
  ) {
    super(message);
  }
}

export type HostMethod = "configure" | "check" | "diff" | "create" | "read" | "update" | "delete";

export interface HostOptions {
  /** Working directory of the host: the project root, whose node_modules satisfy the serialized requires. */
  readonly cwd: string;
  readonly project: string;
  /** Lines the host writes to stderr/stdout after its port (provider logs). */
  readonly log?: (line: string) => void;
}

function structOf(props: WirePropertyMap): structTypes.Struct {
  return Struct.fromJavaScript(props as Record<string, structTypes.JavaScriptValue>);
}

function propsOf(struct: structTypes.Struct | undefined): WirePropertyMap {
  return toProps(struct?.toJavaScript() ?? {});
}

function statusDetails(error: grpc.ServiceError): (string | Buffer)[] {
  try {
    return error.metadata?.get("grpc-status-details-bin") ?? [];
  } catch {
    // Errors raised by the client itself (not by the host) carry no usable metadata.
    return [];
  }
}

function initFailureOf(error: grpc.ServiceError): ProviderError["initFailure"] {
  for (const raw of statusDetails(error)) {
    const status = statuspb.Status.deserializeBinary(
      typeof raw === "string" ? Buffer.from(raw, "base64") : new Uint8Array(raw),
    );
    for (const detail of status.getDetailsList()) {
      if (detail.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
      const failed = provpb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
      return { id: failed.getId(), outputs: propsOf(failed.getProperties()), reasons: failed.getReasonsList() };
    }
  }
  return undefined;
}

export class DynamicProviderHost {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: provrpcTypes.ResourceProviderClient,
    readonly port: number,
  ) {}

  /** Calls made so far, by method (the fake engine reports them). */
  readonly calls: Record<HostMethod, number> = {
    configure: 0,
    check: 0,
    diff: 0,
    create: 0,
    read: 0,
    update: 0,
    delete: 0,
  };

  static async start(options: HostOptions): Promise<DynamicProviderHost> {
    // The engine address is required but never dialled; 127.0.0.1:1 keeps it loopback.
    const child = spawn(process.execPath, [HOST_SCRIPT, "127.0.0.1:1"], {
      cwd: options.cwd,
      env: { ...process.env, PULUMI_NODEJS_PROJECT: options.project },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const log = options.log ?? (() => undefined);
    readline.createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (line) => log(line));
    const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const port = await new Promise<number>((resolve, reject) => {
      // A hang detector, not a speed bound: on a loaded machine loading the SDK alone can take tens of seconds.
      const timer = setTimeout(
        () => reject(new Error(`the dynamic-provider host printed no port within ${HOST_START_LIMIT_S} s`)),
        HOST_START_LIMIT_S * 1000,
      );
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(new Error(`the dynamic-provider host (${HOST_SCRIPT}) ${why}`));
      };
      child.once("error", (error) => fail(`could not start: ${error.message}`));
      child.once("exit", (code) => fail(`exited with code ${code} before printing its port`));
      lines.once("line", (first) => {
        clearTimeout(timer);
        const n = Number(first.trim());
        if (Number.isInteger(n) && n > 0) resolve(n);
        else reject(new Error(`the dynamic-provider host printed ${JSON.stringify(first)} instead of its port`));
        lines.on("line", (line) => log(line));
      });
    });
    child.removeAllListeners("exit");
    child.removeAllListeners("error");
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpcJs.credentials.createInsecure());
    return new DynamicProviderHost(child, client, port);
  }

  private unary<Res>(
    method: HostMethod,
    invoke: (callback: (error: grpc.ServiceError | null, response: Res) => void) => unknown,
  ): Promise<Res> {
    this.calls[method]++;
    return new Promise<Res>((resolve, reject) => {
      invoke((error, response) => {
        if (error)
          reject(
            new ProviderError(
              error.details || error.message,
              method,
              method === "create" || method === "update" ? initFailureOf(error) : undefined,
            ),
          );
        else resolve(response);
      });
    });
  }

  /** The whole stack config, flat namespaced keys (`cms:url`), secrets in clear as the engine decrypts them. */
  async configure(config: Readonly<Record<string, string>>): Promise<void> {
    const request = new provpb.ConfigureRequest();
    request.setArgs(structOf({ ...config }));
    const variables = request.getVariablesMap();
    for (const [key, value] of Object.entries(config)) variables.set(key, value);
    // What the engine announces about itself; the host ignores all of it.
    request.setAcceptsecrets(true);
    request.setAcceptresources(true);
    request.setSendsOldInputs(true);
    request.setSendsOldInputsToDelete(true);
    await this.unary<provpbTypes.ConfigureResponse>("configure", (cb) => this.client.configure(request, cb));
  }

  async check(urn: string, olds: WirePropertyMap, news: WirePropertyMap): Promise<CheckResponse> {
    const request = new provpb.CheckRequest();
    request.setUrn(urn);
    request.setOlds(structOf(olds));
    request.setNews(structOf(news));
    const response = await this.unary<provpbTypes.CheckResponse>("check", (cb) => this.client.check(request, cb));
    return {
      inputs: propsOf(response.getInputs()),
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    urn: string,
    id: string,
    oldOutputs: WirePropertyMap,
    oldInputs: WirePropertyMap,
    news: WirePropertyMap,
  ): Promise<DiffResponse> {
    const request = new provpb.DiffRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setOlds(structOf(oldOutputs));
    request.setOldInputs(structOf(oldInputs));
    request.setNews(structOf(news));
    const response = await this.unary<provpbTypes.DiffResponse>("diff", (cb) => this.client.diff(request, cb));
    const changes = response.getChanges();
    const { DiffChanges } = provpb.DiffResponse;
    return {
      changes: changes === DiffChanges.DIFF_SOME ? "some" : changes === DiffChanges.DIFF_NONE ? "none" : "unknown",
      replaces: response.getReplacesList(),
      deleteBeforeReplace: response.getDeletebeforereplace(),
    };
  }

  async create(urn: string, inputs: WirePropertyMap): Promise<{ id: string; outputs: WirePropertyMap }> {
    const request = new provpb.CreateRequest();
    request.setUrn(urn);
    request.setProperties(structOf(inputs));
    const response = await this.unary<provpbTypes.CreateResponse>("create", (cb) => this.client.create(request, cb));
    const id = response.getId();
    // The engine's own guard ("plugin returned empty resource.ID from create").
    if (!id) throw new ProviderError("the provider returned an empty id from create", "create");
    return { id, outputs: propsOf(response.getProperties()) };
  }

  async read(urn: string, id: string, oldOutputs: WirePropertyMap, oldInputs: WirePropertyMap): Promise<ReadResponse> {
    const request = new provpb.ReadRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setProperties(structOf(oldOutputs));
    request.setInputs(structOf(oldInputs));
    const response = await this.unary<provpbTypes.ReadResponse>("read", (cb) => this.client.read(request, cb));
    const inputs = response.getInputs();
    return {
      id: response.getId(),
      outputs: propsOf(response.getProperties()),
      ...(inputs ? { inputs: propsOf(inputs) } : {}),
    };
  }

  async update(
    urn: string,
    id: string,
    oldOutputs: WirePropertyMap,
    oldInputs: WirePropertyMap,
    news: WirePropertyMap,
  ): Promise<WirePropertyMap> {
    const request = new provpb.UpdateRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setOlds(structOf(oldOutputs));
    request.setOldInputs(structOf(oldInputs));
    request.setNews(structOf(news));
    const response = await this.unary<provpbTypes.UpdateResponse>("update", (cb) => this.client.update(request, cb));
    return propsOf(response.getProperties());
  }

  async delete(urn: string, id: string, oldOutputs: WirePropertyMap, oldInputs: WirePropertyMap): Promise<void> {
    const request = new provpb.DeleteRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setProperties(structOf(oldOutputs));
    request.setOldInputs(structOf(oldInputs));
    await this.unary<emptyTypes.Empty>("delete", (cb) => this.client.delete(request, cb));
  }

  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.child.kill("SIGKILL");
        resolve();
      }, 5_000);
      this.child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.kill("SIGTERM");
    });
  }
}
