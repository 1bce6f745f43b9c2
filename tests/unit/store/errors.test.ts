import { describe, expect, it } from "vitest";
import { isStorageUnavailable, isUniqueViolation } from "../../../server/store/errors";

const withCode = (code: string, message = "failed") => Object.assign(new Error(message), { code });

describe("isStorageUnavailable", () => {
  it.each([
    ["57014", "statement_timeout cancelled the statement"],
    ["57P01", "the server is shutting down"],
    ["53100", "PostgreSQL's disk is full"],
    ["53300", "too many connections"],
    ["58030", "an I/O error on the server"],
    ["08006", "the connection failed"],
    ["55P03", "a lock could not be had"],
    ["25P03", "an idle transaction was ended"],
    ["SQLITE_FULL", "SQLite's disk is full"],
    ["SQLITE_IOERR_WRITE", "an SQLite write failed"],
    ["ECONNRESET", "the connection was reset"],
    ["ENOSPC", "the WAL could not be synced"],
  ])("%s (%s) is the storage's state: 503", (code) => {
    expect(isStorageUnavailable(withCode(code))).toBe(true);
  });

  it.each([
    ["Query read timeout", "pg gave up on an answer"],
    ["Client has encountered a connection error and is not queryable", "a broken client"],
    ["Connection terminated unexpectedly", "the server closed the connection"],
    ["timeout exceeded when trying to connect", "no connection within the pool's wait"],
  ])("pg's %s (%s) is the storage's state: 503", (message) => {
    expect(isStorageUnavailable(new Error(message))).toBe(true);
  });

  it.each([
    ["23505", "a unique violation"],
    ["22021", "a byte sequence PostgreSQL refuses"],
    ["42P01", "a missing table (a bug, not an outage)"],
    ["SQLITE_CONSTRAINT_UNIQUE", "an SQLite unique violation"],
  ])("%s (%s) is not", (code) => {
    expect(isStorageUnavailable(withCode(code, "Connection terminated"))).toBe(false);
  });

  it("a unique violation is recognised on both engines", () => {
    expect(isUniqueViolation(withCode("23505"))).toBe(true);
    expect(isUniqueViolation(withCode("SQLITE_CONSTRAINT_UNIQUE"))).toBe(true);
  });
});
