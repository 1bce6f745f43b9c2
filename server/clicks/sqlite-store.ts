// The server's side of the SQLite click thread (sqlite-thread.ts): clicks taken during one turn
// of the event loop go to the thread in one message, and each caller's promise settles when the
// thread reports its click durable (or failed). The queries are built here with Kysely and
// handed over as SQL text, so the thread stays a plain executor of the schema's own queries.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import { type Compilable, type Kysely, sql } from "kysely";
import type { Logger } from "pino";
import type { Store } from "../store/connect";
import type { Database, NewClick } from "../store/schema";
import { recentClickQuery } from "./queries";
import {
  CLICK_FIELDS,
  type ClickOutcome,
  type PositionalSql,
  packClicks,
  type ThreadError,
  type ThreadMessage,
  type ThreadSetup,
} from "./sqlite-protocol";
import type { ClickStore, StoredClick } from "./store";

type Field = PositionalSql["params"][number];

/**
 * A stand-in value that names its field, so a compiled query's parameters say what goes where.
 * Typed `never` (assignable to any column): it is never a value, only a name.
 */
const slot = (field: Field) => `\u0000${field}` as never;

function positional(query: Compilable): PositionalSql {
  const compiled = query.compile();
  return {
    sql: compiled.sql,
    params: compiled.parameters.map((value) => {
      if (typeof value !== "string" || !value.startsWith("\u0000")) {
        throw new Error(`click query has a parameter that is not a field: ${String(value)}`);
      }
      return value.slice(1) as Field;
    }),
  };
}

const rowid = sql<number>`rowid`;
/** What the thread remembers of a click: its rowid and the key it answers for. */
const VISITOR_COLUMNS = ["merchant_id", "mode", "visitor_hash", "ref", "created_at"] as const;

export function clickThreadQueries(db: Kysely<Database>): Omit<ThreadSetup, "path"> {
  const row = Object.fromEntries(CLICK_FIELDS.map((field) => [field, slot(field)])) as NewClick;
  return {
    findRecent: positional(recentClickQuery(db, row, slot("since"))),
    insert: positional(db.insertInto("clicks").values(row)),
    clickByRowid: positional(
      db
        .selectFrom("clicks")
        .select(["id", "expires_at", ...VISITOR_COLUMNS])
        .where(rowid, "=", slot("rowid")),
    ),
    clicksAfter: positional(
      db
        .selectFrom("clicks")
        .select([rowid.as("rowid"), ...VISITOR_COLUMNS])
        .where(rowid, ">", slot("rowid"))
        .orderBy(rowid),
    ),
    lastRowid: positional(
      db.selectFrom("clicks").select(sql<number | null>`max(rowid)`.as("rowid")),
    ),
    merchantIds: positional(db.selectFrom("merchants").select("id")),
    merchantClicksSince: positional(
      db
        .selectFrom("clicks")
        .select([rowid.as("rowid"), ...VISITOR_COLUMNS])
        .where("merchant_id", "=", slot("merchant_id"))
        .where("mode", "=", slot("mode"))
        .where("created_at", ">=", slot("since"))
        .orderBy(rowid),
    ),
  };
}

/**
 * The thread's entry is TypeScript like the rest; it gets tsx's require hook, resolved from here
 * so that neither the working directory nor the parent's loader matters.
 */
