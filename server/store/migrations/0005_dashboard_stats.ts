import { type Kysely, sql } from "kysely";

// Daily aggregates for the dashboard's Overview and GET /api/v1/stats, so neither ever reads the
// clicks table. Kept in the same transactions as the writes they count (server/stats/daily.ts)
// and filled here from the rows that exist already. Days are UTC dates (YYYY-MM-DD), the first
// ten characters of the stored ISO times.
//   daily_stats: per merchant, mode, day, partner ('' = none) and currency. Clicks and conversion
//     counts live in the row whose currency is ''; commission amounts in the commission's
//     currency row.
//   daily_reasons: conversions per reason (ATTRIBUTED and each unattributed reason).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("daily_stats")
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("day", "text", (col) => col.notNull())
    .addColumn("partner_id", "text", (col) => col.notNull())
    .addColumn("currency", "text", (col) => col.notNull())
    .addColumn("clicks", "bigint", (col) => col.notNull().defaultTo(0))
    .addColumn("conversions", "bigint", (col) => col.notNull().defaultTo(0))
    .addColumn("attributed_conversions", "bigint", (col) => col.notNull().defaultTo(0))
    .addColumn("commission_cents", "bigint", (col) => col.notNull().defaultTo(0))
    .addColumn("commission_reversed_cents", "bigint", (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("daily_stats_pk", [
      "merchant_id",
      "mode",
      "day",
      "partner_id",
      "currency",
    ])
    .execute();
  await db.schema
    .createIndex("daily_stats_by_partner")
    .on("daily_stats")
    .columns(["merchant_id", "mode", "partner_id", "day"])
    .execute();

  await db.schema
    .createTable("daily_reasons")
    .addColumn("merchant_id", "text", (col) => col.notNull())
    .addColumn("mode", "text", (col) => col.notNull())
    .addColumn("day", "text", (col) => col.notNull())
    .addColumn("partner_id", "text", (col) => col.notNull())
    .addColumn("reason", "text", (col) => col.notNull())
    .addColumn("conversions", "bigint", (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("daily_reasons_pk", [
      "merchant_id",
      "mode",
      "day",
      "partner_id",
      "reason",
    ])
    .execute();

  await backfill(db);
}

/**
 * Counts what is already stored. Each source adds to the rows the ones before it made; SQLite
 * needs the `where true` to read `on conflict` as the upsert's and not as a join's.
 */
async function backfill(db: Kysely<unknown>): Promise<void> {
  const pk = sql`(merchant_id, mode, day, partner_id, currency)`;
  const columns = sql`(merchant_id, mode, day, partner_id, currency, clicks, conversions, attributed_conversions, commission_cents, commission_reversed_cents)`;
  await sql`
    insert into daily_stats ${columns}
    select merchant_id, mode, substr(created_at, 1, 10), partner_id, '', count(*), 0, 0, 0, 0
    from clicks where true
    group by merchant_id, mode, substr(created_at, 1, 10), partner_id
  `.execute(db);
  await sql`
    insert into daily_stats ${columns}
    select merchant_id, mode, substr(created_at, 1, 10), coalesce(partner_id, ''), '', 0,
      count(*), sum(case when status = 'attributed' then 1 else 0 end), 0, 0
    from conversions where true
    group by merchant_id, mode, substr(created_at, 1, 10), coalesce(partner_id, '')
    on conflict ${pk} do update set
      conversions = daily_stats.conversions + excluded.conversions,
      attributed_conversions = daily_stats.attributed_conversions + excluded.attributed_conversions
  `.execute(db);
  await sql`
    insert into daily_stats ${columns}
    select merchant_id, mode, substr(created_at, 1, 10), partner_id, currency, 0, 0, 0,
      sum(amount_cents), 0
    from commissions where true
    group by merchant_id, mode, substr(created_at, 1, 10), partner_id, currency
    on conflict ${pk} do update set
      commission_cents = daily_stats.commission_cents + excluded.commission_cents
  `.execute(db);
  // A refund's reversal counts on the day of the refund, against the commission's partner.
  await sql`
    insert into daily_stats ${columns}
    select refunds.merchant_id, refunds.mode, substr(refunds.created_at, 1, 10),
      commissions.partner_id, commissions.currency, 0, 0, 0, 0,
      sum(refunds.commission_reversed_cents)
    from refunds
    inner join commissions on commissions.conversion_id = refunds.conversion_id
    where refunds.commission_reversed_cents > 0
    group by refunds.merchant_id, refunds.mode, substr(refunds.created_at, 1, 10),
      commissions.partner_id, commissions.currency
    on conflict ${pk} do update set
      commission_reversed_cents =
        daily_stats.commission_reversed_cents + excluded.commission_reversed_cents
  `.execute(db);
  await sql`
    insert into daily_reasons (merchant_id, mode, day, partner_id, reason, conversions)
    select merchant_id, mode, substr(created_at, 1, 10), coalesce(partner_id, ''), reason, count(*)
    from conversions where true
    group by merchant_id, mode, substr(created_at, 1, 10), coalesce(partner_id, ''), reason
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("daily_reasons").ifExists().execute();
  await db.schema.dropTable("daily_stats").ifExists().execute();
}
