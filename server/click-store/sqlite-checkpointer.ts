// Checkpoints of the embedded database, run on a thread of their own (sqlite-checkpoint-thread.ts).
// The click writer commits on the event loop and never checkpoints itself: copying the WAL into
// the database file is the one large write SQLite does (megabytes, then an fsync), and done by
// the committing connection it would stop every request for as long. run() never rejects: a
// checkpoint that fails is logged and its error resolved, for the store to try again; until one
// succeeds the WAL only grows (the server's other connection still checkpoints past 10,000
// pages).
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import type { Logger } from "pino";

/** Why a checkpoint failed, as the thread can send it (an Error's fields). */
export type CheckpointFailure = { message: string; code?: string };

/** What the thread answers each request with. */
export type CheckpointAnswer = { frames: number; copied: number } | { error: CheckpointFailure };

/**
 * The thread's entry is TypeScript like the rest; it gets tsx's require hook, resolved from here
 * so that neither the working directory nor the parent's loader matters.
 */
function threadSource(): string {
  const require = createRequire(import.meta.url);
  const tsx = require.resolve("tsx/cjs/api");
  const entry = fileURLToPath(new URL("./sqlite-checkpoint-thread.ts", import.meta.url));
  return `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
}

interface Thread {
  worker: Worker;
  port: MessagePort;
  /** The request under way, answered in order. */
  answer: ((answer: CheckpointAnswer) => void) | undefined;
}

export class SqliteCheckpointer {
  readonly #path: string;
  readonly #logger: Logger;
  #thread: Thread | undefined;
  #running: Promise<CheckpointFailure | undefined> | undefined;

  constructor(path: string, logger: Logger) {
    this.#path = path;
    this.#logger = logger;
  }

  /** Starts the thread ahead of the first checkpoint, which would otherwise wait for it to load. */
  start(): void {
    this.#ensureThread();
  }

  /**
   * Copies every committed frame of the WAL into the database file; resolves when done, with
   * the error it failed with if it did. Asked again before it is done, it answers with the
   * checkpoint under way.
   */
  run(): Promise<CheckpointFailure | undefined> {
    this.#running ??= this.#checkpoint().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  #checkpoint(): Promise<CheckpointFailure | undefined> {
    const thread = this.#ensureThread();
    return new Promise<CheckpointAnswer>((resolve) => {
      thread.answer = resolve;
      thread.worker.ref();
      thread.port.postMessage("checkpoint");
    }).then((answer) => {
      thread.answer = undefined;
      if (this.#thread === thread) thread.worker.unref();
      if ("error" in answer) {
        this.#logger.error({ err: answer.error }, "SQLite checkpoint failed");
        return answer.error;
      }
      if (answer.copied < answer.frames) {
        // Another process committed while this ran, or a reader holds an old snapshot.
        this.#logger.debug(answer, "SQLite checkpoint left frames for the next one");
      }
      return undefined;
    });
  }

  async close(): Promise<void> {
    const thread = this.#thread;
    this.#thread = undefined;
    if (!thread) return;
    thread.port.close();
    await thread.worker.terminate();
    thread.answer?.({ error: { message: "the checkpoint thread was closed" } });
  }

  #ensureThread(): Thread {
    if (this.#thread) return this.#thread;
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(threadSource(), {
      eval: true,
      workerData: { path: this.#path, port: port2 },
      transferList: [port2],
    });
    const thread: Thread = { worker, port: port1, answer: undefined };
    this.#thread = thread;
    port1.on("message", (answer: CheckpointAnswer) => thread.answer?.(answer));
    // The process stays up for a checkpoint under way, not for an idle thread.
    worker.unref();
    port1.unref();
    const lost = (error: Error) => {
      if (this.#thread !== thread) return;
      this.#thread = undefined;
      thread.answer?.({ error: { message: error.message } });
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`the checkpoint thread exited (${code})`)));
    return thread;
  }
}
