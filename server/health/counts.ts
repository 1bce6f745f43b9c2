// Integration health's daily counts (table daily_health, migration 0012_health_integration): what
// happened to a merchant's click requests and conversions, per day, kind, key and subject, so the
// report (report.ts) reads a few aggregate rows instead of the clicks table.
//
// Click-path counts (clicks per page origin, refused requests) arrive at the click path's rate, a
// flood included, so they are added up in memory and written every few seconds: one upsert per
// merchant, mode, day, kind, key and subject per flush, whatever the request rate. They are
// diagnostics, not money: a crash loses at most one interval. Subjects (origins) are capped per
// merchant, mode, day and kind (MAX_SUBJECTS_PER_DAY, the rest as `(other)`), in memory and in the
// table, so made-up origins add a bounded number of rows. Conversions are counted exactly, in
// their own transaction (countInTransaction).
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Mode } from "../contract/key-format";
import type { CountedRefusal } from "../contract/schemas/health";
import type { Database } from "../store/schema";
import { type ModeQueries, scoped } from "../store/tenant";

/** Distinct subjects kept per merchant, mode, day and kind; the rest are counted as OTHER. */
export const MAX_SUBJECTS_PER_DAY = 50;
export const OTHER_SUBJECT = "(other)";
/** How many distinct counters the buffer holds between flushes before new ones fold into OTHER. */
const MAX_BUFFERED = 10_000;

/** What is counted. `click_failed_in_browser` is the place for the snippet's own reports. */
export const HEALTH_KINDS = {
  clickOrigin: "click_origin",
  /** Clicks the snippet could not record (reported from the browser); nothing feeds it yet. */
  clickFailedInBrowser: "click_failed_in_browser",
  clickIdMissing: "click_id_missing",
} as const;

export const refusalKind = (code: CountedRefusal) => `refusal:${code}` as const;

export interface HealthCount {
  merchantId: string;
  mode: Mode;
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  kind: string;
  /** The publishable key's id, or '' where no key applies. */
  keyId: string;
  subject: string;
}

const SEPARATOR = "\u0000";
const keyOf = (c: HealthCount) =>
  [c.merchantId, c.mode, c.day, c.kind, c.keyId, c.subject].join(SEPARATOR);
const groupOf = (c: HealthCount) => [c.merchantId, c.mode, c.day, c.kind].join(SEPARATOR);

/** Adds one conversion-side count inside the caller's transaction (exact, like daily_stats). */
export async function countInTransaction(
  trx: ModeQueries,
  count: Omit<HealthCount, "merchantId" | "mode">,
): Promise<void> {
  await upsert(trx, [{ ...count, n: 1 }]);
}

async function upsert(
  trx: ModeQueries,
  rows: ReadonlyArray<Omit<HealthCount, "merchantId" | "mode"> & { n: number }>,
): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto(
      "daily_health",
      rows.map((r) => ({
        day: r.day,
        kind: r.kind,
        key_id: r.keyId,
        subject: r.subject,
        count: r.n,
      })),
    )
    .onConflict((oc) =>
      oc.columns(["merchant_id", "mode", "day", "kind", "key_id", "subject"]).doUpdateSet((eb) => ({
        count: eb("daily_health.count", "+", eb.ref("excluded.count")),
      })),
    )
    .execute();
}

/** Click-path counts, summed in memory and written every `intervalMs`. */
export class HealthCounter {
  readonly #db: Kysely<Database>;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  #pending = new Map<string, { count: HealthCount; n: number }>();
  /** Subjects seen per group since the last flush, to cap the buffer like the table. */
  #subjects = new Map<string, Set<string>>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(db: Kysely<Database>, logger: Logger, intervalMs = 5_000) {
    this.#db = db;
    this.#logger = logger;
    this.#intervalMs = intervalMs;
  }

  add(count: HealthCount, n = 1): void {
    const group = groupOf(count);
    let subjects = this.#subjects.get(group);
    if (!subjects) {
      subjects = new Set();
      this.#subjects.set(group, subjects);
    }
    let entry = count;
    if (
      !subjects.has(count.subject) &&
      (subjects.size >= MAX_SUBJECTS_PER_DAY || this.#pending.size >= MAX_BUFFERED)
    ) {
      entry = { ...count, subject: OTHER_SUBJECT };
    }
    subjects.add(entry.subject);
    const key = keyOf(entry);
    const pending = this.#pending.get(key);
    if (pending) pending.n += n;
    else this.#pending.set(key, { count: entry, n });
    this.#start();
  }

  /** Writes what was counted; flushes run one at a time. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#write());
    return this.#flushing;
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  #start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.flush(), this.#intervalMs);
    this.#timer.unref();
  }

  async #write(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = [...this.#pending.values()];
    this.#pending = new Map();
    this.#subjects = new Map();
    const byTenant = new Map<string, Array<{ count: HealthCount; n: number }>>();
    for (const item of batch) {
      const tenant = `${item.count.merchantId}${SEPARATOR}${item.count.mode}`;
      const list = byTenant.get(tenant) ?? [];
      list.push(item);
      byTenant.set(tenant, list);
    }
    for (const items of byTenant.values()) {
      const first = items[0] as { count: HealthCount };
      try {
        await scoped(this.#db, {
          merchantId: first.count.merchantId,
          mode: first.count.mode,
        }).transaction((trx) => writeCapped(trx, items));
      } catch (error) {
        // Kept for the next flush (the buffer's cap still holds): storage may be back by then.
        for (const item of items) this.add(item.count, item.n);
        this.#logger.warn({ err: error }, "integration health counts not written; will retry");
      }
    }
  }
}

/** One tenant's counts: subjects beyond the day's cap fold into OTHER, keys sorted (lock order). */
async function writeCapped(
  trx: ModeQueries,
  items: ReadonlyArray<{ count: HealthCount; n: number }>,
): Promise<void> {
  const groups = new Map<string, Array<{ count: HealthCount; n: number }>>();
  for (const item of items) {
    const group = `${item.count.day}${SEPARATOR}${item.count.kind}`;
    const list = groups.get(group) ?? [];
    list.push(item);
    groups.set(group, list);
  }
  const merged = new Map<string, Omit<HealthCount, "merchantId" | "mode"> & { n: number }>();
  for (const list of groups.values()) {
    const { day, kind } = (list[0] as { count: HealthCount }).count;
    const stored = await trx
      .selectFrom("daily_health")
      .select("subject")
      .distinct()
      .where("day", "=", day)
      .where("kind", "=", kind)
      .limit(MAX_SUBJECTS_PER_DAY + 1)
      .execute();
    const known = new Set(stored.map((r) => r.subject));
    const sorted = [...list].sort((a, b) => (keyOf(a.count) < keyOf(b.count) ? -1 : 1));
    for (const { count, n } of sorted) {
      let subject = count.subject;
      if (!known.has(subject)) {
        if (known.size >= MAX_SUBJECTS_PER_DAY) subject = OTHER_SUBJECT;
        known.add(subject);
      }
      const key = [day, kind, count.keyId, subject].join(SEPARATOR);
      const into = merged.get(key);
      if (into) into.n += n;
      else merged.set(key, { day, kind, keyId: count.keyId, subject, n });
    }
  }
  const rows = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
  await upsert(trx, rows);
}
