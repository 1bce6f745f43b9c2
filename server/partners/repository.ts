import type { Kysely } from "kysely";
import { type Clock, toIso } from "../lib/clock";
import { newId, randomBase62 } from "../lib/ids";
import type { Database, Partner, PartnerStatus } from "../store/schema";

export interface PartnerInput {
  name: string;
  email?: string | null;
  program_id: string;
  ref?: string;
  status?: PartnerStatus;
}

/** Short, readable, and as unguessable as a ref needs to be. */
export function generateRef(): string {
  return randomBase62(10).toLowerCase();
}

/** Throws the database's unique violation when the ref is taken; callers turn it into a 4xx. */
export async function insertPartner(
  db: Kysely<Database>,
  clock: Clock,
  merchantId: string,
  input: PartnerInput,
): Promise<Partner> {
  const now = toIso(clock.now());
  const row: Partner = {
    id: newId("prt"),
    merchant_id: merchantId,
    program_id: input.program_id,
    name: input.name,
    email: input.email ?? null,
    ref: input.ref ?? generateRef(),
    status: input.status ?? "pending",
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("partners").values(row).execute();
  return row;
}
