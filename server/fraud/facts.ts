// What the fraud signals read from storage, within the conversion's merchant and mode.
import { DAY_MS } from "../lib/clock";
import type { ModeQueries } from "../store/tenant";
import type { FraudRules } from "./signals";

/** Partners other than `partnerId` this customer converted through in the rule's days. */
export async function otherPartnersOfCustomer(
  tenant: ModeQueries,
  rules: FraudRules,
  input: { customerId: string | null; partnerId: string; now: Date },
): Promise<string[]> {
  if (!input.customerId || rules.customer_partners <= 0) return [];
  const since = new Date(input.now.getTime() - rules.customer_partners_days * DAY_MS).toISOString();
  const rows = await tenant
    .selectFrom("conversions")
    .select("partner_id")
    .distinct()
    .where("customer_id", "=", input.customerId)
    .where("created_at", ">=", since)
    .where("status", "=", "attributed")
    .where("partner_id", "!=", input.partnerId)
    .limit(50)
    .execute();
  return rows.map((row) => row.partner_id).filter((id): id is string => id !== null);
}
