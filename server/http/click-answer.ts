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
import { HEALTH_KINDS, refusalKind } from "../health/counts";
import { toIso } from "../lib/clock";
import type { ClickBudget } from "../rate-limit/click-budgets";
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

/** The page a click request came from: its Origin, else its page URL's origin. */
function pageOrigin(origin: string | undefined, url: unknown): string {
  for (const candidate of [origin, typeof url === "string" ? url : undefined]) {
    if (!candidate || candidate === "null") continue;
    try {
      const parsed = new URL(candidate).origin;
      if (parsed !== "null" && parsed.length <= 200) return parsed;
    } catch {}
  }
  return "(none)";
}

/** Sets the RateLimit-* headers of the budget that answered; throws 429 when it is spent. */
function enforceBudget(budget: ClickBudget, setHeader: SetHeader): void {
  setHeader("RateLimit-Limit", String(budget.limit));
  setHeader("RateLimit-Remaining", String(budget.remaining));
  setHeader("RateLimit-Reset", String(budget.resetSeconds));
  setHeader("RateLimit-Policy", `${budget.limit};w=${budget.windowSeconds}`);
  if (budget.allowed) return;
  const per =
    budget.spent === "visitor"
      ? "per visitor address and publishable key"
      : budget.spent === "refused-origins"
        ? "per publishable key from origins outside allowed_origins"
        : "per publishable key";
  throw new ApiError(
    "RATE_LIMITED",
    `Rate limit exceeded: ${budget.limit} click requests per minute ${per}. Retry after ${budget.resetSeconds} s.`,
    {
      headers: { "Retry-After": String(budget.resetSeconds) },
      details: { limit: budget.limit, retry_after: budget.resetSeconds, budget: budget.spent },
    },
  );
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
  // The key is checked first (from the lookup cache, refused keys included), so made-up keys
  // neither get allowances of their own nor reach the database more than once per cache period.
  // Then the origin decides which budget pays: a refused origin's requests are counted in a
  // budget of their own, so a flood of 403s cannot spend the budget of the merchant's own pages
  // (issue 14; rate-limit/click-budgets.ts).
  const address = clientAddress(call.forwardedFor, call.socketAddress, services.trustProxy);
  // Integration health counts refusals and clicks per key and page origin (health/counts.ts).
  const count = (kind: string) =>
    services.healthCounter.add({
      merchantId: auth.merchant.id,
      mode: auth.mode,
      day: services.clock.now().toISOString().slice(0, 10),
      kind,
      keyId: auth.key.id,
      subject: pageOrigin(
        call.origin,
        typeof body === "object" && body !== null ? (body as { url?: unknown }).url : undefined,
      ),
    });
  const charge = (budget: ClickBudget) => {
    if (!budget.allowed) count(refusalKind("RATE_LIMITED"));
    enforceBudget(budget, setHeader);
  };
  if (!originAllowed(auth.merchant, call.origin)) {
    charge(await services.clickBudgets.refusedOrigin(auth.key.id));
    count(refusalKind("ORIGIN_NOT_ALLOWED"));
    throw new ApiError(
      "ORIGIN_NOT_ALLOWED",
      `The origin ${call.origin ?? "(none)"} may not use this key. Add it to allowed_origins in your settings.`,
      { details: { origin: call.origin ?? null } },
    );
  }
  charge(await services.clickBudgets.allowedOrigin(auth.key.id, address));
  const input = validate(createClickBodySchema, body, "body");

  const click = await recordClick(services, {
    merchantId: auth.merchant.id,
    mode: auth.mode,
    ref: input.ref,
    url: input.url ?? null,
    referrer: input.referrer ?? null,
    userAgent: call.userAgent ?? "",
    address,
    ...(input.automated ? { automated: true } : {}),
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
      if (click.created) count(HEALTH_KINDS.clickOrigin);
      // A click the snippet could only record on a retry (its first requests failed in the
      // browser): counted once, since a second delivery of the retry reuses the click.
      if (click.created && input.failed_attempts) count(HEALTH_KINDS.clickFailedInBrowser);
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
