// A throwaway TLS certificate for https test servers (cookies marked Secure, mixed content),
// made with openssl (.ci/run installs it). Chromium is told to accept it with
// --ignore-certificate-errors; nothing else ever trusts it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Certificate {
  key: string;
  cert: string;
}

/** A certificate for `*.${domain}` and `${domain}`, valid for a day. */
export function selfSignedCertificate(domain: string): Certificate {
  const dir = mkdtempSync(join(tmpdir(), "selgeo-cert-"));
  try {
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
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
        "-days",
        "1",
        "-subj",
        `/CN=${domain}`,
        "-addext",
        `subjectAltName=DNS:${domain},DNS:*.${domain}`,
        "-keyout",
        key,
        "-out",
        cert,
      ],
      { stdio: "ignore" },
    );
    return { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
