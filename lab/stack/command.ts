/** The four stack commands both engines run, named as the Pulumi CLI names them. */
export type Command = "up" | "preview" | "refresh" | "destroy";

export const COMMANDS: readonly Command[] = ["up", "preview", "refresh", "destroy"];
