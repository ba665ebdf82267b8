import type { FieldDescription } from "../../provider/schema/types";

/**
 * Fields a real Expressway returns and accepts at a path although the provider does not
 * manage them (so they are in no description). The emulator carries them so that GET
 * looks like the device's and a PUT of a GET record (minus read-only keys) is accepted.
 * Source: the live GET of an Expressway-E UC traversal zone in a public client's
 * docstring, and the administrator guide's probe defaults (docs/sources.md).
 */

const probe = (api: string, deviceDefault: number, max: number): FieldDescription => ({
  name: api.charAt(0).toLowerCase() + api.slice(1),
  api,
  deviceDefault,
  type: { kind: "int", min: 1, max },
  doc: `${api} (device default ${deviceDefault}); not managed by the provider.`,
});

const TRAVERSAL_SERVER_PROBES: readonly FieldDescription[] = [
  probe("UDPProbeRetryInterval", 2, 65535),
  probe("UDPProbeRetryCount", 5, 65535),
  probe("UDPProbeKeepAliveInterval", 20, 65535),
  probe("TCPProbeRetryInterval", 2, 65535),
  probe("TCPProbeRetryCount", 5, 65535),
  probe("TCPProbeKeepAliveInterval", 20, 65535),
];

/** Provisioning path -> the undescribed fields the device has there. */
export const UNDESCRIBED_FIELDS: Readonly<Record<string, readonly FieldDescription[]>> = {
  "edge/zone/unifiedcommunicationstraversal": TRAVERSAL_SERVER_PROBES,
};
