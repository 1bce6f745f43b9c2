// customer.discount.created / customer.discount.updated: a customer (or a subscription of theirs)
// holds a discount, maybe through a promotion code. Nothing is sold here; the discount's code is
// kept (discounts.ts) because invoices since API version 2025-03-31 name their discounts by bare
// id, and a renewal kept waiting for this discount is tried again.
import { z } from "zod";
import { type KnownDiscount, noteDiscount } from "../discounts";
import {
  acknowledgeIgnored,
  type EventScope,
  type EventServices,
  type Handled,
  type Ignored,
  ignored,
  tenantOf,
} from "../event-context";
import { discountIdSchema } from "../invoice-promotion-code";
import { describeIssues, optionalIdSchema } from "../payload";
import type { VerifiedEvent } from "../verify";
import { INVOICE_PAID_EVENT_TYPES } from "./invoice-paid";

export const CUSTOMER_DISCOUNT_EVENT_TYPES = [
  "customer.discount.created",
  "customer.discount.updated",
] as const;

const discountSchema = z.object({
  id: discountIdSchema,
  promotion_code: optionalIdSchema,
  subscription: optionalIdSchema,
});

/** Pure: the discount and its code, or why the event records nothing. */
export function parseCustomerDiscount(
  event: VerifiedEvent,
): ({ kind: "discount" } & KnownDiscount) | Ignored {
  const parsed = discountSchema.safeParse(event.object);
  if (!parsed.success) {
    return ignored("MALFORMED_OBJECT", `The discount: ${describeIssues(parsed.error)}.`);
  }
  return {
    kind: "discount",
    discountId: parsed.data.id,
    promotionCodeId: parsed.data.promotion_code,
    subscriptionId: parsed.data.subscription,
  };
}

export async function handleCustomerDiscount(
  services: EventServices,
  scope: EventScope,
): Promise<Handled> {
  const discount = parseCustomerDiscount(scope.event);
  if (discount.kind === "ignored") return acknowledgeIgnored(services, scope, discount);
  await noteDiscount(tenantOf(services, scope), services.clock, discount);
  return {
    outcome: "linked",
    reason: discount.promotionCodeId ? "DISCOUNT_CODE_NOTED" : "DISCOUNT_WITHOUT_CODE_NOTED",
    conversionId: null,
    // A renewal kept waiting for this discount's code.
    wake: { ids: [discount.discountId], types: INVOICE_PAID_EVENT_TYPES },
  };
}
