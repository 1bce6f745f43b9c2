// Integration health's click-path counter (server/health/counts.ts) with two processes racing on
// one database, on SQLite and PostgreSQL: every count lands exactly once, and the number of rows a
// flood of made-up origins adds stays bounded (each process folds what exceeds the day's cap into
// "(other)"; racing processes can each add at most the cap).
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HealthCounter, MAX_SUBJECTS_PER_DAY, OTHER_SUBJECT } from "../../../server/health/counts";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";

const dialects = await dialectsUnderTest();

describe.each(dialects)("health counts racing on $dialect", ({ dialect, available }) => {
  let h: Harness;
  beforeAll(async () => {
    if (available) h = await createHarness({ dialect });
  });
  afterAll(async () => h?.close());

  it.runIf(available)("two processes' flushes count everything once, rows bounded", async () => {
    const logger = pino({ level: "silent" });
    const counters = [
      new HealthCounter(h.services.store.db, logger, 60_000),
      new HealthCounter(h.services.store.db, logger, 60_000),
    ];
    const base = {
      merchantId: h.merchant.merchant_id,
      mode: "test" as const,
      day: "2026-01-15",
      kind: "refusal:ORIGIN_NOT_ALLOWED",
      keyId: "key_race",
    };
    let added = 0;
    // Three rounds: each process counts a common origin and origins of its own, then both flush
    // at once.
    for (let round = 0; round < 3; round++) {
      counters.forEach((counter, p) => {
        for (let i = 0; i < 40; i++) {
          counter.add({ ...base, subject: "https://common.example" });
          counter.add({ ...base, subject: `https://p${p}-r${round}-${i}.example` });
          added += 2;
        }
      });
      await Promise.all(counters.map((c) => c.flush()));
    }
    await Promise.all(counters.map((c) => c.close()));

    const rows = await h.services.store.db
      .selectFrom("daily_health")
      .select(["subject", "count"])
      .where("merchant_id", "=", h.merchant.merchant_id)
      .where("kind", "=", base.kind)
      .execute();
    const total = rows.reduce((n, r) => n + Number(r.count), 0);
    expect(total).toBe(added);
    expect(Number(rows.find((r) => r.subject === "https://common.example")?.count)).toBe(240);
    expect(Number(rows.find((r) => r.subject === OTHER_SUBJECT)?.count)).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(2 * MAX_SUBJECTS_PER_DAY + 1);
  });
});
