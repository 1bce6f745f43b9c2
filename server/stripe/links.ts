// Which conversion a Stripe payment belongs to, so charge.refunded finds the commission to
// reverse: sessions, invoices, payment intents and charges each point at their conversion. A
// payment seen before its invoice's conversion exists points at the invoice instead, and is
// resolved through it when the refund comes (events arrive in any order).
import { type Clock, toIso } from "../lib/clock";
import type { ModeQueries } from "../store/tenant";

export type LinkKind = "checkout_session" | "invoice" | "payment_intent" | "charge";

export interface StripeRef {
  id: string;
  kind: LinkKind;
}

/** `pi_…` → payment_intent, `ch_…`/`py_…` → charge, `in_…` → invoice. */
export function refOf(id: string): StripeRef {
  if (id.startsWith("pi_")) return { id, kind: "payment_intent" };
  if (id.startsWith("in_")) return { id, kind: "invoice" };
  if (id.startsWith("cs_")) return { id, kind: "checkout_session" };
  return { id, kind: "charge" };
}

async function insertLinks(
  tenant: ModeQueries,
  clock: Clock,
  refs: StripeRef[],
  target: { conversion_id: string | null; invoice_id: string | null },
): Promise<void> {
  const unique = [...new Map(refs.map((ref) => [ref.id, ref])).values()];
  if (unique.length === 0) return;
  const now = toIso(clock.now());
  // First link wins: every later one points the same way, directly or through the invoice.
  await tenant
    .insertInto(
      "stripe_links",
      unique.map((ref) => ({ stripe_id: ref.id, kind: ref.kind, ...target, created_at: now })),
    )
    .onConflict((oc) => oc.columns(["merchant_id", "mode", "stripe_id"]).doNothing())
    .execute();
}

export function linkToConversion(
  tenant: ModeQueries,
  clock: Clock,
  refs: StripeRef[],
  conversionId: string,
): Promise<void> {
  return insertLinks(tenant, clock, refs, { conversion_id: conversionId, invoice_id: null });
}

export function linkToInvoice(
  tenant: ModeQueries,
  clock: Clock,
  refs: StripeRef[],
  invoiceId: string,
): Promise<void> {
  return insertLinks(tenant, clock, refs, { conversion_id: null, invoice_id: invoiceId });
}

/** The conversion any of these ids leads to, directly or through an invoice; null if none. */
export async function resolveConversion(
  tenant: ModeQueries,
  ids: string[],
): Promise<string | null> {
  if (ids.length === 0) return null;
  const rows = await tenant
    .selectFrom("stripe_links")
    .select(["conversion_id", "invoice_id"])
    .where("stripe_id", "in", ids)
    .execute();
  const direct = rows.find((row) => row.conversion_id !== null);
  if (direct?.conversion_id) return direct.conversion_id;
  const invoices = rows.flatMap((row) => (row.invoice_id ? [row.invoice_id] : []));
  if (invoices.length === 0) return null;
  const viaInvoice = await tenant
    .selectFrom("stripe_links")
    .select("conversion_id")
    .where("stripe_id", "in", invoices)
    .where("conversion_id", "is not", null)
    .executeTakeFirst();
  return viaInvoice?.conversion_id ?? null;
}

/** The payments (payment intents, charges) linked to any of these invoices. */
export async function idsPaidThroughInvoices(
  tenant: ModeQueries,
  invoiceIds: string[],
): Promise<string[]> {
  const invoices = invoiceIds.filter((id) => refOf(id).kind === "invoice");
  if (invoices.length === 0) return [];
  const rows = await tenant
    .selectFrom("stripe_links")
    .select("stripe_id")
    .where("invoice_id", "in", invoices)
    .execute();
  return rows.map((row) => row.stripe_id);
}
