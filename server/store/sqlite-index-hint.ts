// SQLite chooses among a table's indexes from its statistics (sqlite_stat1), and a database that
// has none yet — a fresh one, or one whose tables grew a thousandfold since the last
// `pragma optimize` (store/sqlite-statistics.ts) — gets guesses that favour the index matching
// the most equality terms. For a visitor's clicks that is the merchant's list index
// (merchant, mode, created_at, …), which reads every click of the merchant's window instead of
// the visitor's few: conversions fell from 1,500 to 20 per second on a fresh database. A query
// whose right index never depends on the data names it with INDEXED BY; PostgreSQL, whose
// statistics autovacuum keeps, chooses by itself and is left alone.
import {
  type Kysely,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  RawNode,
  SelectQueryNode,
  SqliteAdapter,
  TableNode,
  type UnknownRow,
} from "kysely";

/**
 * Tables SQLite holds as views (a view takes no INDEXED BY): for each, the view that reads its
 * rows by a given index (0016_storage_click_keys).
 */
const VIEWS_BY_INDEX: Record<string, Record<string, string>> = {
  clicks: { clicks_by_visitor_prefix: "clicks_of_visitor" },
};

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Reads `table` by `index` in SELECTs on SQLite (`from "t" indexed by "i"`, or from the view that
 * reads by it, under the table's name); a no-op elsewhere.
 */
export function sqliteIndexHint(db: Kysely<unknown>, table: string, index: string): KyselyPlugin {
  const onSqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  return {
    transformQuery(args: PluginTransformQueryArgs) {
      const node = args.node;
      if (!onSqlite || !SelectQueryNode.is(node) || !node.from) return node;
      const froms = node.from.froms.map((from): OperationNode => {
        if (!TableNode.is(from) || from.table.identifier.name !== table) return from;
        // The table stays a child node, so whatever walks the query tree still finds it.
        const view = VIEWS_BY_INDEX[table]?.[index];
        if (view) return RawNode.create([`${quoted(view)} as `, ""], [from]);
        return RawNode.create(["", ` indexed by ${quoted(index)}`], [from]);
      });
      return { ...node, from: { ...node.from, froms } };
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return args.result;
    },
  };
}
