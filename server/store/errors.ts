// Recognising database failures by their codes, for both engines, so callers can answer 409 or
// 503 instead of 500.

function codeOf(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return (
    code === "23505" ||
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}

/** A failure of one row (a constraint, a trigger refusing it), not of the database. */
export function isConstraintViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && (code.startsWith("SQLITE_CONSTRAINT") || code.startsWith("23"));
}

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "55P03", // lock_not_available
  "25P03", // idle_in_transaction_session_timeout
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_IOERR",
  "SQLITE_CANTOPEN",
  "SQLITE_FULL",
  "SQLITE_READONLY",
  // A failed fsync or write of the database's files (the server syncs the WAL itself).
  "EIO",
  "ENOSPC",
  "EROFS",
]);

/**
 * PostgreSQL's classes of errors that are the database's state, not the request's: 08
 * connection exception, 53 insufficient resources (disk full, out of memory, too many
 * connections), 57 operator intervention (a statement cancelled by statement_timeout, a
 * shutdown), 58 system error (I/O).
 */
const UNAVAILABLE_SQLSTATE_CLASSES = ["08", "53", "57", "58"];

/** What pg says, without a code, when a connection failed, timed out or was never made. */
const UNAVAILABLE_MESSAGE =
  /driver has already been destroyed|database connection is not open|Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end|Query read timeout|is not queryable|timeout expired/i;

export function isStorageUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith("SQLITE_IOERR"))) return true;
  if (code) {
    // A SQLSTATE, by its class (node's errno codes start with E, and no SQLSTATE class does).
    return /^[0-9A-DF-Z]/.test(code) && UNAVAILABLE_SQLSTATE_CLASSES.includes(code.slice(0, 2));
  }
  const message = error instanceof Error ? error.message : "";
  return UNAVAILABLE_MESSAGE.test(message);
}
