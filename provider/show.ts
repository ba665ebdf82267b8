/**
 * Printable form of a user value for a message (provider errors and the device clients'
 * messages): quoted, and shortened when long. Never called for secret fields.
 */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
