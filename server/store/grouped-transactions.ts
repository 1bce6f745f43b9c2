// Group commit for the server's own SQLite connection (conversions). That connection runs one
// transaction at a time, and each commit writes every page it touched to the WAL again — a
// conversion touches its row, its commission, its audit entry, two daily aggregates and a dozen
// index pages — before its request waits for the fdatasync. Transactions that arrive together
// are therefore run in one BEGIN IMMEDIATE … COMMIT, each in a SAVEPOINT of its own: a page
// shared by the group is written once, and one fdatasync answers the whole group.
//
// Each work still succeeds or fails alone: an error inside its savepoint rolls back to it, and
// only that caller gets the error. Every caller is answered after the group's commit and the
// fdatasync that follows it (the driver's releaseConnection, sqlite-driver.ts), successes and
// failures alike, so a failed caller that looks again (the loser of a duplicate race) sees what
// the group committed. When SQLite itself abandoned the transaction (SQLITE_FULL, SQLITE_IOERR
// roll it back whole), the savepoint is gone and the group fails with that error: nothing of it
// was committed.
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "./schema";

interface Job {
  work: (trx: Kysely<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Enough to cover a burst; a bigger group only holds its first caller's answer longer. */
const MAX_GROUP = 256;

export class GroupedTransactions {
  readonly #db: Kysely<Database>;
  #queue: Job[] = [];
  /** A group is taking jobs (its transaction is open and not yet committing). */
  #building = false;
  #scheduled = false;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Runs `work` in a transaction of its own or shared; settles once committed and on disk. */
  run<R>(work: (trx: Kysely<Database>) => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#building || this.#scheduled || this.#queue.length === 0) return;
    this.#scheduled = true;
    // One turn of the event loop, so the requests of one burst join the same group.
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#building) void this.#group();
    });
  }

  async #group(): Promise<void> {
    this.#building = true;
    // The group's jobs: those waiting now, and any that come while it is still taking them.
    // Each is answered by this group, whether or not its transaction got as far as running it
    // (BEGIN itself fails on a full disk).
    const jobs = this.#queue.splice(0, MAX_GROUP);
    const outcomes: Outcome[] = [];
    let failure: { error: unknown } | undefined;
    try {
      await this.#db.transaction().execute(async (trx) => {
        try {
          for (let i = 0; i < jobs.length; i++) {
            const outcome = await runInSavepoint(trx, jobs[i] as Job, i);
            outcomes.push(outcome);
            if (outcome.abandoned) throw outcome.value;
            if (i === jobs.length - 1 && jobs.length < MAX_GROUP) {
              jobs.push(...this.#queue.splice(0, MAX_GROUP - jobs.length));
            }
          }
        } finally {
          // Jobs that come from here on go to the next group, which waits for this commit.
          this.#building = false;
          this.#schedule();
        }
      });
    } catch (error) {
      failure = { error };
    } finally {
      this.#building = false;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i];
      if (failure || !outcome) job.reject(failure ? failure.error : new Error("not run"));
      else if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.value);
    });
    this.#schedule();
  }
}

interface Outcome {
  ok: boolean;
  value: unknown;
  /** The transaction is gone (SQLite rolled it back whole): the group fails with `value`. */
  abandoned?: boolean;
}

async function runInSavepoint(
  trx: Transaction<Database>,
  job: Job,
  index: number,
): Promise<Outcome> {
  const name = sql.raw(`g${index}`);
  try {
    await sql`savepoint ${name}`.execute(trx);
  } catch (error) {
    return { ok: false, value: error, abandoned: true };
  }
  try {
    const value = await job.work(trx);
    await sql`release ${name}`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    try {
      await sql`rollback to ${name}`.execute(trx);
      await sql`release ${name}`.execute(trx);
    } catch {
      return { ok: false, value: error, abandoned: true };
    }
    return { ok: false, value: error };
  }
}
