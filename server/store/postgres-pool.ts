// The PostgreSQL connections behind Kysely, made to fail fast and be replaced when the network
// or the database fails, instead of crashing the process or holding requests:
//   - every client has an error handler for its whole life, idle or in use (pg-pool only
//     listens while a client is idle; a reset under a running query was an unhandled 'error'
//     event that killed the process);
//   - a query that gets no answer within QUERY_TIMEOUT_MS fails, and its connection is closed and
//     never used again: the answer may still come, so nothing else may be sent on it. Every
//     later statement on it (the transaction's ROLLBACK) fails at once with the error that broke
//     it, so the request answers 503 without waiting again;
//   - the server cancels a statement after STATEMENT_TIMEOUT_MS (the connection stays usable),
//     ends a transaction left idle by a vanished client after IDLE_IN_TRANSACTION_MS (its locks
//     go with it), and TCP keepalive notices a dead peer of an idle connection.
// No query a request makes takes more than milliseconds at ten million rows, so seconds are far
// beyond any legitimate one; a request that first waits for a connection and then for an answer
// still hears 503 within CONNECT_TIMEOUT_MS + QUERY_TIMEOUT_MS, well inside the 10 s the fault
// tests allow even on a loaded machine; migrations, which may wait for another process's migration or
// build an index, run on a pool without these timeouts (migrate.ts).
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";
import pg from "pg";
import type { Logger } from "pino";
import type { StorageHealth } from "./health";

/** Waiting for a free connection, or opening a new one. */
export const CONNECT_TIMEOUT_MS = 2000;
/** The server cancels a statement running (or waiting for a lock) longer than this. */
export const STATEMENT_TIMEOUT_MS = 2500;
/** The client gives up on an answer: longer than the server's own limit, so a live server answers first. */
export const QUERY_TIMEOUT_MS = 3000;
export const IDLE_IN_TRANSACTION_MS = 10_000;
/** Keepalive probes start after this long idle (libuv then probes every second, ten times). */
const KEEPALIVE_DELAY_MS = 5000;

export interface PostgresPoolOptions {
  /** Keep every table in this schema. */
  schema?: string;
  /** False for maintenance (migrations): no statement or query timeouts. */
  timeouts?: boolean;
  logger?: Logger;
}

export function createPostgresPool(url: string, options: PostgresPoolOptions = {}): pg.Pool {
  const timeouts = options.timeouts !== false;
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
    ...(timeouts
      ? {
          statement_timeout: STATEMENT_TIMEOUT_MS,
          query_timeout: QUERY_TIMEOUT_MS,
          idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
        }
      : {}),
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const lost = (error: Error) =>
    options.logger?.warn({ err: error }, "PostgreSQL connection lost; the pool replaces it");
  // An idle client's failure reaches the pool; a client in use reports it to its own listener.
  // Either way its queries fail, and the pool drops it when it is released.
  pool.on("error", lost);
  pool.on("connect", (client) => client.on("error", lost));
  return pool;
}

/** A query failure after which the connection cannot be trusted to answer in order again. */
function breaksConnection(error: unknown): boolean {
  return error instanceof Error && error.message === "Query read timeout";
}

/**
 * One pooled client as Kysely uses it. It remembers what broke its connection: every later
 * query fails with that at once, and release() hands the client back to be discarded.
 */
class GuardedClient implements PostgresPoolClient {
  readonly #client: pg.PoolClient;
  readonly #health: StorageHealth;
  #broken: Error | undefined;

  constructor(client: pg.PoolClient, health: StorageHealth) {
    this.#client = client;
    this.#health = health;
    client.on("error", (error) => {
      this.#broken ??= error;
    });
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  // Kysely passes a cursor only to stream, which Selgeo never asks of it.
  query(cursor: never): never;
  query<R>(sql: string, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    if (this.#broken) return Promise.reject(this.#broken);
    return this.#client
      .query(sql, parameters as unknown[])
      .then((result) => result as unknown as PostgresQueryResult<R>)
      .catch((error: unknown) => {
        this.#health.noteFailure(error);
        if (breaksConnection(error) && !this.#broken) {
          this.#broken = error as Error;
          // Closed now, not when the answer it may never get arrives.
          if (this.#client instanceof pg.Client) this.#client.connection.stream.destroy();
        }
        throw error;
      });
  }

  release(): void {
    this.#client.release(this.#broken);
  }
}

/** The pool as Kysely's PostgresDialect takes it, handing out guarded clients. */
export function kyselyPool(pool: pg.Pool, health: StorageHealth): PostgresPool {
  const guarded = new WeakMap<pg.PoolClient, GuardedClient>();
  return {
    async connect() {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        health.noteFailure(error);
        throw error;
      }
      let wrapper = guarded.get(client);
      if (!wrapper) {
        wrapper = new GuardedClient(client, health);
        guarded.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
