/**
 * A tiny XML writer for the CMS emulator. CMS answers are compact: one line, no
 * whitespace between elements, `<?xml version="1.0"?>` without an encoding attribute.
 */

export const XML_DECLARATION = '<?xml version="1.0"?>';

export interface XmlElement {
  readonly name: string;
  /** Attributes in output order. */
  readonly attributes?: ReadonlyArray<readonly [string, string]>;
  /** Text content or child elements; empty (or absent) gives a self-closing element. */
  readonly content?: string | readonly XmlElement[];
  /** Self-closing form `<x />` (with a space), as CMS writes failureDetails tags. */
  readonly spacedEmpty?: boolean;
}

/** Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR; U+FFFE/U+FFFF; lone surrogates). */
const INVALID_XML_CHARS = new RegExp(
  [
    "[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]",
    "[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])",
    "(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]",
  ].join("|"),
  "g",
);

export function escapeText(value: string): string {
  return value
    .replace(INVALID_XML_CHARS, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;");
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, "&quot;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;");
}

/** Convenience constructor: `element("name", "text")`, `element("list", [children], [["total", "3"]])`. */
export function element(
  name: string,
  content?: string | readonly XmlElement[],
  attributes?: ReadonlyArray<readonly [string, string]>,
): XmlElement {
  return { name, content, attributes };
}

export function serialize(node: XmlElement): string {
  const attributes = (node.attributes ?? []).map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`).join("");
  const content = node.content;
  if (content === undefined || content.length === 0)
    return `<${node.name}${attributes}${node.spacedEmpty ? " />" : "/>"}`;
  const inner = typeof content === "string" ? escapeText(content) : content.map(serialize).join("");
  return `<${node.name}${attributes}>${inner}</${node.name}>`;
}

/** A whole document: declaration plus the compact root element. */
export function xmlDocument(root: XmlElement): string {
  return XML_DECLARATION + serialize(root);
}
