import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { isBotUserAgent } from "../clicks/bots";
import { recordClick } from "../clicks/record";
import { clientAddress, visitorHash } from "../clicks/visitor";
import { ApiError } from "../contract/errors";
import {
  type ClickCreated,
  clickCreatedSchema,
  createClickBodySchema,
} from "../contract/schemas/clicks";
import { errorResponses, publishableSecurity } from "../contract/schemas/common";
import { authenticate, bearerToken } from "../http/auth";
import { parseJsonText, readBodyText, validate } from "../http/body";
import type { AppEnv } from "../http/env";
import { requestHeader } from "../http/request-headers";
import { setResponseHeader } from "../http/response-headers";
import type { App } from "../http/route";
import { mount } from "../http/route";
import { parseAllowedOrigins } from "../settings/origins";
import type { Merchant } from "../store/schema";

export const route = createRoute({
  method: "post",
  path: "/api/v1/clicks",
  tags: ["Tracking"],
  summary: "Record a click (called by the snippet)",
  description:
    "Send the body as `text/plain` JSON (no CORS preflight) or `application/json`. The same visitor with the same key and ref within an hour gets the same click back (200). Known bots and link previews are answered with `click_id: null` and not counted. Rate limit: 1,000 requests per minute per publishable key.",
  security: publishableSecurity,
  request: {
    body: {
      content: {
        "text/plain": { schema: createClickBodySchema },
        "application/json": { schema: createClickBodySchema },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: "Click recorded",
      content: { "application/json": { schema: clickCreatedSchema } },
    },
    200: {
      description: "Existing click returned, or a bot answered",
      content: { "application/json": { schema: clickCreatedSchema } },
    },
    ...errorResponses(400, 401, 403, 404, 413, 429, 503),
  },
});

function originAllowed(merchant: Merchant, origin: string | undefined): boolean {
  const allowed = parseAllowedOrigins(merchant.allowed_origins);
  return allowed.length === 0 || (origin !== undefined && allowed.includes(origin));
}

async function enforceRateLimit(c: Context<AppEnv>, keyId: string): Promise<void> {
  const limit = await c.get("services").rateLimiter.consume(keyId);
  setResponseHeader(c, "RateLimit-Limit", String(limit.limit));
  setResponseHeader(c, "RateLimit-Remaining", String(limit.remaining));
  setResponseHeader(c, "RateLimit-Reset", String(limit.resetSeconds));
  setResponseHeader(c, "RateLimit-Policy", `${limit.limit};w=${limit.windowSeconds}`);
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

export function registerCreateClick(app: App): void {
  mount(app, route, async (c) => {
    const services = c.get("services");
    const body = parseJsonText(await readBodyText(c));
    const presented =
      typeof body === "object" &&
      body !== null &&
      typeof (body as { key?: unknown }).key === "string"
        ? (body as { key: string }).key
        : bearerToken(c);

    const auth = await authenticate(c, presented, "pk");
    // Per publishable key, as the contract says. The key is checked first (from the lookup
    // cache, refused keys included), so made-up keys neither get allowances of their own nor
    // reach the database more than once per cache period.
    await enforceRateLimit(c, auth.key.id);

    const origin = requestHeader(c, "origin");
    if (!originAllowed(auth.merchant, origin)) {
      throw new ApiError(
        "ORIGIN_NOT_ALLOWED",
        `The origin ${origin ?? "(none)"} may not use this key. Add it to allowed_origins in your settings.`,
        { details: { origin: origin ?? null } },
      );
    }
    const input = validate(createClickBodySchema, body, "body");

    const userAgent = requestHeader(c, "user-agent") ?? "";
    if (isBotUserAgent(userAgent)) {
      services.metrics.clicks.inc({ mode: auth.mode, outcome: "bot" });
      const program = await services.clickLookups.partner(auth.merchant.id, input.ref);
      const answer: ClickCreated = {
        click_id: null,
        mode: auth.mode,
        expires_at: null,
        attribution_model: program?.attribution_model ?? "last_click",
        ignored: "bot",
      };
      return c.json(answer, 200);
    }

    const click = await recordClick(services, {
      merchantId: auth.merchant.id,
      mode: auth.mode,
      ref: input.ref,
      url: input.url ?? null,
      referrer: input.referrer ?? null,
      visitorHash: visitorHash(auth.merchant.id, clientAddress(c, services.trustProxy), userAgent),
    });
    services.metrics.clicks.inc({
      mode: auth.mode,
      outcome: click.created ? "recorded" : "reused",
    });
    const answer: ClickCreated = {
      click_id: click.click_id,
      mode: click.mode,
      expires_at: click.expires_at,
      attribution_model: click.attribution_model,
    };
    return c.json(answer, click.created ? 201 : 200);
  });
}
