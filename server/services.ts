// Everything a request handler may use, built once and handed to the app through the context.
// Tests build the same services over a temporary SQLite file or a PostgreSQL schema.
import pino, { type Logger } from "pino";
import type { ClickStore } from "./click-store/click-store";
import { KyselyClickStore } from "./click-store/kysely-store";
import { entriesForBudget } from "./click-store/recent-visitors";
import { SqliteClickStore } from "./click-store/sqlite-store";
import { ClickLookups } from "./clicks/lookups";
import { HealthCounter } from "./health/counts";
import { type Clock, systemClock } from "./lib/clock";
import { createMetrics, type Metrics } from "./observability/metrics";
import { registerStorageMetrics } from "./observability/storage-metrics";
import { registerWebhookMetrics } from "./observability/webhook-metrics";
import { type ClickBudgets, createClickBudgets } from "./rate-limit/click-budgets";
import { createNetworkClickCounter, type NetworkClickCounter } from "./rate-limit/network-clicks";
import { connectRedis } from "./rate-limit/redis-connection";
import { createSignInLimits, type SignInLimits } from "./sessions/sign-in-limits";
import { openStore, type Store, type StoreOptions } from "./store/connect";
import { migrateDatabase, migrateToLatest } from "./store/migrate";
import { keepStatisticsCurrent } from "./store/sqlite-statistics";

export interface Services {
  store: Store;
  clock: Clock;
  /** The click path's rate limits: refused origins apart, a cap per visitor, the key's budget. */
  clickBudgets: ClickBudgets;
  /** Clicks per network address (hashed) in programs' windows, for the fraud signal. */
  networkClicks: NetworkClickCounter;
  /** Dashboard sign-in attempts, per account and per address. */
  signInLimits: SignInLimits;
  logger: Logger;
  metrics: Metrics;
  clickStore: ClickStore;
  clickLookups: ClickLookups;
  /** Integration health's click-path counts (clicks per origin, refusals), written every few seconds. */
  healthCounter: HealthCounter;
  /** Read the visitor's address from X-Forwarded-For (only behind a trusted proxy). */
  trustProxy: boolean;
  /** PUBLIC_URL: where the outside world reaches this server, when not the request's own origin. */
  publicUrl: string | undefined;
  close(): Promise<void>;
}

export interface ServicesOptions {
  databaseUrl: string;
  storeOptions?: StoreOptions;
  redisUrl?: string;
  rateLimitPerMinute: number;
  /** The limit's window; 60 in production, shorter in tests of the reset. */
  rateLimitWindowSeconds?: number;
  rateLimitPrefix?: string;
  /** How many processes share the Redis limit (RATE_LIMIT_PROCESSES); see rate-limit/limiter.ts. */
  rateLimitProcesses?: number;
  /**
   * Clicks per visitor address, key and window (RATE_LIMIT_PER_VISITOR); the key's own limit
   * when absent, i.e. no cap of its own (rate-limit/click-budgets.ts).
   */
  rateLimitPerVisitor?: number;
  clock?: Clock;
  logger?: Logger;
  trustProxy?: boolean;
  publicUrl?: string;
  processMetrics?: boolean;
  migrate?: boolean;
  /** How long click-path lookups (key, partner) are cached; see clicks/lookups.ts. */
  lookupTtlMs?: number;
  /** Embedded SQLite: the click dedupe memory's budget (CLICK_DEDUPE_MEMORY_MB). */
  dedupeMemoryMb?: number;
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ level: "info" });
  // Redis first: it answers, or fails the start, in seconds, before any migration runs.
  const redis = options.redisUrl ? await connectRedis(options.redisUrl, logger) : undefined;
  let store: Store | undefined;
  try {
    store = await openStore(options.databaseUrl, { ...options.storeOptions, logger });
    if (options.migrate !== false) {
      await (store.dialect === "postgres"
        ? migrateDatabase(options.databaseUrl, options.storeOptions)
        : migrateToLatest(store));
    }
  } catch (error) {
    // Nothing left open keeps a process that cannot start from exiting.
    await store?.close();
    redis?.close();
    throw error;
  }
  const stopStatistics =
    store.dialect === "sqlite"
      ? await keepStatisticsCurrent(store.db, (error) =>
          logger.warn({ err: error }, "refreshing SQLite's planner statistics failed"),
        )
      : () => {};
  const clickBudgets = createClickBudgets({
    points: options.rateLimitPerMinute,
    durationSeconds: options.rateLimitWindowSeconds ?? 60,
    visitorPoints: options.rateLimitPerVisitor ?? options.rateLimitPerMinute,
    ...(redis ? { redis: redis.redis } : {}),
    ...(options.rateLimitPrefix ? { keyPrefix: options.rateLimitPrefix } : {}),
    ...(options.rateLimitProcesses ? { processes: options.rateLimitProcesses } : {}),
  });
  const clickStore = clickStoreFor(store, logger, options.dedupeMemoryMb);
  const healthCounter = new HealthCounter(store.db, logger);
  const metrics = createMetrics({ processMetrics: options.processMetrics ?? false });
  registerStorageMetrics(metrics.registry, store.health);
  registerWebhookMetrics(metrics.registry, store);
  return {
    store,
    clock,
    clickBudgets,
    networkClicks: createNetworkClickCounter({
      ...(redis ? { redis: redis.redis } : {}),
      ...(options.rateLimitPrefix ? { keyPrefix: options.rateLimitPrefix } : {}),
    }),
    signInLimits: createSignInLimits({
      ...(redis ? { redis: redis.redis } : {}),
      ...(options.rateLimitPrefix ? { keyPrefix: `${options.rateLimitPrefix}:signin` } : {}),
    }),
    logger,
    metrics,
    clickStore,
    clickLookups: new ClickLookups(store.db, options.lookupTtlMs),
    healthCounter,
    trustProxy: options.trustProxy ?? false,
    publicUrl: options.publicUrl?.replace(/\/+$/, ""),
    async close() {
      stopStatistics();
      await clickStore.close();
      await healthCounter.close().catch(() => undefined);
      await store.close();
      redis?.close();
    },
  };
}

/** Embedded SQLite on a file gets its own click writer; PostgreSQL and in-memory SQLite, Kysely's. */
function clickStoreFor(store: Store, logger: Logger, dedupeMemoryMb?: number): ClickStore {
  if (store.dialect === "sqlite" && store.path !== ":memory:") {
    return new SqliteClickStore(
      store,
      logger,
      dedupeMemoryMb ? { memoryEntries: entriesForBudget(dedupeMemoryMb) } : {},
    );
  }
  return new KyselyClickStore(store, logger);
}
