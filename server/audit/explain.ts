// Reason code → what the troubleshooting guide says about it and how to fix it, for the audit
// log's readers (`selgeo audit`, the dashboard). Sentences follow
// ../shared/troubleshooting-guide.txt § "Conversions not attributed".
import type { AttributionReason } from "../contract/attribution-reasons";

export interface Explanation {
  reason: string;
  /**
   * The troubleshooting guide's section that covers the reason; null when none does (an
   * attributed conversion is not a problem to troubleshoot, so no "not attributed" heading).
   */
  guide_section: string | null;
  /** What happened, in the guide's words. */
  cause: string;
  /** What the merchant should do; empty when nothing needs fixing. */
  fix: string;
}

const NOT_ATTRIBUTED = "Conversions not attributed";

const EXPLANATIONS: Record<
  AttributionReason | "CONVERSION_DUPLICATE",
  Omit<Explanation, "reason">
> = {
  CLICK_ID_MISSING: {
    guide_section: `${NOT_ATTRIBUTED} › Missing or invalid click_id`,
    cause:
      "The conversion carried no click_id. The click_id links a conversion to its originating click; without it, Selgeo cannot attribute the conversion to a partner.",
    fix: "For Conversion API integrations, pass the click_id captured by the snippet (read it on the client with __selgeo.getClickId()). For Stripe integrations, include it in the Checkout Session metadata (key: aff_click_id); Payment Links carry it as client_reference_id automatically.",
  },
  CLICK_NOT_FOUND: {
    guide_section: `${NOT_ATTRIBUTED} › Missing or invalid click_id`,
    cause:
      "The conversion's click_id does not match any click of this merchant, so Selgeo cannot attribute the conversion to a partner.",
    fix: "Pass the click_id exactly as the snippet returns it from __selgeo.getClickId() (or as aff_click_id in the Stripe session metadata), and make sure the key that reports the conversion belongs to the same merchant as the snippet's data-merchant key.",
  },
  MODE_MISMATCH: {
    guide_section: `${NOT_ATTRIBUTED} › Mode mismatch`,
    cause:
      "The click and the conversion were made in different modes. A click_id generated with a pk_test_* key can only be matched by a conversion reported with an sk_test_* key (and vice versa for live keys).",
    fix: "Use keys of the same mode across the flow: pk_test_ with sk_test_ (and test-mode Stripe) while testing, pk_live_ with sk_live_ (and live Stripe) in production.",
  },
  CLICK_AFTER_CONVERSION: {
    guide_section: `${NOT_ATTRIBUTED} › Attribution window expired`,
    cause:
      "The conversion occurred before its click (occurred_at is more than 5 minutes earlier than the click's time), outside the attribution window, which opens at the click: the partner's click came after the sale, so no attribution was created.",
    fix: "Check that occurred_at is the time the sale happened, in UTC or with its time-zone offset (a local time sent as UTC moves a sale by hours), and that the click_id belongs to this sale's visitor. Conversions backfilled from before the click are not credited.",
  },
  ATTRIBUTION_WINDOW_EXPIRED: {
    guide_section: `${NOT_ATTRIBUTED} › Attribution window expired`,
    cause:
      "The conversion occurred after the program's attribution window expired (for a subscription renewal: after the program's recurring months), so no attribution was created.",
    fix: "Check your program's attribution window (and recurring months) in Programs › Settings. Report conversions promptly, with occurred_at set to when the sale happened.",
  },
  PARTNER_NOT_APPROVED: {
    guide_section: `${NOT_ATTRIBUTED} › Partner is not approved`,
    cause:
      "Conversions are attributed only to approved partners. The partner's status is pending, rejected or suspended, so the conversion was recorded but no commission was created.",
    fix: "If the partner should earn commissions, approve them in Partners; conversions reported after that are attributed.",
  },
  ATTRIBUTED: {
    guide_section: null,
    cause:
      "The click was found in the same mode, within the attribution window, for an approved partner: the conversion was attributed and a commission was created.",
    fix: "",
  },
  ATTRIBUTED_BY_REF: {
    guide_section: null,
    cause:
      "No click could be recorded for this sale: the visitor came through the partner's link, but the click request failed in the browser, so the snippet reported the partner's ref instead of a click id (clk_failed_<ref>). The partner's program credits such sales by ref (attribute_by_ref), so the conversion was attributed to the partner of that ref and a commission was created.",
    fix: "",
  },
  ATTRIBUTED_PROMO_CODE: {
    guide_section: null,
    cause:
      "The sale used a Stripe promotion code the partner owns: it was attributed to that partner (with no click id, or over another partner's click when the program lets the code win) and a commission was created.",
    fix: "Nothing to fix. To credit the partner of the click instead when both are present, set the code's partner's program promo_code_precedence to click.",
  },
  CONVERSION_DUPLICATE: {
    guide_section: `${NOT_ATTRIBUTED} › Duplicate conversion`,
    cause:
      "The same external_transaction_id was sent again, so the request was rejected with 409 CONVERSION_DUPLICATE; the first conversion (details.conversion_id) stands.",
    fix: "This is expected for idempotent retries. If these were different sales, give each its own external_transaction_id.",
  },
};

/** undefined for codes the guide does not cover (refund and Stripe bookkeeping entries). */
export function explainReason(reason: string): Explanation | undefined {
  if (!Object.hasOwn(EXPLANATIONS, reason)) return undefined;
  return { reason, ...EXPLANATIONS[reason as keyof typeof EXPLANATIONS] };
}
