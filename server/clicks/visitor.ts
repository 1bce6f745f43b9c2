import { hash } from "node:crypto";

/**
 * A visitor is a hash of address and user agent, salted with the merchant so the same person is
 * not linkable across merchants; the raw address is never stored.
 */
export function visitorHash(merchantId: string, address: string, userAgent: string): string {
  return hash("sha256", `${merchantId}\n${address}\n${userAgent}`, "hex").slice(0, 32);
}
