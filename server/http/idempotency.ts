// Idempotency-Key on authenticated POSTs (DESIGN.md § Conversions: "Every POST accepts
// Idempotency-Key"). Applied by the route-mounting helper (route.ts) to every POST that takes a
// secret key or a dashboard session, so a route added later gets it without code of its own.
//   same key, same request  → the first answer, replayed for 24 h (`Idempotent-Replayed: true`)
//   same key, other request → 409 IDEMPOTENCY_KEY_REUSED
//   while the first runs    → 409 IDEMPOTENCY_KEY_IN_USE with Retry-After: 1 (answered at once
//                             rather than held: a held request ties up a connection and a
//                             worker for as long as the first takes, and a retry is cheap)
// Keys belong to the merchant and mode of the caller. Only successes are kept (as Stripe keeps
// no failed validation): an error answer did nothing, so the key is released and a retry —
// after a 503, a 429, or with a corrected body — runs the request again.
import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { ApiError } from "../contract/errors";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
} from "../idempotency/repository";
import { randomBase62 } from "../lib/ids";
import { scoped } from "../store/tenant";
import { readBodyText } from "./body";
import type { AppEnv } from "./env";
import { requestHeader } from "./request-headers";

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
export const IDEMPOTENT_REPLAYED_HEADER = "Idempotent-Replayed";

/** Printable ASCII, 1–255 characters: a UUID, or any id the caller already has for the sale. */
const ACCEPTABLE_KEY = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;

function invalidKey(): ApiError {
  return new ApiError(
    "VALIDATION_ERROR",
    "The Idempotency-Key header must be 1–255 printable ASCII characters (a UUID is a good key).",
    { details: { fields: { "Idempotency-Key": "must be 1–255 printable ASCII characters" } } },
  );
}

/** What "the same request" means: the same method, path with query, and body bytes. */
function requestHash(method: string, url: string, body: string): string {
  const { pathname, search } = new URL(url);
  return createHash("sha256").update(`${method} ${pathname}${search}\n${body}`).digest("hex");
}

/** What is replayed: the answers of requests that did something. */
function keepable(status: number): boolean {
  return status >= 200 && status < 300;
}

export function idempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = requestHeader(c, "idempotency-key");
    if (key === undefined) return next();
    if (!ACCEPTABLE_KEY.test(key)) throw invalidKey();
    const services = c.get("services");
    const auth = c.get("auth");
    const tenant = scoped(services.store.db, { merchantId: auth.merchant.id, mode: auth.mode });
    const attempt = {
      key,
      attemptId: randomBase62(24),
      requestHash: requestHash(c.req.method, c.req.url, await readBodyText(c)),
    };
    const claim = await claimIdempotencyKey(tenant, services.clock, attempt);
    if (claim.kind === "reused") {
      throw new ApiError(
        "IDEMPOTENCY_KEY_REUSED",
        `The Idempotency-Key ${key} was used for another request in the last 24 hours. Use a new key for each different request.`,
        { details: { idempotency_key: key } },
      );
    }
    if (claim.kind === "in_use") {
      throw new ApiError(
        "IDEMPOTENCY_KEY_IN_USE",
        `A request with the Idempotency-Key ${key} is still being answered. Retry after a second to get its answer.`,
        { details: { idempotency_key: key }, headers: { "Retry-After": "1" } },
      );
    }
    if (claim.kind === "replay") {
      c.header(IDEMPOTENT_REPLAYED_HEADER, "true");
      c.header("Content-Type", "application/json");
      return c.body(claim.body, claim.statusCode as 200);
    }
    try {
      await next();
    } catch (error) {
      await releaseIdempotencyKey(tenant, attempt);
      throw error;
    }
    if (!keepable(c.res.status) || c.error) {
      await releaseIdempotencyKey(tenant, attempt);
      return;
    }
    const body = await c.res.clone().text();
    await completeIdempotencyKey(tenant, services.clock, attempt, {
      statusCode: c.res.status,
      body,
    });
  };
}
