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

export async function findPartner(
  db: Kysely<Database>,
  merchantId: string,
  id: string,
): Promise<Partner | undefined> {
  return db
    .selectFrom("partners")
    .selectAll()
    .where("merchant_id", "=", merchantId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export type PartnerChanges = Partial<Omit<PartnerInput, "email">> & { email?: string | null };

/**
 * Applies the given fields only; answers undefined when the merchant has no such partner.
 * Throws the database's unique violation when the new ref is taken.
 */
export async function updatePartner(
  db: Kysely<Database>,
  clock: Clock,
  merchantId: string,
  id: string,
  changes: PartnerChanges,
): Promise<Partner | undefined> {
  const result = await db
    .updateTable("partners")
    .set({
      updated_at: toIso(clock.now()),
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.email !== undefined ? { email: changes.email } : {}),
      ...(changes.program_id !== undefined ? { program_id: changes.program_id } : {}),
      ...(changes.ref !== undefined ? { ref: changes.ref } : {}),
      ...(changes.status !== undefined ? { status: changes.status } : {}),
    })
    .where("merchant_id", "=", merchantId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  return findPartner(db, merchantId, id);
}
