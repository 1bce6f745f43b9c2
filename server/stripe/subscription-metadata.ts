// A subscription's metadata as its invoices carry it (`subscription_details.metadata` before API
// version 2025-03-31, `parent.subscription_details.metadata` since), and the customer's when the
// invoice's customer is expanded: where a Checkout Session that names no click id itself finds
// the one its merchant put in `subscription_data.metadata` (click-id.ts has the order).
import { z } from "zod";
import { affClickIdIn, type ClickIdCandidate, expandedMetadataOf } from "./click-id";

const metadataSchema = z.unknown();

const invoiceMetadataSchema = z.object({
  subscription_details: z.object({ metadata: metadataSchema }).nullish(),
  parent: z
    .object({ subscription_details: z.object({ metadata: metadataSchema }).nullish() })
    .nullish(),
  customer: z.unknown(),
});

interface InvoiceClickIdCandidates {
  subscription: ClickIdCandidate;
  customer: ClickIdCandidate;
}

/** The click id candidates an invoice carries; undefined when the object is no invoice. */
export function invoiceClickIdCandidates(object: unknown): InvoiceClickIdCandidates | undefined {
  const parsed = invoiceMetadataSchema.safeParse(object);
  if (!parsed.success) return undefined;
  const invoice = parsed.data;
  const metadata =
    invoice.parent?.subscription_details?.metadata ?? invoice.subscription_details?.metadata;
  return {
    subscription: [affClickIdIn(metadata), "subscription.metadata.aff_click_id"],
    customer: [
      affClickIdIn(expandedMetadataOf(invoice.customer)),
      "customer.metadata.aff_click_id",
    ],
  };
}
