// Cursor pagination shared by every list endpoint: newest first (created_at desc, id desc),
// `limit` items per page, `starting_after` = the id of the last item of the previous page.
// A cursor is an id rather than an offset so pages stay stable while new rows arrive.
import type { Kysely, Selectable } from "kysely";
import { ApiError } from "../contract/errors";
import type { Mode } from "../contract/key-format";
import type { Database } from "../store/schema";

/** Tables a merchant can list: each row has an id, an owner and a creation time. */
export type ListableTable = {
  [T in keyof Database]: Database[T] extends { id: string; merchant_id: string; created_at: string }
    ? T
    : never;
}[keyof Database];

/** Who may see the rows: always one merchant; one mode too for mode-scoped tables. */
export interface ListScope {
  merchantId: string;
  /** Leave out for tables shared by both modes (programs, partners). */
  mode?: Mode;
}

export interface PageRequest {
  limit: number;
  starting_after?: string | undefined;
  /** Creation-time range, as stored (ISO-8601 UTC): at or after, and before. */
  "created[gte]"?: string | undefined;
  "created[lt]"?: string | undefined;
}

export interface Page<Row> {
  data: Row[];
  has_more: boolean;
}

/** Equality filters on the table's own columns; `undefined` means "not filtered". */
export type Filters<T extends ListableTable> = {
  [C in keyof Selectable<Database[T]>]?: Selectable<Database[T]>[C] | undefined;
};

// Kysely cannot resolve column names on a table chosen by a type parameter, so the queries run
// against this minimal shape; the public signature keeps the real row type.
interface ListableRow {
  id: string;
  merchant_id: string;
  mode: string;
  created_at: string;
  [column: string]: unknown;
}
type LooseDb = Kysely<{ listed: ListableRow }>;

export async function paginate<T extends ListableTable>(
  db: Kysely<Database>,
  table: T,
  scope: ListScope,
  page: PageRequest,
  filters: Filters<T> = {},
): Promise<Page<Selectable<Database[T]>>> {
  const loose = db as unknown as LooseDb;
  const scoped = () => {
    let query = loose
      .selectFrom(table as unknown as "listed")
      .where("merchant_id", "=", scope.merchantId);
    if (scope.mode !== undefined) query = query.where("mode", "=", scope.mode);
    return query;
  };

  let query = scoped().selectAll();
  for (const [column, value] of Object.entries(filters)) {
    if (value !== undefined) query = query.where(column, "=", value);
  }

  const from = page["created[gte]"];
  const until = page["created[lt]"];
  if (from !== undefined) query = query.where("created_at", ">=", from);
  if (until !== undefined) query = query.where("created_at", "<", until);

  if (page.starting_after !== undefined) {
    // Resolved inside the same scope: another merchant's (or mode's) id is as unknown as a
    // made-up one, so a cursor never reveals that an object exists elsewhere.
    const cursor = await scoped()
      .select("created_at")
      .where("id", "=", page.starting_after)
      .executeTakeFirst();
    if (!cursor) {
      throw new ApiError(
        "VALIDATION_ERROR",
        `starting_after ${page.starting_after} is not an object of this list. Pass the id of the last item of the previous page.`,
        { details: { fields: { starting_after: "is not the id of an object in this list" } } },
      );
    }
    const after = { created_at: cursor.created_at as string, id: page.starting_after };
    query = query.where((eb) =>
      eb.or([
        eb("created_at", "<", after.created_at),
        eb.and([eb("created_at", "=", after.created_at), eb("id", "<", after.id)]),
      ]),
    );
  }

  const rows = await query
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(page.limit + 1)
    .execute();
  return {
    data: rows.slice(0, page.limit) as unknown as Selectable<Database[T]>[],
    has_more: rows.length > page.limit,
  };
}
