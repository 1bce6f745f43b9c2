// Reader connections to the embedded database, each on a thread of its own
// (sqlite-reader-thread.ts). better-sqlite3 runs a query on the thread that asks for it; a list
// query asked on the event loop stops every request (a click included) for as long as it runs.
// Lists are read here instead (store.reader, sqlite-reader-dialect.ts): WAL lets these
// connections read while the server writes, and each sees every commit that was answered before
// the read was asked. A read goes to the thread with the fewest reads under way.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";

export interface ReadRequest {
  id: number;
  sql: string;
  parameters: unknown[];
}

export type ReadAnswer =
  | { id: number; rows: object[] }
  | { id: number; error: { message: string; code?: string } };

/** Two threads: the machines Selgeo runs on have a few cores, and reads are short. */
const DEFAULT_THREADS = 2;

/** The thread's entry is TypeScript like the rest; it gets tsx's require hook (as the checkpointer's). */
function threadSource(): string {
  const require = createRequire(import.meta.url);
  const tsx = require.resolve("tsx/cjs/api");
  const entry = fileURLToPath(new URL("./sqlite-reader-thread.ts", import.meta.url));
  return `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
}

interface Pending {
  resolve: (rows: object[]) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  port: MessagePort;
  pending: Map<number, Pending>;
}

export class SqliteReaders {
  readonly #path: string;
  readonly #size: number;
  #threads: Thread[] = [];
  #nextId = 1;
  #closed = false;

  constructor(path: string, threads = DEFAULT_THREADS) {
    this.#path = path;
    this.#size = threads;
  }

  /** The rows of one query, read on a reader thread. */
  read(sql: string, parameters: readonly unknown[]): Promise<object[]> {
    if (this.#closed) return Promise.reject(new Error("the database's readers are closed"));
    const thread = this.#leastBusy();
    const id = this.#nextId++;
    return new Promise<object[]>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      if (thread.pending.size === 1) {
        thread.worker.ref();
        thread.port.ref();
      }
      thread.port.postMessage({ id, sql, parameters: [...parameters] } satisfies ReadRequest);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const threads = this.#threads.splice(0);
    await Promise.all(
      threads.map(async (thread) => {
        thread.port.close();
        await thread.worker.terminate();
        this.#fail(thread, new Error("the database's readers were closed"));
      }),
    );
  }

  #leastBusy(): Thread {
    let best: Thread | undefined;
    for (const thread of this.#threads) {
      if (!best || thread.pending.size < best.pending.size) best = thread;
    }
    if (best && (best.pending.size === 0 || this.#threads.length >= this.#size)) return best;
    return this.#start();
  }

  #start(): Thread {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(threadSource(), {
      eval: true,
      workerData: { path: this.#path, port: port2 },
      transferList: [port2],
    });
    const thread: Thread = { worker, port: port1, pending: new Map() };
    this.#threads.push(thread);
    port1.on("message", (answer: ReadAnswer) => {
      const pending = thread.pending.get(answer.id);
      if (!pending) return;
      thread.pending.delete(answer.id);
      if (thread.pending.size === 0) {
        // The process stays up for a read under way, not for an idle thread.
        worker.unref();
        port1.unref();
      }
      if ("error" in answer) {
        pending.reject(
          Object.assign(
            new Error(answer.error.message),
            answer.error.code ? { code: answer.error.code } : {},
          ),
        );
      } else {
        pending.resolve(answer.rows);
      }
    });
    const lost = (error: Error) => {
      this.#threads = this.#threads.filter((other) => other !== thread);
      this.#fail(thread, error);
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`a reader thread exited (${code})`)));
    return thread;
  }

  #fail(thread: Thread, error: Error): void {
    for (const pending of thread.pending.values()) pending.reject(error);
    thread.pending.clear();
  }
}
