// Where the outside world reaches this server, for the links it gives out (the Stripe webhook
// URL, every error's doc_url): PUBLIC_URL when the operator set it, otherwise the origin the
// caller reached — the proxy's view (X-Forwarded-Host/-Proto) when the proxy is trusted.
import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { Services } from "../services";
import type { AppEnv } from "./env";
import { incomingHeader, requestHeader } from "./request-headers";

type Where = Pick<Services, "publicUrl" | "trustProxy">;

function firstOf(header: string | undefined): string | undefined {
  return header?.split(",")[0]?.trim() || undefined;
}

function baseFrom(
  where: Where,
  forwardedHost: string | undefined,
  forwardedProto: string | undefined,
  origin: () => string,
): string {
  if (where.publicUrl) return where.publicUrl;
  if (where.trustProxy) {
    const host = firstOf(forwardedHost);
    if (host) return `${firstOf(forwardedProto) === "http" ? "http" : "https"}://${host}`;
  }
  return origin();
}

export function publicBase(c: Context<AppEnv>): string {
  // Errors raised before the request context is set know no services: the request's origin.
  return baseFrom(
    c.get("services") ?? { publicUrl: undefined, trustProxy: false },
    requestHeader(c, "x-forwarded-host"),
    requestHeader(c, "x-forwarded-proto"),
    () => new URL(c.req.url).origin,
  );
}

/** publicBase for a request answered on Node's own request (click-listener.ts). */
export function incomingPublicBase(where: Where, incoming: IncomingMessage): string {
  return baseFrom(
    where,
    incomingHeader(incoming, "x-forwarded-host"),
    incomingHeader(incoming, "x-forwarded-proto"),
    () => `http://${incomingHeader(incoming, "host") ?? "localhost"}`,
  );
}
