/** Resource properties as the SDK hands them over and takes them back: plain values by property name. */
export type PropertyMap = Record<string, unknown>;
