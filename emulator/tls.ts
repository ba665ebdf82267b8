import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A self-signed certificate for 127.0.0.1/localhost, made on the spot (tests, `--tls`). */
export interface TestCertificate {
  readonly key: string;
  /** The certificate, which is also the CA a client must trust. */
  readonly cert: string;
}

export function makeTestCertificate(commonName = "emulator.local"): TestCertificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-tls-"));
  try {
    const keyFile = path.join(dir, "key.pem");
    const certFile = path.join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        keyFile,
        "-out",
        certFile,
        "-days",
        "2",
        "-subj",
        `/CN=${commonName}`,
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
      ],
      { stdio: "pipe" },
    );
    return { key: fs.readFileSync(keyFile, "utf8"), cert: fs.readFileSync(certFile, "utf8") };
  } catch (error) {
    throw new Error(`could not make a test certificate with openssl (is it installed?): ${(error as Error).message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
