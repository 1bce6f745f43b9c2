// Selgeo's webhook signatures, signed by the server and checked by receivers: the one definition,
// exported from the package as `selgeo/webhooks`. Plain JavaScript (typed by signature.d.ts) so a
// receiver's Node imports it without a TypeScript loader. The scheme is Stripe's:
//   Selgeo-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the secret>
// The timestamp inside the signed text stops a captured delivery from being replayed later.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Selgeo-Signature";
export const DEFAULT_TOLERANCE_SECONDS = 300;

export class WebhookSignatureError extends Error {
  name = "WebhookSignatureError";
}

/** @param {string} secret @param {string} payload @param {number} timestamp */
function digest(secret, payload, timestamp) {
  return createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
}

/** The header value for a body sent at `timestamp` (Unix seconds). */
export function signWebhookPayload(secret, payload, timestamp) {
  return `t=${timestamp},v1=${digest(secret, payload, timestamp)}`;
}

/**
 * Checks a delivery and answers its event. `payload` must be the raw body as received (before any
 * JSON parsing). Throws WebhookSignatureError for a missing or malformed header, a signature that
 * does not match, or a timestamp further than `toleranceSeconds` from now.
 */
export function verifyWebhook(payload, header, secret, options = {}) {
  const body = typeof payload === "string" ? payload : Buffer.from(payload).toString("utf8");
  if (typeof header !== "string" || header.length === 0) {
    throw new WebhookSignatureError(`No ${SIGNATURE_HEADER} header.`);
  }
  let timestamp = Number.NaN;
  const signatures = [];
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t") timestamp = Number(value);
    else if (key === "v1" && value) signatures.push(value);
  }
  if (!Number.isInteger(timestamp) || signatures.length === 0) {
    throw new WebhookSignatureError(`${SIGNATURE_HEADER} must be "t=<seconds>,v1=<signature>".`);
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (tolerance > 0 && Math.abs(now - timestamp) > tolerance) {
    throw new WebhookSignatureError(
      `The signature's timestamp is more than ${tolerance} s from now: a replay, or a clock that is off.`,
    );
  }
  const expected = Buffer.from(digest(secret, body, timestamp), "utf8");
  // Several v1 values while a secret is being rolled: one of them must match.
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature, "utf8");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) {
    throw new WebhookSignatureError(
      "No signature matches the body with this secret: check the endpoint's secret and that the body is the raw one.",
    );
  }
  return JSON.parse(body);
}
