// The thread behind sqlite-readers.ts: a read-only connection to the embedded database that
// runs the list queries it is sent. WAL lets it read while the server's connections write, and
// however long a read takes, it takes it here, not on the event loop.
import { type MessagePort, workerData } from "node:worker_threads";
import SQLite from "better-sqlite3";
import type { ReadAnswer, ReadRequest } from "./sqlite-readers";

const { path, port } = workerData as { path: string; port: MessagePort };

let database: SQLite.Database | undefined;
const statements = new Map<string, SQLite.Statement>();

function open(): SQLite.Database {
  if (database) return database;
  database = new SQLite(path, { readonly: true, fileMustExist: true });
  database.pragma("busy_timeout = 5000");
  database.pragma("cache_size = -32768");
  return database;
}

function statement(sql: string): SQLite.Statement {
  let prepared = statements.get(sql);
  if (!prepared) {
    prepared = open().prepare(sql);
    if (statements.size >= 200) statements.clear();
    statements.set(sql, prepared);
  }
  return prepared;
}

port.on("message", (request: ReadRequest) => {
  let answer: ReadAnswer;
  try {
    const prepared = statement(request.sql);
    if (!prepared.reader) throw new Error("a reader connection only runs queries that return rows");
    answer = { id: request.id, rows: prepared.all(...request.parameters) as object[] };
  } catch (error) {
    const code =
      typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
    answer = {
      id: request.id,
      error: {
        message: error instanceof Error ? error.message : String(error),
        ...(typeof code === "string" ? { code } : {}),
      },
    };
    // A connection that failed for the storage's reasons is opened afresh for the next read.
    if (typeof code === "string" && !code.startsWith("SQLITE_ERROR")) {
      statements.clear();
      database?.close();
      database = undefined;
    }
  }
  port.postMessage(answer);
});
