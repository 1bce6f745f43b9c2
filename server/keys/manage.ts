// A merchant's keys as the API and the dashboard manage them, one key at a time: issue a new
// one, rotate one (a new key of the same kind and mode, the old one revoked in the same
// transaction) or revoke one. Each change writes its audit entry in its transaction, naming the
// actor of the request (audit/actor.ts). Keys are looked up within the caller's merchant and
// mode: another mode's key is as unknown as a made-up id.
import type { Kysely } from "kysely";
import { writeAuditEntry } from "../audit/write";
import type { KeyKind, Mode } from "../contract/key-format";
import { type Clock, toIso } from "../lib/clock";
import { keyRow } from "../merchants/create";
import type { ApiKeyRow, Database } from "../store/schema";
import { presentKey } from "./present";
import { generateKey } from "./secret";

interface KeyScope {
  merchantId: string;
  mode: Mode;
  requestId: string;
}

export interface IssuedKey {
  row: ApiKeyRow;
  /** The whole key, shown once. */
  key: string;
  replaces: ApiKeyRow | null;
}

type RotateOutcome =
  | { kind: "rotated"; issued: IssuedKey }
  | { kind: "not_found" }
  | { kind: "already_revoked"; row: ApiKeyRow };

type RevokeOutcome = { kind: "revoked"; row: ApiKeyRow } | { kind: "not_found" };

async function findKey(db: Kysely<Database>, scope: KeyScope, id: string) {
  return db
    .selectFrom("api_keys")
    .selectAll()
    .where("merchant_id", "=", scope.merchantId)
    .where("mode", "=", scope.mode)
    .where("id", "=", id)
    .executeTakeFirst();
}

function audit(
  db: Kysely<Database>,
  clock: Clock,
  scope: KeyScope,
  decision: "created" | "rotated" | "revoked",
  facts: object,
) {
  return writeAuditEntry(db, clock, {
    merchantId: scope.merchantId,
    mode: scope.mode,
    requestId: scope.requestId,
    action: "api_key",
    decision,
    reason: `KEY_${decision.toUpperCase()}`,
    facts,
  });
}

export async function issueKey(
  db: Kysely<Database>,
  clock: Clock,
  scope: KeyScope,
  kind: KeyKind,
): Promise<IssuedKey> {
  const key = generateKey(kind, scope.mode);
  const row = keyRow(scope.merchantId, kind, scope.mode, key, toIso(clock.now()));
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("api_keys").values(row).execute();
    await audit(trx, clock, scope, "created", { key: presentKey(row) });
  });
  return { row, key, replaces: null };
}

export async function rotateKeyById(
  db: Kysely<Database>,
  clock: Clock,
  scope: KeyScope,
  id: string,
): Promise<RotateOutcome> {
  return db.transaction().execute(async (trx): Promise<RotateOutcome> => {
    const old = await findKey(trx, scope, id);
    if (!old) return { kind: "not_found" };
    if (old.revoked_at !== null) return { kind: "already_revoked", row: old };
    const now = toIso(clock.now());
    // Conditional: of two racing rotations of one key, one revokes it and issues a key.
    const revoked = await trx
      .updateTable("api_keys")
      .set({ revoked_at: now })
      .where("id", "=", old.id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (Number(revoked.numUpdatedRows) !== 1) {
      return { kind: "already_revoked", row: { ...old, revoked_at: now } };
    }
    const key = generateKey(old.kind, old.mode);
    const row = keyRow(scope.merchantId, old.kind, old.mode, key, now);
    await trx.insertInto("api_keys").values(row).execute();
    const replaced = { ...old, revoked_at: now };
    await audit(trx, clock, scope, "rotated", {
      revoked: presentKey(replaced),
      issued: presentKey(row),
    });
    return { kind: "rotated", issued: { row, key, replaces: replaced } };
  });
}

export async function revokeKeyById(
  db: Kysely<Database>,
  clock: Clock,
  scope: KeyScope,
  id: string,
): Promise<RevokeOutcome> {
  return db.transaction().execute(async (trx): Promise<RevokeOutcome> => {
    const row = await findKey(trx, scope, id);
    if (!row) return { kind: "not_found" };
    // Revoking twice is answered with the first revocation, and audited once.
    if (row.revoked_at !== null) return { kind: "revoked", row };
    const now = toIso(clock.now());
    await trx
      .updateTable("api_keys")
      .set({ revoked_at: now })
      .where("id", "=", row.id)
      .where("revoked_at", "is", null)
      .execute();
    const revoked = { ...row, revoked_at: now };
    await audit(trx, clock, scope, "revoked", { key: presentKey(revoked) });
    return { kind: "revoked", row: revoked };
  });
}