function threadSource(): string {
  const require = createRequire(import.meta.url);
  const tsx = require.resolve("tsx/cjs/api");
  const entry = fileURLToPath(new URL("./sqlite-thread.ts", import.meta.url));
  return `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
}

/** A thread that stopped is replaced by the next batch after this long; until then clicks fail fast. */
const RESTART_AFTER_MS = 1000;

interface Waiter {
  row: NewClick;
  resolve: (click: StoredClick) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  port: MessagePort;
  ready: Promise<void>;
  open: boolean;
  /** Batches posted and not yet answered, oldest first: the order the thread answers them in. */
  sent: Waiter[][];
}

function toError(failure: ThreadError): Error {
  return Object.assign(new Error(failure.message), failure.code ? { code: failure.code } : {});
}

function settle(waiter: Waiter, outcome: ClickOutcome | undefined): void {
  if (outcome === null) {
    waiter.resolve({ id: waiter.row.id, expires_at: waiter.row.expires_at, created: true });
  } else if (outcome === undefined) {
    waiter.reject(new Error("the click thread gave no answer for a click"));
  } else if ("error" in outcome) {
    waiter.reject(toError(outcome.error));
  } else {
    waiter.resolve({ id: outcome.id, expires_at: outcome.expires_at, created: false });
  }
}

export class SqliteClickStore implements ClickStore {
  readonly #setup: ThreadSetup;
  readonly #logger: Logger;
  #thread: Thread | undefined;
  #outbox: Waiter[] = [];
  #flushScheduled = false;
  /** Clicks taken and not yet answered. */
  #pending = 0;
  #idle: (() => void) | undefined;
  /** Why the last thread stopped, and when: a database that cannot be used is not retried at once. */
  #lastLoss: { error: Error; at: number } | undefined;

  constructor(store: Store, logger: Logger) {
    if (!store.path) throw new Error("the SQLite click store needs the database's file path");
    this.#setup = { path: store.path, ...clickThreadQueries(store.db) };
    this.#logger = logger;
  }

  start(): Promise<void> {
    return this.#ensureThread().ready;
  }

  record(row: NewClick): Promise<StoredClick> {
    return new Promise((resolve, reject) => {
      this.#pending++;
      this.#outbox.push({ row, resolve, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        // After the current turn of the loop: every click read from the sockets in it goes in
        // one message.
        setImmediate(this.#flush);
      }
    });
  }

  async close(): Promise<void> {
    if (this.#pending > 0) {
      await new Promise<void>((done) => {
        this.#idle = done;
      });
    }
    const thread = this.#thread;
    this.#thread = undefined;
    if (thread) {
      thread.port.close();
      await thread.worker.terminate();
    }
  }

  readonly #flush = (): void => {
    this.#flushScheduled = false;
    const batch = this.#outbox;
    this.#outbox = [];
    if (batch.length === 0) return;
    const loss = this.#lastLoss;
    if (!this.#thread && loss && Date.now() - loss.at < RESTART_AFTER_MS) {
      this.#answer(batch, () => undefined, loss.error);
      return;
    }
    const thread = this.#ensureThread();
    thread.sent.push(batch);
    thread.port.postMessage(packClicks(batch.map((waiter) => waiter.row)));
    this.#holdWhileBusy();
  };

  /** Settles each waiter with its outcome (or `failure` for all), then notes who is idle. */
  #answer(
    waiters: Waiter[],
    outcomeOf: (index: number) => ClickOutcome | undefined,
    failure?: Error,
  ): void {
    for (let i = 0; i < waiters.length; i++) {
      const waiter = waiters[i] as Waiter;
      if (failure) waiter.reject(failure);
      else settle(waiter, outcomeOf(i));
    }
    this.#pending -= waiters.length;
    if (this.#pending === 0 && this.#idle) {
      this.#idle();
      this.#idle = undefined;
    }
  }

  /** The process stays up for a click in flight or a thread starting, not for an idle thread. */
  #holdWhileBusy(): void {
    const thread = this.#thread;
    if (!thread) return;
    if (this.#pending > 0 || !thread.open) {
      thread.worker.ref();
      thread.port.ref();
    } else {
      thread.worker.unref();
      thread.port.unref();
    }
  }

  #ensureThread(): Thread {
    if (this.#thread) return this.#thread;
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(threadSource(), {
      eval: true,
      workerData: { setup: this.#setup, port: port2 },
      transferList: [port2],
    });
    let opened: () => void = () => {};
    let refused: (error: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      opened = resolve;
      refused = reject;
    });
    // A caller of start() handles the refusal; record() learns of it through its own click.
    ready.catch(() => {});
    const thread: Thread = { worker, port: port1, ready, open: false, sent: [] };
    this.#thread = thread;

    let failure: Error | undefined;
    port1.on("message", (message: ThreadMessage) => {
      if (message.type === "ready") {
        thread.open = true;
        opened();
        this.#holdWhileBusy();
      } else if (message.type === "failed") failure = toError(message.error);
      else {
        for (const outcomes of message.batches) {
          this.#answer(thread.sent.shift() ?? [], (i) => outcomes[i]);
        }
        this.#holdWhileBusy();
      }
    });
    const lost = (error: Error) => {
      if (this.#thread !== thread) return;
      this.#thread = undefined;
      this.#lastLoss = { error, at: Date.now() };
      this.#logger.error({ err: error, clicks: this.#pending }, "click thread stopped");
      refused(error);
      // Clicks whose commit was not reported are failed; a retry finds any that did commit.
      for (const batch of thread.sent.splice(0)) this.#answer(batch, () => undefined, error);
    };
    worker.on("error", lost);
    worker.on("exit", (code) => {
      lost(
        failure ??
          Object.assign(new Error(`click thread exited (${code})`), {
            code: "CLICK_THREAD_EXITED",
          }),
      );
    });
    return thread;
  }
}
