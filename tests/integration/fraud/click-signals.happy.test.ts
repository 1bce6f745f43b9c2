// The fraud signals read from the conversion's click, through the API on real data on both
// engines: many clicks from the click's visitor in a short time (VISITOR_CLICK_BURST), and a
// conversion seconds after its click (CONVERSION_SECONDS_AFTER_CLICK), each held with its facts in
// the audit log, each at and past its threshold; and the visitor's clicks read by an index range
// scan of that visitor's own clicks, never the merchant's.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visitorHash } from "../../../server/clicks/visitor";
import { visitorClicksQuery } from "../../../server/fraud/facts";
import { fraudRulesOf } from "../../../server/fraud/signals";
import { scoped } from "../../../server/store/tenant";
import { auditEntries, convert } from "../../support/conversions";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import { queryPlan } from "../../support/query-plan";

const dialects = await dialectsUnderTest();
const MINUTE = 60_000;

describe.each(dialects)("fraud signals of the click ($dialect)", ({ dialect, available }) => {
  let h: Harness;
  let sk: string;
  let n = 0;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    sk = h.merchant.keys.sk_test;
  });
  afterAll(async () => h?.close());

  /** Partners of the harness's program (its defaults, but for the standing test clock's seconds). */
  async function partners(count: number) {
    n += 1;
    return Promise.all(
      Array.from({ length: count }, (_, i) => h.createPartner({ ref: `burst${n}x${i}${dialect}` })),
    );
  }
  async function heldSignals(conversionId: string) {
    const hold = (await auditEntries(h, { conversion_id: conversionId })).find(
      (e) => e.action === "fraud_hold",
    );
    return hold?.facts.signals as unknown[] | undefined;
  }
  /** One visitor clicks each partner's link, `gapMs` apart, then buys through the last click. */
  async function clicksThenSale(refs: string[], ip: string, gapMs: number) {
    let clickId = "";
    for (const [i, ref] of refs.entries()) {
      if (i > 0) h.clock.advance(gapMs);
      const click = await h.click(ref, { ip });
      expect(click.status, click.text).toBe(201);
      clickId = click.body.click_id;
    }
    const res = await convert(h, { click_id: clickId });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; commission: { id: string; status: string } };
  }

  it.runIf(available)(
    "six clicks of one visitor in five minutes (default: more than 5 in 10): held, with the count as a fact",
    async () => {
      const six = await partners(6);
      const sale = await clicksThenSale(
        six.map((p) => p.ref),
        `198.19.${n}.1`,
        MINUTE,
      );
      expect(sale.commission.status).toBe("held");
      expect(await heldSignals(sale.id)).toEqual([
        { signal: "VISITOR_CLICK_BURST", clicks: 6, limit: 5, minutes: 10 },
      ]);
      // Another visitor's (other address) single click then sale, at the same time: not held.
      const other = await clicksThenSale([six[0]!.ref], `198.19.${n}.2`, 0);
      expect(other.commission.status).toBe("pending");
    },
  );

  it.runIf(available)("five clicks, or six spread over fifteen minutes: not held", async () => {
    const five = await partners(5);
    const atLimit = await clicksThenSale(
      five.map((p) => p.ref),
      `198.19.${n}.1`,
      MINUTE,
    );
    expect(atLimit.commission.status).toBe("pending");
    const six = await partners(6);
    // Three minutes apart: any ten minutes hold at most four of them.
    const spread = await clicksThenSale(
      six.map((p) => p.ref),
      `198.19.${n}.3`,
      3 * MINUTE,
    );
    expect(spread.commission.status).toBe("pending");
    expect(await heldSignals(spread.id)).toBeUndefined();
  });

  it.runIf(available)(
    "a sale seconds after its click (default: under 10 s): held; a minute after: not",
    async () => {
      // Through the API, so the program has every default.
      const program = await h.post("/api/v1/programs", {
        key: sk,
        body: { name: "Defaults", commission: { type: "percent", percent: 10 } },
      });
      expect(program.status, program.text).toBe(201);
      expect(program.body.fraud).toMatchObject({
        visitor_clicks: 5,
        visitor_clicks_minutes: 10,
        click_seconds: 10,
      });
      const partner = await h.createPartner({ program_id: program.body.id, ref: `fast${dialect}` });

      const fast = await h.click(partner.ref, { ip: "198.19.200.1" });
      h.clock.advance(3_000);
      const quick = await convert(h, { click_id: fast.body.click_id });
      expect(quick.body.commission.status).toBe("held");
      expect(await heldSignals(quick.body.id)).toEqual([
        { signal: "CONVERSION_SECONDS_AFTER_CLICK", seconds: 3, limit: 10 },
      ]);

      // occurred_at decides, not when the conversion is reported.
      const reported = await h.click(partner.ref, { ip: "198.19.200.2" });
      const clickedAt = h.clock.now().getTime();
      h.clock.advance(10 * MINUTE);
      const late = await convert(h, {
        click_id: reported.body.click_id,
        occurred_at: new Date(clickedAt + 9_500).toISOString(),
      });
      expect(late.body.commission.status).toBe("held");

      const slow = await h.click(partner.ref, { ip: "198.19.200.3" });
      h.clock.advance(MINUTE);
      const human = await convert(h, { click_id: slow.body.click_id });
      expect(human.body.commission.status).toBe("pending");

      // The threshold is the program's: 0 turns it off.
      const patched = await h.patch(`/api/v1/programs/${program.body.id}`, {
        key: sk,
        body: { fraud: { click_seconds: 0 } },
      });
      expect(patched.status, patched.text).toBe(200);
      const again = await h.click(partner.ref, { ip: "198.19.200.4" });
      const off = await convert(h, { click_id: again.body.click_id });
      expect(off.body.commission.status).toBe("pending");
    },
  );

  it.runIf(available)("reads the visitor's clicks by an index range scan", async () => {
    // A busy window: 3000 clicks of other visitors around now, and the planners' statistics
    // (production SQLite keeps them by `pragma optimize`), so the merchant's time-ordered list
    // indexes are a real alternative the planner must turn down.
    const at = h.clock.now().getTime();
    const db = h.services.store.db;
    for (let batch = 0; batch < 6; batch += 1) {
      await db
        .insertInto("clicks")
        .values(
          Array.from({ length: 500 }, (_, i) => ({
            id: `clk_busy${dialect}${batch}x${i}`,
            merchant_id: h.merchant.merchant_id,
            mode: "test" as const,
            partner_id: h.partner.id,
            program_id: h.program.id,
            ref: "demo",
            visitor_hash: visitorHash(h.merchant.merchant_id, `10.${batch}.${i}.1`, "UA"),
            url: null,
            referrer: null,
            created_at: new Date(at - (batch * 500 + i) * 200).toISOString(),
            expires_at: new Date(at + 30 * 86_400_000).toISOString(),
          })),
        )
        .execute();
    }
    const tenant = scoped(db, { merchantId: h.merchant.merchant_id, mode: "test" });
    const query = visitorClicksQuery(tenant, fraudRulesOf(null), {
      visitorHash: visitorHash(h.merchant.merchant_id, "198.19.0.1", "Mozilla/5.0"),
      createdAt: h.clock.now().toISOString(),
    });
    const expectVisitorIndex = (text: string) => {
      if (dialect === "sqlite") {
        expect(text).toMatch(/SEARCH clicks USING INDEX clicks_by_visitor_prefix/);
        expect(text).not.toMatch(/SCAN clicks/);
      } else {
        expect(text).toMatch(/Index (Only )?Scan using clicks_by_visitor on clicks/);
        expect(text).not.toMatch(/Seq Scan/);
      }
    };
    // A fresh database, or one that grew since its statistics were taken: SQLite guessed the
    // merchant's list index here, and conversions fell seventy-fold on a fresh database.
    if (dialect === "sqlite") {
      await sql`delete from sqlite_stat1`.execute(db);
      await sql`analyze sqlite_schema`.execute(db);
      expectVisitorIndex(await queryPlan(h, query));
    }
    // PostgreSQL: this schema's table only; the whole database holds every test run's schemas and
    // analysing it all outlasted the statement timeout on a loaded machine.
    if (dialect === "sqlite") await sql`analyze`.execute(db);
    else await sql`analyze clicks`.execute(db);
    expectVisitorIndex(await queryPlan(h, query));
  });
});
