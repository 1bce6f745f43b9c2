// invoice_payment.paid: since API version 2025-03-31 the only place that names the payment
// (payment intent or charge) of an invoice. The payment is linked to the invoice, so a later
// charge.refunded (or a dispute) finds the conversion the invoice was recorded as, whichever event
// came first: one kept waiting for the payment is tried again.
import { z } from "zod";
import {
  acknowledgeIgnored,
  type EventScope,
  type EventServices,
  type Handled,
  type Ignored,
  ignored,
  tenantOf,
} from "../event-context";
import { linkToInvoice, refOf, resolveConversion } from "../links";
import { describeIssues, expandableIdSchema, optionalIdSchema } from "../payload";
import type { VerifiedEvent } from "../verify";

export const INVOICE_PAYMENT_EVENT_TYPES = ["invoice_payment.paid"] as const;

export interface InvoicePayment {
  kind: "invoice_payment";
  invoiceId: string;
  paymentIds: string[];
}

const invoicePaymentSchema = z.object({
  invoice: expandableIdSchema,
  payment: z.object({ payment_intent: optionalIdSchema, charge: optionalIdSchema }).nullish(),
});

/** Pure: the invoice and the payments that paid it, or why the event records nothing. */
export function parseInvoicePayment(event: VerifiedEvent): InvoicePayment | Ignored {
  const parsed = invoicePaymentSchema.safeParse(event.object);
  if (!parsed.success) {
    return ignored("MALFORMED_OBJECT", `The invoice payment: ${describeIssues(parsed.error)}.`);
  }
  const payment = parsed.data.payment;
  const paymentIds = [payment?.payment_intent ?? null, payment?.charge ?? null].filter(
    (id): id is string => id !== null,
  );
  if (paymentIds.length === 0) {
    return ignored("MALFORMED_OBJECT", "The invoice payment names no payment.");
  }
  return { kind: "invoice_payment", invoiceId: parsed.data.invoice, paymentIds };
}

export async function handleInvoicePayment(
  services: EventServices,
  scope: EventScope,
): Promise<Handled> {
  const payment = parseInvoicePayment(scope.event);
  if (payment.kind === "ignored") return acknowledgeIgnored(services, scope, payment);
  const tenant = tenantOf(services, scope);
  await linkToInvoice(tenant, services.clock, payment.paymentIds.map(refOf), payment.invoiceId);
  return {
    outcome: "linked",
    reason: "PAYMENT_LINKED_TO_INVOICE",
    conversionId: await resolveConversion(tenant, [payment.invoiceId]),
    // A refund or dispute of this payment kept until now may find its conversion.
    wake: { ids: payment.paymentIds },
  };
}
