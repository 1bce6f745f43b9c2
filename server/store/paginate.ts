// Cursor pagination shared by every list: newest first (created_at desc, id desc), `limit`
// items per page, `starting_after` = the id of the last item of the previous page. A cursor is
// an id rather than an offset so pages stay stable while new rows arrive. Lists run through a
// tenant handle (tenant.ts), so both the page and its cursor stay within the caller's scope.
import type { Selectable, SelectQueryBuilder } from "kysely";
import type { Database } from "./schema";
import type { TenantTable } from "./tenant";

/** Tables a merchant can list: each row has an id, an owner and a creation time. */
type ListableTable = {
  [T in TenantTable]: Database[T] extends { id: string; created_at: string } ? T : never;
}[TenantTable];

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
type Filters<T extends ListableTable> = {
  [C in keyof Selectable<Database[T]>]?: Selectable<Database[T]>[C] | undefined;
};

/**
 * `starting_after` names no row of this list: resolved inside the scope, another merchant's (or
 * mode's) id is as unknown as a made-up one, so a cursor never reveals that an object exists.
 */
export class UnknownCursor extends Error {
  override name = "UnknownCursor";
  constructor(readonly cursor: string) {
    super(`starting_after ${cursor} is not an object of this list`);
  }
}

/** What a list reads from: a tenant handle's selectFrom (tenant.ts). */
interface ListSource<T extends ListableTable> {
  selectFrom(table: T): SelectQueryBuilder<Database, T, object>;
}

// The builders are typed for one table chosen by a type parameter, on which Kysely cannot
// resolve column names; the queries run on this minimal shape, the result keeps the row type.
interface ListableRow {
  id: string;
  created_at: string;
  [column: string]: unknown;
}
type Listed = SelectQueryBuilder<{ listed: ListableRow }, "listed", object>;

/** Throws UnknownCursor when `starting_after` is not a row of this scoped list. */
export async function paginate<T extends ListableTable>(
  source: NoInfer<ListSource<T>>,
  table: T,
  page: PageRequest,
  filters: Filters<T> = {},
): Promise<Page<Selectable<Database[T]>>> {
  const from = () => source.selectFrom(table) as unknown as Listed;

  let query = from().selectAll();
  for (const [column, value] of Object.entries(filters)) {
    if (value !== undefined) query = query.where(column as "id", "=", value as string);
  }

  const createdFrom = page["created[gte]"];
  const createdBefore = page["created[lt]"];
  if (createdFrom !== undefined) query = query.where("created_at", ">=", createdFrom);
  if (createdBefore !== undefined) query = query.where("created_at", "<", createdBefore);

  if (page.starting_after !== undefined) {
    const cursor = await from()
      .select("created_at")
      .where("id", "=", page.starting_after)
      .executeTakeFirst();
    if (!cursor) throw new UnknownCursor(page.starting_after);
    // A row value, not `created_at < ? or (created_at = ? and id < ?)`: both engines read the
    // row value as one range of the list's (…, created_at, id) index, the OR as a filter.
    const after = page.starting_after;
    query = query.where((eb) =>
      eb(eb.refTuple("created_at", "id"), "<", eb.tuple(cursor.created_at, after)),
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
