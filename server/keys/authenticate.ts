// Turns a presented key into its merchant, or says exactly why it cannot: the same verdicts
// serve authentication (401) and `GET /keys/check`.
import type { Kysely } from "kysely";
import { type ParsedKey, parseKey } from "../contract/key-format";
import type { ApiKeyRow, Database, Merchant } from "../store/schema";
import { digestsEqual, hashKey } from "./secret";

export type KeyVerdict =
  | { ok: true; parsed: ParsedKey; key: ApiKeyRow; merchant: Merchant }
  | { ok: false; reason: "MALFORMED" | "UNKNOWN" | "REVOKED"; parsed: ParsedKey | null };

export async function authenticateKey(
  db: Kysely<Database>,
  presented: unknown,
): Promise<KeyVerdict> {
  const parsed = parseKey(presented);
  if (!parsed) return { ok: false, reason: "MALFORMED", parsed: null };
  const digest = hashKey(parsed.key);
  const row = await db
    .selectFrom("api_keys")
    .innerJoin("merchants", "merchants.id", "api_keys.merchant_id")
    .select([
      "api_keys.id",
      "api_keys.merchant_id",
      "api_keys.kind",
      "api_keys.mode",
      "api_keys.key_hash",
      "api_keys.public_value",
      "api_keys.last4",
      "api_keys.created_at",
      "api_keys.revoked_at",
      "merchants.name as merchant_name",
      "merchants.allowed_origins as merchant_allowed_origins",
      "merchants.created_at as merchant_created_at",
    ])
    .where("api_keys.key_hash", "=", digest)
    .executeTakeFirst();
  // The index finds the row by digest; the final comparison is constant-time all the same.
  if (!row || !digestsEqual(row.key_hash, digest)) return { ok: false, reason: "UNKNOWN", parsed };
  if (row.revoked_at) return { ok: false, reason: "REVOKED", parsed };
  const { merchant_name, merchant_allowed_origins, merchant_created_at, ...key } = row;
  return {
    ok: true,
    parsed,
    key,
    merchant: {
      id: key.merchant_id,
      name: merchant_name,
      allowed_origins: merchant_allowed_origins,
      created_at: merchant_created_at,
    },
  };
}
