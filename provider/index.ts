/**
 * Pulumi resources for Cisco Meeting Server and Expressway-C/E. Device URLs and
 * credentials come from stack config (`cms:url`, `expresswayC:password`, ...) or
 * environment variables, never from resource arguments.
 */
export * from "./resources.generated";
export { DescribedResource } from "./resource";
export * from "./status";
