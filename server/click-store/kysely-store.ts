// Clicks through Kysely on the server's own connection: PostgreSQL, and SQLite kept in memory.
// The look-up for the visitor's recent click and the grouped insert are separate steps here, so
// a duplicate arriving while the first click is still being written must find that write in
// the writer's memory rather than in the table; one written by another process at the same
// moment is found by the writer itself (grouped-writer.ts).
import type { Logger } from "pino";
import type { Store } from "../store/connect";
import type { NewClick } from "../store/schema";
import type { ClickStore, StoredClick } from "./click-store";
import { dedupeWindowStart } from "./dedupe-window";
import { ClickWriter } from "./grouped-writer";
import { newestClick, recentClickQuery } from "./queries";

/** Click batches under way at once on PostgreSQL: a few of the pool's ten connections. */
const POSTGRES_BATCHES = 3;

export class KyselyClickStore implements ClickStore {
  readonly #db: Store["db"];
  readonly #writer: ClickWriter;
  /**
   * Read the visitor's committed click before handing the click to the writer. Not on
   * PostgreSQL: there the writer looks for it itself, under the visitor's lock, in the batch's
   * transaction, and a look-up here first was a round trip per click — most of the queries a
   * click made — that waited for a pooled connection alongside every batch.
   */
  readonly #lookUpFirst: boolean;

  constructor(store: Store, logger: Logger) {
    this.#db = store.db;
    this.#lookUpFirst = store.dialect !== "postgres";
    // In-memory SQLite belongs to this process alone; PostgreSQL may serve many.
    this.#writer = new ClickWriter(
      store.db,
      logger,
      store.dialect === "postgres" ? { shared: true, concurrentBatches: POSTGRES_BATCHES } : {},
    );
  }

  async start(): Promise<void> {}

  async record(row: NewClick): Promise<StoredClick> {
    const since = dedupeWindowStart(row.created_at);
    const dedupeKey = `${row.merchant_id}\n${row.mode}\n${row.visitor_hash}\n${row.ref}`;
    const committed = this.#lookUpFirst
      ? newestClick(await recentClickQuery(this.#db, row, since).execute())
      : undefined;
    // Checked after the last await, so nothing runs between this check and write(); and the
    // writer keeps written clicks for a while, so a commit that happened during the look-up is
    // still found.
    const written = this.#writer.recentWrite(dedupeKey);
    if (written && written.row.created_at > since) {
      // The write may still be in flight: answer only once it is durable, like the first
      // caller, with the click that answered it, and fail as it fails.
      const first = await written.written;
      return { id: first.id, expires_at: first.expires_at, created: false };
    }
    if (committed) return { id: committed.id, expires_at: committed.expires_at, created: false };
    return this.#writer.write(row, dedupeKey);
  }

  close(): Promise<void> {
    return this.#writer.drain();
  }
}
