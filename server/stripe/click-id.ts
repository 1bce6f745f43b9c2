// Where a Stripe payment names the Selgeo click, in this order (docs/stripe.md):
//   1. the Checkout Session's `metadata.aff_click_id` (Checkout created by the merchant),
//   2. its `client_reference_id` (Payment Links and pricing tables, set by the snippet),
//   3. the subscription's `metadata.aff_click_id` (set through `subscription_data.metadata`),
//      from the session's expanded subscription or from the subscription's invoices
//      (`subscription_details.metadata`, or `parent.subscription_details.metadata` since 2025-03-31),
//   4. the customer's `metadata.aff_click_id`, when Stripe includes the customer object.
// The first non-blank value wins; which one it was is kept in the audit facts.
import { hasControlCharacters } from "../contract/schemas/common";

type ClickIdSource =
  | "metadata.aff_click_id"
  | "client_reference_id"
  | "subscription.metadata.aff_click_id"
  | "customer.metadata.aff_click_id";

export interface FoundClickId {
  clickId: string | null;
  clickIdSource: ClickIdSource | null;
}

export type ClickIdCandidate = readonly [value: unknown, source: ClickIdSource];

/** Stripe's `client_reference_id` limit, also the longest click id worth looking up. */
const MAX_CLICK_ID_LENGTH = 200;

export const NO_CLICK_ID: FoundClickId = { clickId: null, clickIdSource: null };

/**
 * The first candidate that is a non-blank string, trimmed, at most 200 characters (a longer one
 * matches no click); `NO_CLICK_ID` when none is. A click id with control characters breaks the
 * API's rules: undefined.
 */
export function firstClickId(
  candidates: ReadonlyArray<ClickIdCandidate>,
): FoundClickId | undefined {
  for (const [value, source] of candidates) {
    if (typeof value !== "string") continue;
    const trimmed = value.trim();
    if (trimmed === "") continue;
    if (hasControlCharacters(trimmed)) return undefined;
    return { clickId: trimmed.slice(0, MAX_CLICK_ID_LENGTH), clickIdSource: source };
  }
  return NO_CLICK_ID;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `metadata.aff_click_id` of a metadata object (anything else: undefined). */
export function affClickIdIn(metadata: unknown): unknown {
  return isRecord(metadata) ? metadata.aff_click_id : undefined;
}

/**
 * The metadata of an expandable field when Stripe sent the object itself (an expanded
 * subscription or customer), or undefined when it sent only the id.
 */
export function expandedMetadataOf(field: unknown): unknown {
  return isRecord(field) ? (field.metadata ?? null) : undefined;
}
