import { isIP } from "node:net";
import type { AddressFormat } from "./schema/types";

/** The host-name and address formats the provider checks (the devices themselves accept free text). */

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

function isDomainName(value: string): boolean {
  if (value.length > 253 || value.endsWith(".")) return false;
  const labels = value.split(".");
  if (labels.length < 2 || !labels.every((l) => HOST_LABEL.test(l))) return false;
  return /^[a-z]/i.test(labels[labels.length - 1]);
}

function isHostName(value: string): boolean {
  return isDomainName(value) || (HOST_LABEL.test(value) && /^[a-z]/i.test(value));
}

/** Why a value does not have the address format, or undefined when it has. */
export function formatProblem(format: AddressFormat, value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[^\x21-\x7e]/.test(value)) {
    return "only printable ASCII without spaces is allowed (look-alike Unicode letters and white space are refused)";
  }
  switch (format) {
    case "ipv4":
      return isIP(value) === 4 ? undefined : "an IPv4 address (e.g. 10.0.0.1) is required";
    case "host":
      if (isIP(value) !== 0) return undefined;
      if (/^[0-9.]+$/.test(value)) return "not a valid IPv4 address (four numbers 0-255)";
      if (value.includes(":")) return "not a valid IPv6 address";
      return isHostName(value)
        ? undefined
        : "an IPv4/IPv6 address or a host name (letters, digits, hyphens; dot-separated labels) is required";
    case "domain":
      if (value.includes("*")) return "wildcards are not allowed: give the complete domain (e.g. example.com)";
      return isDomainName(value)
        ? undefined
        : "a complete DNS domain is required (dot-separated labels of letters, digits and hyphens; " +
            "last label starts with a letter), e.g. example.com";
    case "uriUser":
      if (value.includes("@")) return "give only the user part of the URI, without '@domain'";
      return /^[A-Za-z0-9._~!$&'()*+,;=%-]+$/.test(value)
        ? undefined
        : "letters, digits and . _ ~ ! $ & ' ( ) * + , ; = % - only";
  }
}
