// The Overview's figures come from the daily aggregates by index, never from the clicks table:
// the plans of GET /api/v1/stats's queries on both databases, with and without a partner.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reasonsQuery, type StatsRange, statsQuery } from "../../../server/stats/query";
import { scoped } from "../../../server/store/tenant";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import { queryPlan as plan } from "../../support/query-plan";

const dialects = await dialectsUnderTest();

describe.each(dialects)("stats query plans on $dialect", ({ dialect, available }) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    for (let i = 0; i < 20; i++) await h.click("demo", { ip: `198.51.100.${i}` });
  });
  afterAll(async () => h?.close());

  const range = (partnerId?: string): StatsRange => ({
    from: "2026-01-01",
    to: "2026-01-31",
    partnerId,
  });

  it.runIf(available)("reads the aggregates by index, never the clicks table", async () => {
    const tenant = scoped(h.services.store.db, {
      merchantId: h.merchant.merchant_id,
      mode: "test",
    });
    for (const partnerId of [undefined, h.partner.id]) {
      for (const query of [
        statsQuery(tenant, range(partnerId)),
        reasonsQuery(tenant, range(partnerId)),
      ]) {
        const text = await plan(h, query);
        expect(text).not.toMatch(/clicks/);
        if (dialect === "sqlite") {
          expect(text).toMatch(
            /SEARCH daily_(stats|reasons) USING (INDEX|PRIMARY KEY|COVERING INDEX)/,
          );
          expect(text).not.toMatch(/SCAN daily_/);
        } else {
          expect(text).toMatch(
            /Index (Only )?Scan using (daily_stats_pk|daily_stats_by_partner|daily_reasons_pk)/,
          );
        }
      }
    }
  });
});
