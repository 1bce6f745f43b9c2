// Clicks through Kysely on the server's own connection: PostgreSQL, and SQLite kept in memory.
// The look-up for the visitor's recent click and the grouped insert are separate steps here, so
// a duplicate arriving while the first click is still being written must find that write in
// the writer's memory rather than in the table.
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Database, NewClick } from "../store/schema";
import { dedupeWindowStart } from "./dedupe-window";
import { ClickWriter } from "./grouped-writer";
import { recentClickQuery } from "./queries";
import type { ClickStore, StoredClick } from "./store";

export class KyselyClickStore implements ClickStore {
  readonly #db: Kysely<Database>;
  readonly #writer: ClickWriter;

  constructor(db: Kysely<Database>, logger: Logger) {
    this.#db = db;
    this.#writer = new ClickWriter(db, logger);
  }

  async start(): Promise<void> {}

  async record(row: NewClick): Promise<StoredClick> {
    const since = dedupeWindowStart(row.created_at);
    const dedupeKey = `${row.merchant_id}\n${row.mode}\n${row.visitor_hash}\n${row.ref}`;
    const committed = await recentClickQuery(this.#db, row, since).executeTakeFirst();
    // Checked after the last await, so nothing runs between this check and write(); and the
    // writer keeps written clicks for a while, so a commit that happened during the look-up is
    // still found. (Several processes on one PostgreSQL can still race; see README.)
    const written = this.#writer.recentWrite(dedupeKey);
    const pending = written && written.row.created_at > since ? written : undefined;
    const recent = pending?.row ?? committed;
    if (recent) {
      // The write may still be in flight: answer only once it is durable, like the first
      // caller, and fail as it fails.
      if (pending) await pending.written;
      return { id: recent.id, expires_at: recent.expires_at, created: false };
    }
    await this.#writer.write(row, dedupeKey);
    return { id: row.id, expires_at: row.expires_at, created: true };
  }

  close(): Promise<void> {
    return this.#writer.drain();
  }
}
