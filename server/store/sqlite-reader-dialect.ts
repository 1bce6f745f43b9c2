// Kysely over the reader threads (sqlite-readers.ts): SQLite's SQL, compiled here and run
// there. Only queries: a transaction or a write through it is a programming error.
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from "kysely";
import type { StorageHealth } from "./health";
import type { SqliteReaders } from "./sqlite-readers";

class ReaderConnection implements DatabaseConnection {
  constructor(
    private readonly readers: SqliteReaders,
    private readonly health: StorageHealth,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const rows = await this.readers.read(query.sql, query.parameters);
      return { rows: rows as R[] };
    } catch (error) {
      this.health.noteFailure(error);
      throw error;
    }
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered; it throws before yielding.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("the reader connections do not stream");
  }
}

class ReaderDriver implements Driver {
  readonly #connection: ReaderConnection;
  readonly #readers: SqliteReaders;

  constructor(readers: SqliteReaders, health: StorageHealth) {
    this.#readers = readers;
    this.#connection = new ReaderConnection(readers, health);
  }

  async init(): Promise<void> {}

  // Reads run side by side, one per thread: every caller gets the same stateless connection.
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }

  async beginTransaction(): Promise<void> {
    throw new Error("the reader connections only read: no transactions");
  }

  async commitTransaction(): Promise<void> {}

  async rollbackTransaction(): Promise<void> {}

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.#readers.close();
  }
}

export class SqliteReaderDialect implements Dialect {
  constructor(
    private readonly readers: SqliteReaders,
    private readonly health: StorageHealth,
  ) {}

  createAdapter() {
    return new SqliteAdapter();
  }

  createDriver(): Driver {
    return new ReaderDriver(this.readers, this.health);
  }

  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's Dialect signature.
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}
