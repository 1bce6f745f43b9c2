// The thread behind sqlite-checkpointer.ts: one connection that copies the WAL into the database
// file when asked. A checkpoint writes many pages and fsyncs the database file; here that
// stops neither the event loop nor anything else the server does.
import { type MessagePort, workerData } from "node:worker_threads";
import SQLite from "better-sqlite3";
import { applySqlitePragmas } from "../store/sqlite-pragmas";
import type { CheckpointAnswer } from "./sqlite-checkpointer";

const { path, port } = workerData as { path: string; port: MessagePort };

function failure(error: unknown): CheckpointAnswer {
  const code =
    typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return {
    error: {
      message: error instanceof Error ? error.message : String(error),
      ...(typeof code === "string" ? { code } : {}),
    },
  };
}

let database: SQLite.Database | undefined;

port.on("message", () => {
  let answer: CheckpointAnswer;
  try {
    if (!database) {
      database = new SQLite(path);
      applySqlitePragmas(database);
    }
    // PASSIVE: never waits for a lock. The store holds its commits while this runs, so every
    // frame is copied and the next commit starts the WAL from its beginning again.
    const [result] = database.pragma("wal_checkpoint(PASSIVE)") as Array<{
      busy: number;
      log: number;
      checkpointed: number;
    }>;
    answer = { frames: result?.log ?? 0, copied: result?.checkpointed ?? 0 };
  } catch (error) {
    database?.close();
    database = undefined;
    answer = failure(error);
  }
  port.postMessage(answer);
});
