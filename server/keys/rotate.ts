// Rotation issues a new key of the same kind and mode and revokes the old ones at once;
// revocation alone stops one key. Both are what `selgeo keys rotate|revoke` run.
import type { Kysely } from "kysely";
import { type KeyKind, type Mode, parseKey } from "../contract/key-format";
import { type Clock, toIso } from "../lib/clock";
import { keyRow } from "../merchants/create";
import type { Database } from "../store/schema";
import { merchantScoped } from "../store/tenant";
import { generateKey, hashKey } from "./secret";

export async function rotateKey(
  db: Kysely<Database>,
  clock: Clock,
  merchantId: string,
  kind: KeyKind,
  mode: Mode,
): Promise<{ key: string; revoked: number }> {
  const now = toIso(clock.now());
  const key = generateKey(kind, mode);
  return db.transaction().execute(async (trx) => {
    const merchant = await trx
      .selectFrom("merchants")
      .select("id")
      .where("id", "=", merchantId)
      .executeTakeFirst();
    if (!merchant) throw new Error(`No merchant ${merchantId}.`);
    const tenant = merchantScoped(trx, merchantId);
    const result = await tenant
      .updateTable("api_keys")
      .set({ revoked_at: now })
      .where("kind", "=", kind)
      .where("mode", "=", mode)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    await tenant.insertInto("api_keys", keyRow(kind, mode, key, now)).execute();
    return { key, revoked: Number(result.numUpdatedRows) };
  });
}

/**
 * Revokes the key given in full (`selgeo keys revoke`, an operator's command); answers false
 * when no such active key exists. Found by its hash, like authentication: the key names its
 * merchant.
 */
export async function revokeKey(db: Kysely<Database>, clock: Clock, key: string): Promise<boolean> {
  if (!parseKey(key)) return false;
  const result = await db
    .updateTable("api_keys")
    .set({ revoked_at: toIso(clock.now()) })
    .where("key_hash", "=", hashKey(key))
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
