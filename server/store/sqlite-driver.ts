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
//   - while the click store's checkpoint runs, the connection is handed out only after it, and
//     after a checkpoint found no room on the disk a write waits for another (write-gate.ts).
//   - the error that failed a transaction is the one its caller gets. SQLite rolls a
//     transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR, …); Kysely's
//     ROLLBACK would then fail with "no transaction is active" and be thrown instead, turning a
//     full disk (503) into a 500. So a ROLLBACK is sent only when a transaction is open, and a
//     ROLLBACK that fails is not reported over the error that caused it: the next BEGIN rolls
//     back whatever it left open.
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import type { StorageHealth } from "./health";
import type { WalSync } from "./wal-sync";
import type { WriteGate } from "./write-gate";

const BEGIN = CompiledQuery.raw("begin immediate");
const ROLLBACK = CompiledQuery.raw("rollback");

export interface DurableSqliteOptions {
  /** Undefined when the database is not in WAL mode: commits then sync themselves (FULL). */
  wal: WalSync | undefined;
  /** The database itself (better-sqlite3's Database), for whether a transaction is open. */
  database: { readonly inTransaction: boolean };
  health: StorageHealth;
  /** Closed while a checkpoint runs (write-gate.ts). */
  gate: WriteGate;
}

/**
 * The connection Kysely is handed: every statement is noted, so a write is not answered early,
 * and so is every failure, for the storage's health.
 */
class NotedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly noteStatement: (result: QueryResult<unknown>) => void,
    private readonly health: StorageHealth,
    /** Before a statement that writes outside a transaction (the gate, write-gate.ts). */
    private readonly beforeWrite: () => Promise<void> | undefined,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    let result: QueryResult<R>;
    try {
      if (writes(query)) await this.beforeWrite();
      result = await this.inner.executeQuery<R>(query);
    } catch (error) {
      this.health.noteFailure(error);
      throw error;
    }
    this.noteStatement(result);
    return result;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/** Whether a statement changes the database (the server's statements are Kysely's or raw SQL). */
function writes(query: CompiledQuery): boolean {
  const kind = query.query.kind;
  if (kind === "SelectQueryNode") return false;
  if (kind === "RawNode") return /^\s*(insert|update|delete|replace)\b/i.test(query.sql);
  return kind === "InsertQueryNode" || kind === "UpdateQueryNode" || kind === "DeleteQueryNode";
}

function innerOf(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof NotedConnection ? connection.inner : connection;
}

export class DurableSqliteDriver implements Driver {
  readonly #inner: Driver;
  /** Undefined when the database is not in WAL mode: commits then sync themselves (FULL). */
  readonly #wal: WalSync | undefined;
  readonly #database: DurableSqliteOptions["database"];
  readonly #health: StorageHealth;
  readonly #gate: WriteGate;
  #connection: NotedConnection | undefined;
  #inTransaction = false;
  /** The connection's current holder changed the database since it was last synced. */
  #unsynced = false;

  constructor(inner: Driver, options: DurableSqliteOptions) {
    this.#inner = inner;
    this.#wal = options.wal;
    this.#database = options.database;
    this.#health = options.health;
    this.#gate = options.gate;
  }

  /** `work`'s failures are the storage's health too. */
  async #noted<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      this.#health.noteFailure(error);
      throw error;
    }
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // Reads too: the connection is one, and a checkpoint holds it for milliseconds.
    const closed = this.#gate.closed;
    if (closed) await closed;
    const inner = await this.#inner.acquireConnection();
    if (this.#connection?.inner !== inner) {
      this.#connection = new NotedConnection(
        inner,
        (result) => {
          // A statement that is not a query (it reports rows changed, perhaps none: DDL,
          // pragmas) committed on its own outside a transaction.
          if (!this.#inTransaction && result.numAffectedRows !== undefined) this.#unsynced = true;
        },
        this.#health,
        () => (this.#inTransaction ? undefined : this.#gate.beforeWrite()),
      );
    }
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings) {
    // Left open by a ROLLBACK that failed: this transaction must not become part of it.
    if (this.#database.inTransaction) await this.#noted(innerOf(connection).executeQuery(ROLLBACK));
    await this.#noted(this.#gate.beforeWrite());
    await this.#noted(innerOf(connection).executeQuery(BEGIN));
    this.#inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#noted(this.#inner.commitTransaction(innerOf(connection)));
    this.#inTransaction = false;
    this.#unsynced = true;
    this.#health.noteCommit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.#inTransaction = false;
    if (!this.#database.inTransaction) return;
    try {
      await this.#inner.rollbackTransaction(innerOf(connection));
    } catch {
      // Kysely is about to throw the error that failed the transaction, unless this throws.
    }
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
      await this.#noted(
        new Promise<void>((resolve, reject) => {
          wal.after((error) => (error ? reject(error) : resolve()));
        }),
      );
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
