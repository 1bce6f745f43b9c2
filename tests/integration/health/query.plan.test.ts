// Integration health stays fast at 10 M clicks: its queries read daily_health and the
// conversions of one reason by index range scans, never the clicks table — the plans on both
// databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { examplesQuery, healthCountsQuery } from "../../../server/health/read";
import { scoped } from "../../../server/store/tenant";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import { queryPlan as plan } from "../../support/query-plan";

const dialects = await dialectsUnderTest();

describe.each(dialects)("integration health query plans on $dialect", ({ dialect, available }) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    for (let i = 0; i < 10; i++) await h.click("demo", { ip: `198.51.100.${i}` });
  });
  afterAll(async () => h?.close());

  const period = {
    gte: "2026-01-01T00:00:00.000Z",
    lt: "2026-01-08T00:00:00.000Z",
    fromDay: "2026-01-01",
    toDay: "2026-01-07",
  };

  it.runIf(available)("reads the daily counts by their primary key", async () => {
    const tenant = scoped(h.services.store.db, {
      merchantId: h.merchant.merchant_id,
      mode: "test",
    });
    const text = await plan(h, healthCountsQuery(tenant, period));
    expect(text).not.toMatch(/clicks/);
    if (dialect === "sqlite") {
      expect(text).toMatch(/SEARCH daily_health USING (INDEX|PRIMARY KEY|COVERING INDEX)/);
      expect(text).not.toMatch(/SCAN daily_health/);
    } else {
      expect(text).toMatch(/Index (Only )?Scan using daily_health_pk/);
    }
  });

  it.runIf(available)("reads a reason's newest conversions by conversions_by_reason", async () => {
    const tenant = scoped(h.services.store.db, {
      merchantId: h.merchant.merchant_id,
      mode: "test",
    });
    const text = await plan(h, examplesQuery(tenant, period, "CLICK_ID_MISSING", 3));
    expect(text).toMatch(/conversions_by_reason/);
    expect(text).not.toMatch(/SCAN conversions(?! USING)/);
    // Newest first straight from the index: no sort of the period's rows.
    expect(text).not.toMatch(/TEMP B-TREE|Sort/);
  });
});
