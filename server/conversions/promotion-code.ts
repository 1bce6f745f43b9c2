// Whether a sale's Stripe promotion code credits its owner: the facts for the audit entry, and
// the partner and program to credit when the code wins.
import {
  type AttributionDecision,
  type RecurringFacts,
  recurringEarnsBefore,
} from "../attribution/decide";
import { promotionCodeOwner } from "../partners/promotion-codes";
import type { Services } from "../services";
import type { Program } from "../store/schema";
import { merchantScoped } from "../store/tenant";

/** The partner a conversion is credited to, and the program its commission follows. */
export interface Credited {
  partnerId: string;
  programId: string;
  program: Program;
}

export interface PromotionCodeDecision {
  /** Set when the code's owner is credited. */
  credit: Credited | null;
  /** Named in the attribution's audit entry: the code, both partners, and who won. */
  facts: {
    promotion_code_id: string;
    code_partner_id: string | null;
    code_partner_status: string | null;
    click_partner_id: string | null;
    precedence: "code" | "click" | null;
    credited: "code" | "click" | "none";
    /** A renewal's invoice: the code's program's recurring months no longer cover its period. */
    code_recurring_ended?: true;
  };
}

export async function promotionCodeDecision(
  services: Pick<Services, "store">,
  merchantId: string,
  promotionCodeId: string,
  click: {
    decision: AttributionDecision;
    clickPartnerId: string | null;
    /** Set for a subscription renewal's invoice. */
    recurring?: RecurringFacts;
  },
): Promise<PromotionCodeDecision> {
  const owner = await promotionCodeOwner(
    merchantScoped(services.store.db, merchantId),
    promotionCodeId,
  );
  // The click's partner, when the click alone would have been credited.
  const clickPartner = click.decision.decision === "attributed" ? click.clickPartnerId : null;
  const facts: PromotionCodeDecision["facts"] = {
    promotion_code_id: promotionCodeId,
    code_partner_id: owner?.partner.id ?? null,
    code_partner_status: owner?.partner.status ?? null,
    click_partner_id: clickPartner,
    precedence: owner?.program.promo_code_precedence ?? null,
    credited: clickPartner ? "click" : "none",
  };
  if (owner?.partner.status !== "approved") return { credit: null, facts };
  const codeWins =
    clickPartner === null ||
    (clickPartner !== owner.partner.id && owner.program.promo_code_precedence === "code");
  if (!codeWins || clickPartner === owner.partner.id) return { credit: null, facts };
  // A renewal earns for the code's program's recurring_months, counted as a click's would be.
  if (click.recurring) {
    const window = { ...click.recurring, recurring_months: owner.program.recurring_months };
    if (Date.parse(window.period_start) >= Date.parse(recurringEarnsBefore(window))) {
      return { credit: null, facts: { ...facts, code_recurring_ended: true } };
    }
  }
  return {
    credit: { partnerId: owner.partner.id, programId: owner.program.id, program: owner.program },
    facts: { ...facts, credited: "code" },
  };
}
