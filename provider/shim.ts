import type * as pulumi from "@pulumi/pulumi";

/**
 * The object Pulumi serializes into every resource's `__provider` (in the inputs and again
 * in the outputs): about 2.9 KB that capture only the resource kind and where the
 * implementation lives (test/provider/serialized-provider.test.ts measures it). The
 * implementation is loaded with `require` in the provider process, so the closure
 * serializer never walks undici, the XML parser or the descriptions, and refresh/destroy
 * always run the installed code. Comments stay outside the functions: their source text is
 * what is stored.
 */
export function shimProvider(resource: string, runtimePath: string): pulumi.dynamic.ResourceProvider {
  // `load` tries the absolute path recorded at deploy time; else this package as a checkout
  // in the provider's working directory (the Pulumi project), or installed in its node_modules.
  // Its return type is a type-only import: erased at compile time, so nothing more is captured.
  const load = (): typeof import("./runtime") => {
    const path = require("node:path");
    const fs = require("node:fs");
    if (fs.existsSync(runtimePath)) return require(runtimePath);
    const local = path.join(process.cwd(), "dist", "provider", "runtime.js");
    if (fs.existsSync(local)) return require(local);
    return require(require.resolve("cisco-edge-pulumi/dist/provider/runtime.js", { paths: [process.cwd()] }));
  };
  return {
    configure: async (req) => load().configure(req),
    check: (olds, news) => load().providerFor(resource).check(olds, news),
    diff: (id, olds, news) => load().providerFor(resource).diff(id, olds, news),
    create: (inputs) => load().providerFor(resource).create(inputs),
    read: (id, props) => load().providerFor(resource).read(id, props),
    update: (id, olds, news) => load().providerFor(resource).update(id, olds, news),
    delete: (id, props) => load().providerFor(resource).delete(id, props),
  };
}
