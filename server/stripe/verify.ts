// Verifying a Stripe webhook delivery with the official library: the raw body, the
// `Stripe-Signature` header and the merchant's signing secrets (one per mode). The event's mode
// is unknown before verification, so both secrets are tried, always both (a placeholder stands in
// for a missing one), and the event's `livemode` must match the secret that signed it.
// A delivery signed by none of the merchant's secrets is refused with one answer, whether the
// merchant does not exist, has no secret or has another one: a caller learns nothing about the
// set-up of a merchant id it does not hold the secret of.
import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { z } from "zod";
import { MODES, type Mode } from "../contract/key-format";
import { codeSchema, stripeIdSchema, unixTimeSchema } from "./payload";

/** Stripe's own default: a delivery signed more than five minutes ago is refused (replays). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type WebhookSecrets = Partial<Record<Mode, string>>;

/** The fields of an event this service reads; the rest of the payload is left to the handlers. */
export interface VerifiedEvent {
  id: string;
  type: string;
  livemode: boolean;
  /** Unix seconds. */
  created: number;
  object: Record<string, unknown>;
}

/** Why a delivery is refused (answered 400): each says what to fix, none tells about the set-up. */
export type Refusal =
  | "missing_header"
  | "malformed_header"
  | "no_matching_signature"
  | "stale_timestamp"
  | "future_timestamp"
  | "livemode_mismatch"
  | "not_json"
  | "not_an_event";

export type Verification =
  | { ok: true; event: VerifiedEvent; mode: Mode }
  | { ok: false; refusal: Refusal; livemode?: boolean; signedWith?: Mode };

// Tried in place of a missing secret so that the time taken tells nothing about the setup.
const PLACEHOLDER_SECRET = `whsec_${randomBytes(32).toString("base64")}`;

type Attempt = "verified" | "stale" | "not_json" | "malformed_header" | "no_match";

function attempt(raw: string, header: string, secret: string, receivedAtMs: number): Attempt {
  try {
    Stripe.webhooks.constructEvent(
      raw,
      header,
      secret,
      SIGNATURE_TOLERANCE_SECONDS,
      undefined,
      receivedAtMs,
    );
    return "verified";
  } catch (error) {
    // The library parses the body only after the signature matched.
    if (error instanceof SyntaxError) return "not_json";
    const message = error instanceof Error ? error.message : "";
    if (/tolerance/i.test(message)) return "stale";
    if (/Unable to extract timestamp|No signatures found with expected scheme/i.test(message)) {
      return "malformed_header";
    }
    return "no_match";
  }
}

/**
 * The library refuses signatures older than the tolerance, not ones dated ahead of it: a
 * signature dated in the future would stay replayable until that time has passed.
 */
function signedInFuture(header: string, receivedAtMs: number): boolean {
  const timestamp = /(?:^|,)\s*t=(\d+)\s*(?:,|$)/.exec(header)?.[1];
  return (
    timestamp !== undefined &&
    Number(timestamp) > Math.floor(receivedAtMs / 1000) + SIGNATURE_TOLERANCE_SECONDS
  );
}

const eventSchema = z.object({
  id: stripeIdSchema,
  type: codeSchema.regex(/^[a-z0-9_.]+$/),
  livemode: z.boolean(),
  created: unixTimeSchema,
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

/**
 * Checks the delivery and returns the event with its mode, or why it is refused. Nothing is read
 * from the payload before the signature has been checked.
 */
export function verifyStripeWebhook(
  raw: string,
  header: string | undefined,
  secrets: WebhookSecrets,
  receivedAtMs: number,
): Verification {
  if (!header || header.trim() === "") return { ok: false, refusal: "missing_header" };
  const outcomes = new Map<Mode, Attempt>();
  for (const mode of MODES) {
    const secret = secrets[mode] ?? PLACEHOLDER_SECRET;
    outcomes.set(mode, attempt(raw, header, secret, receivedAtMs));
  }
  const signedBy = MODES.filter((mode) => {
    const outcome = outcomes.get(mode);
    return secrets[mode] !== undefined && (outcome === "verified" || outcome === "not_json");
  });
  if (signedBy.length === 0) {
    const seen = new Set(outcomes.values());
    // Only a matching signature can be stale: the library checks the time after the match.
    if (MODES.some((mode) => secrets[mode] !== undefined && outcomes.get(mode) === "stale")) {
      return { ok: false, refusal: "stale_timestamp" };
    }
    // A property of the header alone, the same with any secret.
    if (seen.has("malformed_header")) return { ok: false, refusal: "malformed_header" };
    return { ok: false, refusal: "no_matching_signature" };
  }
  if (signedInFuture(header, receivedAtMs)) return { ok: false, refusal: "future_timestamp" };
  if (signedBy.some((mode) => outcomes.get(mode) === "not_json")) {
    return { ok: false, refusal: "not_json" };
  }

  const parsed = eventSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) return { ok: false, refusal: "not_an_event" };
  const { data, ...envelope } = parsed.data;
  const event: VerifiedEvent = { ...envelope, object: data.object };
  const mode: Mode = event.livemode ? "live" : "test";
  if (!signedBy.includes(mode)) {
    return {
      ok: false,
      refusal: "livemode_mismatch",
      livemode: event.livemode,
      signedWith: signedBy[0] as Mode,
    };
  }
  return { ok: true, event, mode };
}
