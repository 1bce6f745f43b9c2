import { type Migration, type MigrationProvider, Migrator } from "kysely";
import { openStore, type Store, type StoreOptions } from "./connect";
import * as initial from "./migrations/0001_initial";
import * as stripe from "./migrations/0002_stripe";
import * as sqliteVisitors from "./migrations/0003_sqlite_visitors_in_memory";
import * as dashboardAccounts from "./migrations/0005_dashboard_accounts";
import * as dashboardStats from "./migrations/0005_dashboard_stats";
import * as scaleListIndexes from "./migrations/0008_scale_list_indexes";
import * as scaleVisitorPrefix from "./migrations/0008_scale_visitor_prefix";
import * as stripeMoneyFlows from "./migrations/0010_stripe_money_flows";
import * as integratorsIdempotency from "./migrations/0011_integrators_idempotency";
import * as healthIntegration from "./migrations/0012_health_integration";
import * as truthAttributeByRef from "./migrations/0013_truth_attribute_by_ref";
import * as truthClickFailures from "./migrations/0013_truth_click_failures";
import * as truthReasonDetail from "./migrations/0013_truth_reason_detail";
import * as lifecycleCommissions from "./migrations/0014_lifecycle_commissions";
import * as lifecycleFraud from "./migrations/0014_lifecycle_fraud";
import * as lifecyclePromoCodes from "./migrations/0014_lifecycle_promo_codes";
import * as lifecycleWebhooks from "./migrations/0014_lifecycle_webhooks";
import * as signalsClickSignals from "./migrations/0015_signals_click_signals";
import * as signalsStripeDiscounts from "./migrations/0015_signals_stripe_discounts";
import * as storageClickKeys from "./migrations/0016_storage_click_keys";
import * as webhooksOutbox from "./migrations/0017_webhooks_outbox";
import * as fraudPartnerStripeCustomer from "./migrations/0018_fraud_partner_stripe_customer";

// Listed by hand, not read from disk, so the bundle and tsx run the same set in the same order.
const migrations: Record<string, Migration> = {
  "0001_initial": initial,
  "0002_stripe": stripe,
  "0003_sqlite_visitors_in_memory": sqliteVisitors,
  "0005_dashboard_accounts": dashboardAccounts,
  "0005_dashboard_stats": dashboardStats,
  "0008_scale_list_indexes": scaleListIndexes,
  "0008_scale_visitor_prefix": scaleVisitorPrefix,
  "0010_stripe_money_flows": stripeMoneyFlows,
  "0011_integrators_idempotency": integratorsIdempotency,
  "0012_health_integration": healthIntegration,
  "0013_truth_attribute_by_ref": truthAttributeByRef,
  "0013_truth_click_failures": truthClickFailures,
  "0013_truth_reason_detail": truthReasonDetail,
  "0014_lifecycle_commissions": lifecycleCommissions,
  "0014_lifecycle_fraud": lifecycleFraud,
  "0014_lifecycle_promo_codes": lifecyclePromoCodes,
  "0014_lifecycle_webhooks": lifecycleWebhooks,
  "0015_signals_click_signals": signalsClickSignals,
  "0015_signals_stripe_discounts": signalsStripeDiscounts,
  "0016_storage_click_keys": storageClickKeys,
  "0017_webhooks_outbox": webhooksOutbox,
  "0018_fraud_partner_stripe_customer": fraudPartnerStripeCustomer,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; safe to run on every start and from several processes. */
export async function migrateToLatest(store: Store): Promise<string[]> {
  // In a PostgreSQL schema of its own, the migration bookkeeping must live there too: Kysely
  // otherwise finds another schema's lock table and then cannot use it.
  const migrator = new Migrator({
    db: store.db,
    provider,
    ...(store.schema ? { migrationTableSchema: store.schema } : {}),
    // Numbers are reserved per line of work and land in whatever order the work does: a database
    // that already ran a later number still takes an earlier one that arrives after it. Each
    // migration touches only its own tables and columns, so their relative order never matters.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/**
 * Migrates on a store of its own, without the server pool's statement and query timeouts: a
 * migration may wait for another process's (Kysely's lock is one for every schema) or build an
 * index over millions of rows.
 */
export async function migrateDatabase(url: string, options: StoreOptions = {}): Promise<string[]> {
  const store = await openStore(url, { ...options, timeouts: false });
  try {
    return await migrateToLatest(store);
  } finally {
    await store.close();
  }
}
