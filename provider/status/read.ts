import type { ConnectionSettings } from "../connection";
import { send } from "../device/http";
import { parseXml, quoteBody, type XmlNode } from "../xml";

/** One read-only GET for verification: never anything but GET, so a reader cannot change a device. */

/** A status call that did not answer what verification needs; the message quotes the device. */
export class StatusReadError extends Error {
  override readonly name = "StatusReadError";
  constructor(
    message: string,
    /** What the device sent, cut short (never a request header or a password). */
    readonly deviceSaid?: string,
  ) {
    super(deviceSaid === undefined ? message : `${message}; the device answered: ${deviceSaid}`);
  }
}

export interface StatusDocument {
  readonly path: string;
  readonly body: string;
  readonly xml: XmlNode;
}

const where = (settings: ConnectionSettings) => `"${settings.profile}" (${settings.url})`;

/** GETs `path` and parses its XML; a non-200 answer or a body that is not XML is a StatusReadError. */
export async function getXml(settings: ConnectionSettings, path: string): Promise<StatusDocument> {
  const answer = await send(settings, { method: "GET", path });
  const pathOnly = path.split("?")[0];
  if (answer.status === 401)
    throw new StatusReadError(
      `${where(settings)} rejected the credentials for GET ${pathOnly} (HTTP 401): ` +
        `check ${settings.profile}:username and ${settings.profile}:password`,
    );
  if (answer.status !== 200)
    throw new StatusReadError(
      `${where(settings)} answered HTTP ${answer.status} to GET ${pathOnly}`,
      quoteBody(answer.body),
    );
  const xml = parseXml(answer.body);
  if (!xml) throw new StatusReadError(`${where(settings)} sent no XML for GET ${pathOnly}`, quoteBody(answer.body));
  return { path: pathOnly, body: answer.body, xml };
}
