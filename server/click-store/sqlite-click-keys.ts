// The integer keys SQLite stores for a click's merchant, partner, program and mode instead of
// their ids and names (click_keys, 0016_storage_click_keys), remembered by the click writer so a
// click costs it map look-ups rather than statements. A key is made the first time an id is seen, inside the
// writer's transaction: it is remembered for good only once that transaction commits, since a
// rolled-back key may be given to another id afterwards. Keys are never deleted, so one read
// from the table, or committed here, stays right.
import type SQLite from "better-sqlite3";

export class SqliteClickKeys {
  readonly #find: SQLite.Statement<[string], { key: number }>;
  readonly #add: SQLite.Statement<[string]>;
  readonly #committed = new Map<string, number>();
  readonly #made = new Map<string, number>();

  constructor(database: SQLite.Database) {
    this.#find = database.prepare("select key from click_keys where id = ?");
    this.#add = database.prepare("insert into click_keys (id) values (?)");
  }

  /** The id's key, made when it has none; to be called inside the writer's transaction. */
  keyOf(id: string): number {
    const known = this.#committed.get(id) ?? this.#made.get(id);
    if (known !== undefined) return known;
    const found = this.#find.get(id);
    if (found) {
      this.#committed.set(id, found.key);
      return found.key;
    }
    const key = Number(this.#add.run(id).lastInsertRowid);
    this.#made.set(id, key);
    return key;
  }

  /** The transaction committed: the keys it made are the table's. */
  committed(): void {
    for (const [id, key] of this.#made) this.#committed.set(id, key);
    this.#made.clear();
  }

  /** The transaction rolled back: the keys it made are gone. */
  rolledBack(): void {
    this.#made.clear();
  }
}
