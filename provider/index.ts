/**
 * Pulumi resources for Cisco Meeting Server and Expressway-C/E. Device URLs and
 * credentials come from stack config (`cms:url`, `expresswayC:password`, ...) or
 * environment variables, never from resource arguments.
 */
// First: on too old a Node, the import fails here, once, saying what is needed.
import "./require-node";

export * from "./resources.generated";
export { DescribedResource } from "./resource";
// The health output only: its checks (undici, the XML parser) load when it runs.
// The status readers are the subpath "cisco-edge-pulumi/status".
export { type EdgeHealth, type EdgeHealthArgs, edgeHealth, NOT_ASKED, NOT_IN_PREVIEW } from "./status/program";
