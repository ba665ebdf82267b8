import { inVersionRange } from "../../provider/schema/versions";
import { element, type XmlElement } from "./xml";

/**
 * The licence status a CMS reports (the guide's step 1: "callbridge" licence Activated).
 * 2.x: `GET /api/v1/system/licensing` lists `<features>`, each with a `<status>`
 * (noLicense, activated, grace, expired) and an `<expiry>` like `2022-Aug-08` (Cisco's
 * API reference, docs/sources.md). From 3.0 that call returns only the licence file's
 * contents and the cluster's status moves to `GET /api/v1/clusterLicensing`; its body is
 * not published [GAP], so this emulator answers it with the 2.x `<features>` under a
 * `<clusterLicensing>` root [I], and 3.x's `/system/licensing` as an empty `<licensing/>` [I].
 */

export type LicenceStatus = "noLicense" | "activated" | "grace" | "expired";

export interface LicenceAnswers {
  /** The callBridge feature's status: default activated. */
  readonly callBridge?: LicenceStatus;
  /** Its expiry as the device writes it, e.g. 2027-Jul-09: default a year from now (expired: a month ago). */
  readonly expiry?: string;
  /**
   * 3.x's `/system/licensing` (the licence file's contents [GAP]): empty by default, or the
   * features the file names with their expiry and no status.
   */
  readonly fileNamesFeatures?: boolean;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY_MS = 86_400_000;

/** `2022-Aug-08`, the device's date form. */
export function licenceDate(date: Date): string {
  const day = String(date.getUTCDate()).padStart(2, "0");
  return `${date.getUTCFullYear()}-${MONTHS[date.getUTCMonth()]}-${day}`;
}

function features(answers: LicenceAnswers): XmlElement {
  const status = answers.callBridge ?? "activated";
  const expiry = answers.expiry ?? licenceDate(new Date(Date.now() + (status === "expired" ? -30 : 365) * DAY_MS));
  const feature = (name: string, featureStatus: string, extra: XmlElement[] = []) =>
    element(name, [element("status", featureStatus), ...extra]);
  return element("features", [
    feature("callBridge", status, status === "noLicense" ? [] : [element("expiry", expiry)]),
    feature("callBridgeNoEncryption", "noLicense"),
    feature("webBridge", status, status === "noLicense" ? [] : [element("expiry", expiry)]),
    feature("turn", status, status === "noLicense" ? [] : [element("expiry", expiry)]),
    feature("recording", "noLicense"),
  ]);
}

/** Root element of the licensing answer for `node` (`system/licensing` or `clusterLicensing`), or undefined. */
export function licensingAnswer(node: string, version: string, answers: LicenceAnswers): XmlElement | undefined {
  const since3 = inVersionRange(version, { since: "3.0" });
  if (node === "system/licensing") {
    if (!since3) return element("licensing", [features(answers)]);
    if (!answers.fileNamesFeatures) return element("licensing");
    const expiry = answers.expiry ?? licenceDate(new Date(Date.now() + 365 * DAY_MS));
    return element("licensing", [element("features", [element("callBridge", [element("expiry", expiry)])])]);
  }
  if (node === "clusterlicensing" && since3) return element("clusterLicensing", [features(answers)]);
  return undefined;
}
