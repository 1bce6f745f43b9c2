// POST /api/v1/clicks, whichever layer received it: Hono's route (routes/clicks.create.ts) or,
// on the service's own server, the click listener ahead of Hono (http/click-listener.ts). Both
// read the same few facts off their request and leave everything else to this one function,
// so a click is answered alike either way. Failures are thrown as the contract's ApiError.
import { ApiError } from "../contract/errors";
import { parseAllowedOrigins } from "../contract/origins";
import { type ClickCreated, createClickBodySchema } from "../contract/schemas/clicks";
import { authenticate, bearerFrom } from "../http/auth";
import { parseJsonText, validate } from "../http/body";
import type { Services } from "../services";
import type { Merchant } from "../store/schema";
import { isBotUserAgent } from "./bots";
import { recordClick } from "./record";
import { clientAddress, visitorHash } from "./visitor";

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

  const userAgent = call.userAgent ?? "";
  if (isBotUserAgent(userAgent)) {
    services.metrics.clicks.inc({ mode: auth.mode, outcome: "bot" });
    const program = await services.clickLookups.partner(auth.merchant.id, input.ref);
    return {
      status: 200,
      body: {
        click_id: null,
        mode: auth.mode,
        expires_at: null,
        attribution_model: program?.attribution_model ?? "last_click",
        ignored: "bot",
      },
    };
  }

  const address = clientAddress(call.forwardedFor, call.socketAddress, services.trustProxy);
  const click = await recordClick(services, {
    merchantId: auth.merchant.id,
    mode: auth.mode,
    ref: input.ref,
    url: input.url ?? null,
    referrer: input.referrer ?? null,
    visitorHash: visitorHash(auth.merchant.id, address, userAgent),
  });
  services.metrics.clicks.inc({
    mode: auth.mode,
    outcome: click.created ? "recorded" : "reused",
  });
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
