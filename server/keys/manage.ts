// A merchant's keys as the API and the dashboard manage them, one key at a time: list them,
// issue a new one, rotate one (a new key of the same kind and mode, the old one revoked in the
// same transaction) or revoke one. Each change writes its audit entry in its transaction, naming
// the actor of the request (audit/actor.ts). Keys are looked up within the caller's merchant and
// mode: another mode's key is as unknown as a made-up id.
import type { Kysely } from "kysely";
import { writeAuditEntry } from "../audit/repository";
import type { KeyKind, Mode } from "../contract/key-format";
import { type Clock, toIso } from "../lib/clock";
import { keyRow } from "../merchants/create";
import { type Page, type PageRequest, paginate } from "../store/paginate";
import type { ApiKeyRow, Database } from "../store/schema";
import { type MerchantQueries, merchantScoped, scoped } from "../store/tenant";
import { type IssuedKey, presentKey } from "./present";
import { generateKey } from "./secret";

interface KeyScope {
  merchantId: string;
  mode: Mode;
  requestId: string;
}

type RotateOutcome =
  | { kind: "rotated"; issued: IssuedKey }
  | { kind: "not_found" }
  | { kind: "already_revoked"; row: ApiKeyRow };

type RevokeOutcome = { kind: "revoked"; row: ApiKeyRow } | { kind: "not_found" };

type KeyChange = "created" | "rotated" | "revoked";

/** The mode's keys, newest first, revoked ones included. Throws UnknownCursor (store/paginate.ts). */
export function listKeys(
  tenant: MerchantQueries,
  mode: Mode,
  page: PageRequest,
): Promise<Page<ApiKeyRow>> {
  return paginate(tenant, "api_keys", page, { mode });
}

function findKey(keys: MerchantQueries, mode: Mode, id: string) {
  return keys
    .selectFrom("api_keys")
    .selectAll()
    .where("mode", "=", mode)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** A new key's row as stored, through `keys`, whose merchant it belongs to. */
async function insertKey(
  keys: MerchantQueries,
  kind: KeyKind,
  mode: Mode,
  now: string,
): Promise<{ row: ApiKeyRow; key: string }> {
  const key = generateKey(kind, mode);
  const row = { ...keyRow(kind, mode, key, now), merchant_id: keys.scope.merchantId };
  await keys.insertInto("api_keys", row).execute();
  return { row, key };
}

/**
 * Runs `work` in one transaction with the merchant's keys (merchant-wide rows) and a writer of
 * the mode's audit entries.
 */
function change<R>(
  db: Kysely<Database>,
  clock: Clock,
  scope: KeyScope,
  work: (
    keys: MerchantQueries,
    audit: (decision: KeyChange, facts: object) => Promise<unknown>,
  ) => Promise<R>,
): Promise<R> {
  return db.transaction().execute((trx) => {
    const auditLog = scoped(trx, scope);
    return work(merchantScoped(trx, scope.merchantId), (decision, facts) =>
      writeAuditEntry(auditLog, clock, {
        requestId: scope.requestId,
        action: "api_key",
        decision,
        reason: `KEY_${decision.toUpperCase()}`,
        facts,
      }),
    );
  });
}

export function issueKey(
  db: Kysely<Database>,
  clock: Clock,
  scope: KeyScope,
  kind: KeyKind,
): Promise<IssuedKey> {
  return change(db, clock, scope, async (keys, audit) => {
    const { row, key } = await insertKey(keys, kind, scope.mode, toIso(clock.now()));
    await audit("created", { key: presentKey(row) });
    return { row, key, replaces: null };
  });
}

export function rotateKeyById(
  db: Kysely<Database>,
  clock: Clock,
  scope: KeyScope,
  id: string,
): Promise<RotateOutcome> {
  return change(db, clock, scope, async (keys, audit): Promise<RotateOutcome> => {
    const old = await findKey(keys, scope.mode, id);
    if (!old) return { kind: "not_found" };
    if (old.revoked_at !== null) return { kind: "already_revoked", row: old };
    const now = toIso(clock.now());
    // Conditional: of two racing rotations of one key, one revokes it and issues a key.
    const revoked = await keys
      .updateTable("api_keys")
      .set({ revoked_at: now })
      .where("id", "=", old.id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (Number(revoked.numUpdatedRows) !== 1) {
      return { kind: "already_revoked", row: { ...old, revoked_at: now } };
    }
    const { row, key } = await insertKey(keys, old.kind, old.mode, now);
    const replaced = { ...old, revoked_at: now };
    await audit("rotated", { revoked: presentKey(replaced), issued: presentKey(row) });
    return { kind: "rotated", issued: { row, key, replaces: replaced } };
  });
}

export function revokeKeyById(
  db: Kysely<Database>,
  clock: Clock,
  scope: KeyScope,
  id: string,
): Promise<RevokeOutcome> {
  return change(db, clock, scope, async (keys, audit): Promise<RevokeOutcome> => {
    const row = await findKey(keys, scope.mode, id);
    if (!row) return { kind: "not_found" };
    // Revoking twice is answered with the first revocation, and audited once.
    if (row.revoked_at !== null) return { kind: "revoked", row };
    const now = toIso(clock.now());
    await keys
      .updateTable("api_keys")
      .set({ revoked_at: now })
      .where("id", "=", row.id)
      .where("revoked_at", "is", null)
      .execute();
    const revoked = { ...row, revoked_at: now };
    await audit("revoked", { key: presentKey(revoked) });
    return { kind: "revoked", row: revoked };
  });
}
