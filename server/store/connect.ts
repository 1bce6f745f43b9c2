// Opens the database named by a URL: `file:/path.db` (embedded SQLite, the default) or
// `postgres://…`. Everything above this file speaks Kysely and never asks which one it got.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, type Driver, Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "./schema";
import { applySqlitePragmas } from "./sqlite-pragmas";

export type Dialect = "sqlite" | "postgres";

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** SQLite only: the database file (or ":memory:"). */
  path?: string;
  /** PostgreSQL only: the schema every table lives in, when not the default. */
  schema?: string;
  /** Cheap round trip for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL only: keep every table in this schema (tests get one each). */
  schema?: string;
}

// bigint columns hold cents; JavaScript numbers are exact far beyond any amount we accept.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export function sqlitePath(url: string): string {
  const path = url.slice("file:".length);
  return path === ":memory:" ? path : resolve(path);
}

export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  if (url.startsWith("file:")) return openSqlite(sqlitePath(url));
  return openPostgres(url, options);
}

function openSqlite(path: string): Store {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  applySqlitePragmas(database);
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }),
  });
  return {
    db,
    dialect: "sqlite",
    path,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

/**
 * Clicks are written on a second connection (clicks/sqlite-writer.ts). A transaction begun with a
 * plain BEGIN that reads and then writes fails at once with SQLITE_BUSY if that connection
 * committed in between (WAL cannot move a reader's snapshot forward); BEGIN IMMEDIATE takes the
 * write lock first, waiting for it under busy_timeout like any other write.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw("begin immediate"));
    };
    return driver;
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
  if (options.schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists "${options.schema.replaceAll('"', "")}"`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: "postgres",
    ...(options.schema ? { schema: options.schema } : {}),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}
