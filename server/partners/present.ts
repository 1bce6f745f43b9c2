import type { PartnerObject } from "../contract/schemas/partners";
import type { Partner } from "../store/schema";

export function presentPartner(row: Partner): PartnerObject {
  return {
    id: row.id,
    object: "partner",
    name: row.name,
    email: row.email,
    stripe_customer_id: row.stripe_customer_id,
    program_id: row.program_id,
    ref: row.ref,
    status: row.status,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
