// Opens the database named by a URL: `file:/path.db` (embedded SQLite, the default) or
// `postgres://…`. Everything above this file speaks Kysely and never asks which one it got.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { type Driver, Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import type { Logger } from "pino";
import { UnreachableError } from "../lib/unreachable";
import { GroupedTransactions } from "./grouped-transactions";
import { StorageHealth } from "./health";
import { createPostgresPool, kyselyPool } from "./postgres-pool";
import type { Database } from "./schema";
import { DurableSqliteDriver, type DurableSqliteOptions } from "./sqlite-driver";
import { sqliteLiteralLimits } from "./sqlite-literal-limits";
import { applySqlitePragmas } from "./sqlite-pragmas";
import { SqliteReaderDialect } from "./sqlite-reader-dialect";
import { SqliteReaders } from "./sqlite-readers";
import { type Fdatasync, WalSync } from "./wal-sync";
import { WriteGate } from "./write-gate";

export type Dialect = "sqlite" | "postgres";

export interface Store {
  db: Kysely<Database>;
  /**
   * Where lists are read: on embedded SQLite, connections on threads of their own
   * (sqlite-readers.ts), so a long read never holds up the event loop; elsewhere `db`.
   * Queries only: no transactions, no writes.
   */
  reader: Kysely<Database>;
  dialect: Dialect;
  /** SQLite only: the database file (or ":memory:"). */
  path?: string;
  /** PostgreSQL only: the schema every table lives in, when not the default. */
  schema?: string;
  /** Cheap round trip for /readyz. */
  ping(): Promise<void>;
  /** What the storage's own failures say about it (health.ts), for /readyz and /metrics. */
  health: StorageHealth;
  /** SQLite only: closed by the click store while it checkpoints (write-gate.ts). */
  writeGate?: WriteGate;
  /**
   * SQLite only: transactions that arrive together share one commit and its fdatasync, each in
   * a savepoint of its own (grouped-transactions.ts). Conversions use it.
   */
  grouped?: GroupedTransactions;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL only: keep every table in this schema (tests get one each). */
  schema?: string;
  /**
   * PostgreSQL only: false for maintenance (migrations), which may wait long for a lock; the
   * server's pool fails a query after seconds (postgres-pool.ts).
   */
  timeouts?: boolean;
  /** Where lost connections are reported. */
  logger?: Logger;
  /** SQLite only: the system call that makes the WAL durable; tests put it under their control. */
  fdatasync?: Fdatasync;
}

// bigint columns hold cents; JavaScript numbers are exact far beyond any amount we accept.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export function sqlitePath(url: string): string {
  const path = url.slice("file:".length);
  return path === ":memory:" ? path : resolve(path);
}

export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  if (url.startsWith("file:")) return openSqlite(sqlitePath(url), options);
  return openPostgres(url, options);
}

function openSqlite(path: string, options: StoreOptions): Store {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  applySqlitePragmas(database);
  // Writes are made durable by an fdatasync of the WAL off the event loop (sqlite-driver.ts)
  // rather than by SQLite inside each commit.
  const wal =
    path !== ":memory:" && database.pragma("journal_mode", { simple: true }) === "wal"
      ? new WalSync(`${path}-wal`, options.fdatasync ? { fdatasync: options.fdatasync } : {})
      : undefined;
  if (wal) database.pragma("synchronous = NORMAL");
  const health = new StorageHealth();
  const writeGate = new WriteGate();
  const db = new Kysely<Database>({
    dialect: new DurableSqliteDialect(
      { database: withStatementCache(database) },
      { wal, database, health, gate: writeGate },
    ),
    plugins: [sqliteLiteralLimits()],
  });
  // An in-memory database is this connection's alone: it is read here.
  const reader =
    path === ":memory:"
      ? db
      : new Kysely<Database>({
          dialect: new SqliteReaderDialect(new SqliteReaders(path), health),
          plugins: [sqliteLiteralLimits()],
        });
  return {
    db,
    reader,
    dialect: "sqlite",
    path,
    health,
    writeGate,
    grouped: new GroupedTransactions(db),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      if (reader !== db) await reader.destroy();
      await db.destroy();
    },
  };
}

/** Kysely's SQLite dialect with the server's driver (sqlite-driver.ts). */
class DurableSqliteDialect extends SqliteDialect {
  readonly #options: DurableSqliteOptions;

  constructor(
    config: ConstructorParameters<typeof SqliteDialect>[0],
    options: DurableSqliteOptions,
  ) {
    super(config);
    this.#options = options;
  }

  override createDriver(): Driver {
    return new DurableSqliteDriver(super.createDriver(), this.#options);
  }
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements are reusable, and Kysely's
 * driver runs one query at a time, so the same SQL text can share one prepared statement.
 */
function withStatementCache(database: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string) {
      let statement = statements.get(sqlText);
      if (!statement) {
        statement = database.prepare(sqlText);
        // Multi-row inserts make many distinct texts; keep the cache bounded.
        if (statements.size >= 500) statements.clear();
        statements.set(sqlText, statement);
      }
      return statement;
    },
  };
}

async function openPostgres(url: string, options: StoreOptions): Promise<Store> {
  const pool = createPostgresPool(url, {
    ...(options.schema ? { schema: options.schema } : {}),
    ...(options.timeouts === false ? { timeouts: false } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  try {
    // A first round trip now: an unreachable database fails the start, in a sentence naming it.
    if (options.schema) {
      await pool.query(`create schema if not exists "${options.schema.replaceAll('"', "")}"`);
    } else {
      await pool.query("select 1");
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw new UnreachableError("PostgreSQL", url, error);
  }
  const health = new StorageHealth();
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: kyselyPool(pool, health) }),
  });
  return {
    db,
    reader: db,
    dialect: "postgres",
    health,
    ...(options.schema ? { schema: options.schema } : {}),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}
