// Stripe's own example objects — stripe/openapi's openapi/fixtures3.json (commit f6c2a48f, MIT
// licence), the examples its API reference and stripe-mock serve — kept in
// tests/fixtures/stripe/fixtures3.json for the types Selgeo reads. Every test payload starts from
// one, so it carries every field Stripe sends, not only the ones Selgeo reads; the builders in
// stripe-events.ts then set ids, amounts and links that belong together.
import fixtures from "../fixtures/stripe/fixtures3.json" with { type: "json" };

export type StripeExampleType = keyof typeof fixtures;

/** A fresh copy of Stripe's example object of this type. */
export function stripeExample(type: StripeExampleType): Record<string, unknown> {
  return structuredClone(fixtures[type]) as Record<string, unknown>;
}
