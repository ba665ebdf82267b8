import { XMLParser } from "fast-xml-parser";

/**
 * Tolerant reading of the devices' XML answers outside the described objects (status,
 * release, identity): several are only partly published ([I]/[GAP] in docs/sources.md), so
 * readers look elements up by name wherever they are, and keep the body to show when it
 * does not hold what was expected.
 */

export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
});

/** The parsed document, or undefined when the body is not XML. */
export function parseXml(body: string): XmlNode | undefined {
  if (!body.trim().startsWith("<")) return undefined;
  try {
    const parsed = parser.parse(body) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as XmlNode) : undefined;
  } catch {
    return undefined;
  }
}

/** Text of an element (`<a>x</a>` or `<a item="1">x</a>`); undefined when absent or not text. */
export function textOf(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === "string" || typeof node === "number" || typeof node === "boolean") return String(node);
  if (Array.isArray(node)) return textOf(node[0]);
  if (typeof node === "object" && "#text" in (node as XmlNode)) return String((node as XmlNode)["#text"]);
  return undefined;
}

/** Children with this name (case-insensitive), as a list whether the document had one or many. */
export function childrenNamed(node: unknown, name: string): unknown[] {
  if (!node || typeof node !== "object" || Array.isArray(node)) return [];
  const wanted = name.toLowerCase();
  const found = Object.entries(node as XmlNode).find(([key]) => key.toLowerCase() === wanted)?.[1];
  if (found === undefined) return [];
  return Array.isArray(found) ? found : [found];
}

/** The first element with this name at any depth (breadth first), case-insensitive. */
export function findElement(node: unknown, name: string): unknown {
  const queue: unknown[] = [node];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== "object") continue;
    if (Array.isArray(current)) {
      queue.push(...current);
      continue;
    }
    const direct = childrenNamed(current, name);
    if (direct.length > 0) return direct[0];
    for (const [key, value] of Object.entries(current as XmlNode)) if (!key.startsWith("@_")) queue.push(value);
  }
  return undefined;
}

/** The text of the first child whose name matches, for elements whose names are unconfirmed. */
export function textMatching(node: unknown, pattern: RegExp): string | undefined {
  if (!node || typeof node !== "object") return undefined;
  for (const [key, value] of Object.entries(node as XmlNode)) {
    if (key.startsWith("@_") || !pattern.test(key)) continue;
    const text = textOf(value);
    if (text !== undefined) return text;
  }
  return undefined;
}

/** The body, on one line and cut short, to quote in a message. */
export function quoteBody(body: string, max = 300): string {
  const flat = body.replace(/\s+/g, " ").trim();
  if (flat === "") return "(empty body)";
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}
