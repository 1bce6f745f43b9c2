// Tenant scope applied by construction. Every row of a tenant table belongs to one merchant, and
// the rows of mode tables to one mode as well (test and live data never mix). Repositories do not
// get the database itself: they get a handle made here, whose queries already say
// `where <table>.merchant_id = … [and <table>.mode = …]`, so a query that forgets the scope
// cannot be written through them (the dependency-cruiser rule `repositories-query-through-tenant`
// keeps `kysely` out of repositories; tests/integration/store/tenant.scope.test.ts checks every
// query the API makes).
import type {
  DeleteQueryBuilder,
  DeleteResult,
  Insertable,
  InsertQueryBuilder,
  InsertResult,
  Kysely,
  SelectQueryBuilder,
  UpdateQueryBuilder,
  UpdateResult,
} from "kysely";
import type { Mode } from "../contract/key-format";
import type { Database } from "./schema";
import { sqliteIndexHint } from "./sqlite-index-hint";

/** Tables with a `merchant_id` column. */
export type TenantTable = {
  [T in keyof Database]: Database[T] extends { merchant_id: string } ? T : never;
}[keyof Database];

/**
 * How each tenant table is scoped: `merchant` rows are shared by both modes (programs, partners,
 * keys, signing secrets, received Stripe events, dashboard users and their sessions, refused
 * Stripe deliveries), `mode` rows belong to one mode of one merchant.
 */
export const TENANT_TABLES = {
  api_keys: "merchant",
  programs: "merchant",
  partners: "merchant",
  stripe_integrations: "merchant",
  stripe_events: "merchant",
  users: "merchant",
  sessions: "merchant",
  stripe_signature_failures: "merchant",
  partner_promotion_codes: "merchant",
  clicks: "mode",
  conversions: "mode",
  commissions: "mode",
  refunds: "mode",
  audit_log: "mode",
  stripe_subscriptions: "mode",
  stripe_links: "mode",
  stripe_pending_events: "mode",
  stripe_pending_refs: "mode",
  stripe_disputes: "mode",
  stripe_discounts: "mode",
  daily_stats: "mode",
  daily_reasons: "mode",
  daily_health: "mode",
  click_failures: "mode",
  click_signals: "mode",
  idempotency_keys: "mode",
  payouts: "mode",
  commission_adjustments: "mode",
  webhook_endpoints: "mode",
  webhook_events: "mode",
  webhook_outbox: "mode",
  webhook_deliveries: "mode",
  webhook_attempts: "mode",
} as const satisfies Record<TenantTable, "merchant" | "mode">;

type ModeTable = {
  [T in TenantTable]: (typeof TENANT_TABLES)[T] extends "mode" ? T : never;
}[TenantTable];

interface MerchantScope {
  merchantId: string;
}

interface ModeScope extends MerchantScope {
  mode: Mode;
}

/** A row as written: the scope supplies merchant_id (and, within a mode, mode). */
type ScopedRow<T extends TenantTable, Scope extends MerchantScope> = Scope extends ModeScope
  ? Omit<Insertable<Database[T]>, "merchant_id" | "mode"> &
      Partial<
        Pick<
          Insertable<Database[T]>,
          Extract<"merchant_id" | "mode", keyof Insertable<Database[T]>>
        >
      >
  : Omit<Insertable<Database[T]>, "merchant_id"> &
      Partial<Pick<Insertable<Database[T]>, Extract<"merchant_id", keyof Insertable<Database[T]>>>>;

/** Queries on tables of type `T`, every one of them already within one merchant (and mode). */
export interface TenantQueries<T extends TenantTable, Scope extends MerchantScope> {
  readonly scope: Scope;
  /**
   * A select on `table`. `sqliteIndex` names the index SQLite must read it by, for a query whose
   * right index never depends on the data (store/sqlite-index-hint.ts).
   */
  selectFrom<Table extends T>(
    table: Table,
    options?: { sqliteIndex?: string },
  ): SelectQueryBuilder<Database, Table, object>;
  updateTable<Table extends T>(
    table: Table,
  ): UpdateQueryBuilder<Database, Table, Table, UpdateResult>;
  deleteFrom<Table extends T>(table: Table): DeleteQueryBuilder<Database, Table, DeleteResult>;
  insertInto<Table extends T>(
    table: Table,
    rows: ScopedRow<Table, Scope> | ReadonlyArray<ScopedRow<Table, Scope>>,
  ): InsertQueryBuilder<Database, Table, InsertResult>;
  /** The same queries inside one transaction, committed when `work` resolves. */
  transaction<R>(work: (trx: TenantQueries<T, Scope>) => Promise<R>): Promise<R>;
}

/** Queries within one merchant: its merchant-wide tables, and mode tables in either mode. */
export type MerchantQueries = TenantQueries<TenantTable, MerchantScope>;
/** Queries within one merchant and one mode: mode tables only. */
export type ModeQueries = TenantQueries<ModeTable, ModeScope>;

// Kysely cannot resolve column names on a table chosen by a type parameter: the builders are
// made on this untyped view and handed back with the table's own types.
// biome-ignore lint/suspicious/noExplicitAny: the one place a table is chosen by a type parameter
type Untyped = Kysely<any>;

function queries<T extends TenantTable, Scope extends MerchantScope>(
  db: Kysely<Database>,
  scope: Scope,
  withMode: boolean,
): TenantQueries<T, Scope> {
  const untyped = db as unknown as Untyped;
  const mode = withMode ? (scope as Partial<ModeScope>).mode : undefined;
  const scopeColumns =
    mode === undefined
      ? { merchant_id: scope.merchantId }
      : { merchant_id: scope.merchantId, mode };
  // biome-ignore lint/suspicious/noExplicitAny: a select, update or delete builder of any table
  const where = (builder: any, table: string) => {
    const byMerchant = builder.where(`${table}.merchant_id`, "=", scope.merchantId);
    return mode === undefined ? byMerchant : byMerchant.where(`${table}.mode`, "=", mode);
  };
  return {
    scope,
    selectFrom: (table, options) => {
      const select = untyped.selectFrom(table);
      const hinted = options?.sqliteIndex
        ? select.withPlugin(sqliteIndexHint(untyped, table, options.sqliteIndex))
        : select;
      return where(hinted, table) as never;
    },
    updateTable: (table) => where(untyped.updateTable(table), table) as never,
    deleteFrom: (table) => where(untyped.deleteFrom(table), table) as never,
    insertInto: (table, rows) => {
      const list = (Array.isArray(rows) ? rows : [rows]) as ReadonlyArray<object>;
      return untyped
        .insertInto(table)
        .values(list.map((row) => ({ ...row, ...scopeColumns }))) as never;
    },
    transaction: (work) =>
      db.transaction().execute((trx) => work(queries<T, Scope>(trx, scope, withMode))),
  };
}

/** The merchant's rows of any tenant table; mode tables in both modes (e.g. to tell MODE_MISMATCH). */
export function merchantScoped(db: Kysely<Database>, merchantId: string): MerchantQueries {
  return queries(db, { merchantId }, false);
}

/** The rows of one merchant in one mode. */
export function scoped(db: Kysely<Database>, scope: ModeScope): ModeQueries {
  return queries(db, { merchantId: scope.merchantId, mode: scope.mode }, true);
}
