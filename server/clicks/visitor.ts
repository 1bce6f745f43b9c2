import { hash } from "node:crypto";

/**
 * The visitor's address: X-Forwarded-For's first hop behind a trusted proxy, else the socket's
 * ("unknown" for an in-process request, which has none).
 */
export function clientAddress(
  forwardedFor: string | undefined,
  socketAddress: string | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy) {
    const forwarded = forwardedFor?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return socketAddress ?? "unknown";
}

/**
 * A visitor is a hash of address and user agent, salted with the merchant so the same person is
 * not linkable across merchants; the raw address is never stored.
 */
export function visitorHash(merchantId: string, address: string, userAgent: string): string {
  return hash("sha256", `${merchantId}\n${address}\n${userAgent}`, "hex").slice(0, 32);
}
