// The Kysely driver of the server's own SQLite connection (conversions, refunds, partners,
// settings, webhooks, the CLI: every write that is not a click). It wraps Kysely's SqliteDriver
// for two things:
//   - transactions begin with BEGIN IMMEDIATE. Clicks are written on a second connection
//     (click-store/sqlite-writer.ts); a transaction begun with a plain BEGIN that reads and then
//     writes fails at once with SQLITE_BUSY if that connection committed in between (WAL cannot
//     move a reader's snapshot forward). IMMEDIATE takes the write lock first, waiting for it
//     under busy_timeout like any other write.
//   - a write is answered once it is on disk, without the event loop waiting for the disk. The
//     connection commits with synchronous=NORMAL (SQLite only write()s the WAL); the connection
//     is handed on to the next query at once, and the caller's promise settles after an
//     fdatasync of the WAL on libuv's pool (wal-sync.ts). Writers that commit while a sync is
//     under way share the next one, so concurrent requests no longer pay an fsync each.
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import type { WalSync } from "./wal-sync";

const BEGIN = CompiledQuery.raw("begin immediate");

/** The connection Kysely is handed: every statement is noted, so a write is not answered early. */
class NotedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly noteStatement: (result: QueryResult<unknown>) => void,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.inner.executeQuery<R>(query);
    this.noteStatement(result);
    return result;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

function innerOf(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof NotedConnection ? connection.inner : connection;
}

export class DurableSqliteDriver implements Driver {
  readonly #inner: Driver;
  /** Undefined when the database is not in WAL mode: commits then sync themselves (FULL). */
  readonly #wal: WalSync | undefined;
  #connection: NotedConnection | undefined;
  #inTransaction = false;
  /** The connection's current holder changed the database since it was last synced. */
  #unsynced = false;

  constructor(inner: Driver, wal: WalSync | undefined) {
    this.#inner = inner;
    this.#wal = wal;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.#inner.acquireConnection();
    if (this.#connection?.inner !== inner) {
      this.#connection = new NotedConnection(inner, (result) => {
        // A statement that is not a query (it reports rows changed, perhaps none: DDL, pragmas)
        // committed on its own outside a transaction.
        if (!this.#inTransaction && result.numAffectedRows !== undefined) this.#unsynced = true;
      });
    }
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings) {
    await innerOf(connection).executeQuery(BEGIN);
    this.#inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#inner.commitTransaction(innerOf(connection));
    this.#inTransaction = false;
    this.#unsynced = true;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.#inTransaction = false;
    await this.#inner.rollbackTransaction(innerOf(connection));
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver["savepoint"]>>[2],
  ): Promise<void> {
    await this.#inner.savepoint?.(innerOf(connection), name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver["rollbackToSavepoint"]>>[2],
  ): Promise<void> {
    await this.#inner.rollbackToSavepoint?.(innerOf(connection), name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver["releaseSavepoint"]>>[2],
  ): Promise<void> {
    await this.#inner.releaseSavepoint?.(innerOf(connection), name, compile);
  }

  /** The next holder gets the connection at once; this one's promise waits for the disk. */
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const wal = this.#unsynced ? this.#wal : undefined;
    this.#unsynced = false;
    await this.#inner.releaseConnection(innerOf(connection));
    if (wal) {
      await new Promise<void>((resolve, reject) => {
        wal.after((error) => (error ? reject(error) : resolve()));
      });
    }
  }

  async destroy(): Promise<void> {
    const wal = this.#wal;
    // Before the database closes: as its last connection, closing removes the WAL file.
    if (wal) await new Promise<void>((resolve) => wal.after(() => resolve()));
    await this.#inner.destroy();
    wal?.close();
  }
}
