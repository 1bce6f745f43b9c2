import type { Kysely } from "kysely";
import type { KeyKind, Mode } from "../contract/key-format";
import { generateKey, hashKey } from "../keys/secret";
import { type Clock, toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { Database } from "../store/schema";
import { merchantScoped } from "../store/tenant";

export interface MerchantKeys {
  pk_test: string;
  sk_test: string;
  pk_live: string;
  sk_live: string;
}

export interface CreatedMerchant {
  merchant_id: string;
  name: string;
  /** Shown once: only the publishable keys can be read back later. */
  keys: MerchantKeys;
}

const KEY_SLOTS: Array<[keyof MerchantKeys, KeyKind, Mode]> = [
  ["pk_test", "pk", "test"],
  ["sk_test", "sk", "test"],
  ["pk_live", "pk", "live"],
  ["sk_live", "sk", "live"],
];

export async function createMerchant(
  db: Kysely<Database>,
  clock: Clock,
  name: string,
): Promise<CreatedMerchant> {
  const merchantId = newId("mer");
  const now = toIso(clock.now());
  const keys = {} as MerchantKeys;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("merchants")
      .values({ id: merchantId, name, allowed_origins: "[]", created_at: now })
      .execute();
    const tenant = merchantScoped(trx, merchantId);
    for (const [slot, kind, mode] of KEY_SLOTS) {
      const key = generateKey(kind, mode);
      keys[slot] = key;
      await tenant.insertInto("api_keys", keyRow(kind, mode, key, now)).execute();
    }
  });
  return { merchant_id: merchantId, name, keys };
}

/** A new key's row; the merchant comes from the tenant handle it is inserted through. */
export function keyRow(kind: KeyKind, mode: Mode, key: string, now: string) {
  return {
    id: newId("key"),
    kind,
    mode,
    key_hash: hashKey(key),
    public_value: kind === "pk" ? key : null,
    last4: key.slice(-4),
    created_at: now,
    revoked_at: null,
  };
}
