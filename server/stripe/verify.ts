// Verifying a Stripe webhook delivery with the official library: the raw body, the
// `Stripe-Signature` header and the merchant's signing secrets (one per mode). The event's mode
// is unknown before verification, so both secrets are tried, always both (the same work whether
// or not a merchant has one set), and the event's `livemode` must match the secret that signed it.
import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { ApiError } from "../contract/errors";
import { MODES, type Mode } from "../contract/key-format";

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

export interface Verification {
  event: VerifiedEvent;
  mode: Mode;
}

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

function signatureError(reason: string, message: string): ApiError {
  return new ApiError("WEBHOOK_SIGNATURE_INVALID", message, { details: { reason } });
}

function readEvent(raw: string): VerifiedEvent {
  const parsed = JSON.parse(raw) as unknown;
  const event = parsed as Partial<Record<string, unknown>> | null;
  const data = event?.data as Partial<Record<string, unknown>> | undefined;
  if (
    typeof event !== "object" ||
    event === null ||
    typeof event.id !== "string" ||
    typeof event.type !== "string" ||
    typeof event.livemode !== "boolean" ||
    typeof event.created !== "number" ||
    typeof data !== "object" ||
    data === null ||
    typeof data.object !== "object" ||
    data.object === null
  ) {
    throw new ApiError(
      "VALIDATION_ERROR",
      "The payload is not a Stripe event (expected id, type, livemode, created and data.object). Point only Stripe's webhook deliveries at this endpoint.",
      { details: { fields: { "(body)": "must be a Stripe event object" } } },
    );
  }
  return {
    id: event.id,
    type: event.type,
    livemode: event.livemode,
    created: event.created,
    object: data.object as Record<string, unknown>,
  };
}

/**
 * Checks the delivery and returns the event with its mode, or throws a 400 whose details name
 * the reason. Nothing is read from the payload before the signature has been checked.
 */
export function verifyStripeWebhook(
  raw: string,
  header: string | undefined,
  secrets: WebhookSecrets,
  receivedAtMs: number,
): Verification {
  if (!header || header.trim() === "") {
    throw signatureError(
      "missing_header",
      "The Stripe-Signature header is missing. Only Stripe's own deliveries are accepted here; forward the request unchanged if it passes through a proxy.",
    );
  }
  const configured = MODES.filter((mode) => secrets[mode] !== undefined);
  const outcomes = new Map<Mode, Attempt>();
  for (const mode of MODES) {
    outcomes.set(mode, attempt(raw, header, secrets[mode] ?? PLACEHOLDER_SECRET, receivedAtMs));
  }
  if (configured.length === 0) {
    throw signatureError(
      "not_configured",
      "No Stripe signing secret is set for this merchant. Copy the endpoint's signing secret (whsec_…) from Stripe and send it with PUT /api/v1/integrations/stripe using the secret key of the same mode.",
    );
  }
  const signedBy = configured.filter((mode) => {
    const outcome = outcomes.get(mode);
    return outcome === "verified" || outcome === "not_json";
  });
  if (signedBy.length === 0) {
    const seen = new Set(configured.map((mode) => outcomes.get(mode)));
    if (seen.has("stale")) {
      throw signatureError(
        "stale_timestamp",
        `The signature's timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS / 60} minutes old. Stripe retries with a fresh signature; check this server's clock if every delivery fails this way.`,
      );
    }
    if (seen.has("malformed_header")) {
      throw signatureError(
        "malformed_header",
        "The Stripe-Signature header is malformed (expected t=…,v1=…). Forward Stripe's header unchanged.",
      );
    }
    throw signatureError(
      "no_matching_signature",
      "No signature matches this merchant's Stripe signing secrets. Check that the whsec_… set with PUT /api/v1/integrations/stripe is the one of this endpoint in Stripe, and that the body reaches us unmodified.",
    );
  }
  if (signedBy.some((mode) => outcomes.get(mode) === "not_json")) {
    throw new ApiError("INVALID_JSON", "The signed payload is not JSON; nothing was recorded.");
  }

  const event = readEvent(raw);
  const mode: Mode = event.livemode ? "live" : "test";
  if (!signedBy.includes(mode)) {
    throw signatureError(
      "livemode_mismatch",
      `This event has livemode=${event.livemode} but was signed with your ${signedBy[0]} signing secret. Set each Stripe endpoint's secret with the secret key of the same mode (sk_test_… for test mode, sk_live_… for live mode).`,
    );
  }
  return { event, mode };
}
