import type { ApiKeyObject, IssuedKeyObject } from "../contract/schemas/keys";
import type { ApiKeyRow } from "../store/schema";

export function presentKey(row: ApiKeyRow): ApiKeyObject {
  return {
    id: row.id,
    object: "api_key",
    kind: row.kind,
    mode: row.mode,
    display: row.public_value ?? `${row.kind}_${row.mode}_…${row.last4}`,
    created_at: row.created_at,
    revoked_at: row.revoked_at,
  };
}

/** A key just created or rotated in: the whole key, shown once, and the key it replaced. */
export interface IssuedKey {
  row: ApiKeyRow;
  key: string;
  replaces: ApiKeyRow | null;
}

export function presentIssuedKey(issued: IssuedKey): IssuedKeyObject {
  return { ...presentKey(issued.row), key: issued.key, replaces: issued.replaces?.id ?? null };
}
