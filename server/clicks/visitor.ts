import { hash } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import { requestHeader } from "../http/request-headers";

/** The visitor's address: the socket's, or X-Forwarded-For's first hop behind a trusted proxy. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = requestHeader(c, "x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // In-process requests (app.request) have no socket.
    return "unknown";
  }
}

/**
 * A visitor is a hash of address and user agent, salted with the merchant so the same person is
 * not linkable across merchants; the raw address is never stored.
 */
export function visitorHash(merchantId: string, address: string, userAgent: string): string {
  return hash("sha256", `${merchantId}\n${address}\n${userAgent}`, "hex").slice(0, 32);
}
