// POST /api/v1/clicks, whichever layer received it: Hono's route (routes/clicks/create.ts) or,
// on the service's own server, the click listener ahead of Hono (click-listener.ts). Both read
// the same few facts off their request and leave everything else to this one function: the
// HTTP side of a click (body parsing, the publishable key, the rate limit, the origin lock, the
// visitor's address) is done here, the click itself by the domain (clicks/record.ts), and its
// outcome is answered in the contract's shape. Failures are thrown as the contract's ApiError.

import { recordClick } from "../clicks/record";
import { ApiError } from "../contract/errors";
import { parseAllowedOrigins } from "../contract/origins";
import { type ClickCreated, createClickBodySchema } from "../contract/schemas/clicks";
import { toIso } from "../lib/clock";
import type { Services } from "../services";
import type { Merchant } from "../store/schema";
import { authenticate, bearerFrom } from "./auth";
import { parseJsonText, validate } from "./body";
import { clientAddress } from "./client-address";

/** What a click request brings: its body (read within the size limit) and five headers. */
export interface ClickCall {
  body: string;
  authorization: string | undefined;
  origin: string | undefined;
  userAgent: string | undefined;
  forwardedFor: string | undefined;
  /** The peer's address, when the request came over a socket. */
  socketAddress: string | undefined;
}

export interface ClickAnswer {
  status: 200 | 201;
  body: ClickCreated;
}

/** Sets a header on the answer to come, whether it is the click or an error. */
export type SetHeader = (name: string, value: string) => void;

function originAllowed(merchant: Merchant, origin: string | undefined): boolean {
  const allowed = parseAllowedOrigins(merchant.allowed_origins);
  return allowed.length === 0 || (origin !== undefined && allowed.includes(origin));
}

async function enforceRateLimit(
  services: Services,
  keyId: string,
  setHeader: SetHeader,
): Promise<void> {
  const limit = await services.rateLimiter.consume(keyId);
  setHeader("RateLimit-Limit", String(limit.limit));
  setHeader("RateLimit-Remaining", String(limit.remaining));
  setHeader("RateLimit-Reset", String(limit.resetSeconds));
  setHeader("RateLimit-Policy", `${limit.limit};w=${limit.windowSeconds}`);
  if (!limit.allowed) {
    throw new ApiError(
      "RATE_LIMITED",
      `Rate limit exceeded: ${limit.limit} click requests per minute per publishable key. Retry after ${limit.resetSeconds} s.`,
      {
        headers: { "Retry-After": String(limit.resetSeconds) },
        details: { limit: limit.limit, retry_after: limit.resetSeconds },
      },
    );
  }
}

export async function answerClick(
  services: Services,
  call: ClickCall,
  setHeader: SetHeader,
): Promise<ClickAnswer> {
  const body = parseJsonText(call.body);
  const presented =
    typeof body === "object" && body !== null && typeof (body as { key?: unknown }).key === "string"
      ? (body as { key: string }).key
      : bearerFrom(call.authorization);

  const auth = await authenticate(services, presented, "pk");
  // Per publishable key, as the contract says. The key is checked first (from the lookup
  // cache, refused keys included), so made-up keys neither get allowances of their own nor
  // reach the database more than once per cache period.
  await enforceRateLimit(services, auth.key.id, setHeader);

  if (!originAllowed(auth.merchant, call.origin)) {
    throw new ApiError(
      "ORIGIN_NOT_ALLOWED",
      `The origin ${call.origin ?? "(none)"} may not use this key. Add it to allowed_origins in your settings.`,
      { details: { origin: call.origin ?? null } },
    );
  }
  const input = validate(createClickBodySchema, body, "body");

  const click = await recordClick(services, {
    merchantId: auth.merchant.id,
    mode: auth.mode,
    ref: input.ref,
    url: input.url ?? null,
    referrer: input.referrer ?? null,
    userAgent: call.userAgent ?? "",
    address: clientAddress(call.forwardedFor, call.socketAddress, services.trustProxy),
    ...(input.failed_attempts
      ? {
          failure: {
            failedAttempts: input.failed_attempts,
            firstFailedAt: input.first_failed_at ?? toIso(services.clock.now()),
          },
        }
      : {}),
  });
  switch (click.kind) {
    case "referral_not_found":
      throw new ApiError(
        "REFERRAL_NOT_FOUND",
        `No partner has the ref "${input.ref}". Check the referral link, or create the partner with this ref.`,
        { details: { ref: input.ref } },
      );
    case "bot":
      return {
        status: 200,
        body: {
          click_id: null,
          mode: auth.mode,
          expires_at: null,
          attribution_model: click.attribution_model,
          ignored: "bot",
        },
      };
    case "recorded":
      return {
        status: click.created ? 201 : 200,
        body: {
          click_id: click.click_id,
          mode: click.mode,
          expires_at: click.expires_at,
          attribution_model: click.attribution_model,
        },
      };
  }
}
