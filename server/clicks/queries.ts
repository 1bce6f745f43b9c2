// The visitor's click for this merchant, mode and ref created after `since` (the dedupe
// window's start), newest first: the Kysely store's look-up, and the SQLite thread's when its
// memory of visitors does not reach back that far.
import { type Kysely, sql } from "kysely";
import type { Database, NewClick } from "../store/schema";

export type VisitorKey = Pick<NewClick, "merchant_id" | "mode" | "visitor_hash" | "ref">;

export function recentClickQuery(db: Kysely<Database>, visitor: VisitorKey, since: string) {
  return (
    db
      .selectFrom("clicks")
      .select(["id", "expires_at"])
      .where("merchant_id", "=", visitor.merchant_id)
      .where("mode", "=", visitor.mode)
      .where("visitor_hash", "=", visitor.visitor_hash)
      .where("ref", "=", visitor.ref)
      .where("created_at", ">", since)
      .orderBy("created_at", "desc")
      // A literal, not a parameter: the click thread binds only click fields.
      .limit(sql.lit(1))
  );
}
