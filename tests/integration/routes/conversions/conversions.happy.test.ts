// Every attribution reason through HTTP, the commission it creates (or not), and the audit
// entry each decision leaves with the caller's request id and the facts it used.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../../../server/lib/clock";
import { auditEntries, convert, txn } from "../../../support/conversions";
import { createHarness, type Harness } from "../../../support/harness";

let h: Harness;
let ip = 0;
/** A click from a new visitor each time, so the hour's dedupe never returns an older click. */
async function freshClick(ref = "demo", key?: string) {
  ip += 1;
  const res = await h.click(ref, { ip: `198.51.100.${ip}`, ...(key ? { key } : {}) });
  expect(res.status).toBe(201);
  return res.body;
}

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

describe("POST /api/v1/conversions: attributed", () => {
  it("attributes a click and pays the percent commission, audited with the request id", async () => {
    const click = await freshClick();
    const transaction = txn();
    const res = await convert(
      h,
      { click_id: click.click_id, external_transaction_id: transaction },
      { requestId: "req_merchant-checkout-42" },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("X-Request-Id")).toBe("req_merchant-checkout-42");
    expect(res.body).toMatchObject({
      object: "conversion",
      mode: "test",
      status: "attributed",
      reason: "ATTRIBUTED",
      click_id: click.click_id,
      partner_id: h.partner.id,
      program_id: h.program.id,
      external_transaction_id: transaction,
      amount_cents: 4900,
      refunded_amount_cents: 0,
      currency: "EUR",
      source: "api",
      occurred_at: h.clock.now().toISOString(),
      commission: {
        amount_cents: 980,
        reversed_amount_cents: 0,
        currency: "EUR",
        status: "pending",
      },
    });
    expect(res.body.id).toMatch(/^conv_/);
    expect(res.body.commission.id).toMatch(/^com_/);

    const commission = await h.services.store.db
      .selectFrom("commissions")
      .selectAll()
      .where("conversion_id", "=", res.body.id)
      .executeTakeFirstOrThrow();
    expect(commission).toMatchObject({ partner_id: h.partner.id, amount_cents: 980, mode: "test" });

    const [entry, ...others] = await auditEntries(h, { request_id: "req_merchant-checkout-42" });
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      merchant_id: h.merchant.merchant_id,
      mode: "test",
      action: "attribution",
      decision: "attributed",
      reason: "ATTRIBUTED",
      click_id: click.click_id,
      conversion_id: res.body.id,
      external_transaction_id: transaction,
      stripe_event_id: null,
    });
    expect(entry?.facts).toMatchObject({
      click_id: click.click_id,
      conversion_mode: "test",
      occurred_at: h.clock.now().toISOString(),
      click: {
        id: click.click_id,
        mode: "test",
        created_at: h.clock.now().toISOString(),
        partner_id: h.partner.id,
        partner_status: "approved",
        expires_at: click.expires_at,
        attribution_model: "last_click",
      },
      window_ends_at: click.expires_at,
      commission_rule: { type: "percent", percent: 20 },
      commission: { amount_cents: 980, currency: "EUR" },
    });
  });

  it("pays a flat commission in the program's currency", async () => {
    const program = await h.createProgram({
      commission: { type: "flat", amount_cents: 500, currency: "USD" },
    });
    await h.createPartner({ program_id: program.id, ref: "flat-partner" });
    const click = await freshClick("flat-partner");
    const res = await convert(h, { click_id: click.click_id, amount_cents: 12_345 });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe("attributed");
    expect(res.body.commission).toMatchObject({ amount_cents: 500, currency: "USD" });
  });

  it("rounds a percent commission to whole cents, halves up", async () => {
    const program = await h.createProgram({ commission: { type: "percent", percent: 9.2 } });
    await h.createPartner({ program_id: program.id, ref: "rounding" });
    const click = await freshClick("rounding");
    const res = await convert(h, { click_id: click.click_id, amount_cents: 375 });
    expect(res.body.commission.amount_cents).toBe(35);
  });

  it("generates a request id when none is sent and stores it with the decision", async () => {
    const res = await convert(h, {});
    const requestId = res.headers.get("X-Request-Id");
    expect(requestId).toMatch(/^req_/);
    const entries = await auditEntries(h, { conversion_id: res.body.id });
    expect(entries.map((e) => e.request_id)).toEqual([requestId]);
  });

  it("keeps customer_id, metadata and a past occurred_at (normalised to UTC)", async () => {
    const res = await convert(h, {
      customer_id: "cus_42",
      metadata: { plan: "pro", coupon: "SPRING" },
      occurred_at: "2026-01-15T13:00:00+02:00",
      event_type: "signup",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      customer_id: "cus_42",
      metadata: { plan: "pro", coupon: "SPRING" },
      occurred_at: "2026-01-15T11:00:00.000Z",
      event_type: "signup",
    });
    const read = await h.get(`/api/v1/conversions/${res.body.id}`, {
      key: h.merchant.keys.sk_test,
    });
    expect(read.body).toEqual(res.body);
  });
});

describe("POST /api/v1/conversions: each reason it is not attributed", () => {
  async function expectUnattributed(body: Record<string, unknown>, reason: string, key?: string) {
    const requestId = `req_${reason}_${txn()}`;
    const res = await convert(h, body, { requestId, ...(key ? { key } : {}) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: "unattributed", reason, commission: null });
    const commissions = await h.services.store.db
      .selectFrom("commissions")
      .select("id")
      .where("conversion_id", "=", res.body.id)
      .execute();
    expect(commissions).toEqual([]);
    const [entry] = await auditEntries(h, { request_id: requestId });
    expect(entry).toMatchObject({
      conversion_id: res.body.id,
      decision: "unattributed",
      reason,
    });
    return { res, entry: entry! };
  }

  it.each([
    ["absent", {}],
    ["null", { click_id: null }],
    ["empty", { click_id: "" }],
    ["blank", { click_id: "   " }],
  ])("CLICK_ID_MISSING when click_id is %s", async (_label, body) => {
    const { res, entry } = await expectUnattributed(body, "CLICK_ID_MISSING");
    expect(res.body.click_id).toBeNull();
    expect(res.body.partner_id).toBeNull();
    expect(entry.facts).toMatchObject({ click_id: null, click: null });
  });

  it("CLICK_NOT_FOUND for an unknown click id, which stays on the conversion", async () => {
    const { res, entry } = await expectUnattributed(
      { click_id: "clk_doesnotexist000000000000" },
      "CLICK_NOT_FOUND",
    );
    expect(res.body.click_id).toBe("clk_doesnotexist000000000000");
    expect(entry.click_id).toBe("clk_doesnotexist000000000000");
    expect(entry.facts).toMatchObject({ click: null });
  });

  it("MODE_MISMATCH: a test click reported with sk_live", async () => {
    const click = await freshClick();
    const { res, entry } = await expectUnattributed(
      { click_id: click.click_id },
      "MODE_MISMATCH",
      h.merchant.keys.sk_live,
    );
    expect(res.body.mode).toBe("live");
    expect(res.body.partner_id).toBeNull();
    expect(entry.mode).toBe("live");
    expect(entry.facts).toMatchObject({ conversion_mode: "live", click: { mode: "test" } });
    // The live log names the test click but tells nothing about it: modes never mix.
    expect(entry.facts.click).toEqual({ id: click.click_id, mode: "test" });
    expect(entry.facts.window_ends_at).toBeNull();
    const overApi = await h.get(`/api/v1/audit-log?conversion_id=${res.body.id}`, {
      key: h.merchant.keys.sk_live,
    });
    const served = JSON.stringify(overApi.body);
    expect(served).toContain(click.click_id);
    expect(served).not.toContain(h.partner.id);
    expect(served).not.toContain(h.program.id);
  });

  it("judges the window by the click's own expires_at, even after the program's window changed", async () => {
    const click = await freshClick();
    const sk = h.merchant.keys.sk_test;
    await h.patch(`/api/v1/programs/${h.program.id}`, {
      key: sk,
      body: { attribution_window_days: 1 },
    });
    try {
      h.clock.advance(2 * DAY_MS);
      const res = await convert(h, { click_id: click.click_id });
      // The snippet was told 30 days; narrowing the program later applies to new clicks.
      expect(res.body.reason).toBe("ATTRIBUTED");
      const [entry] = await auditEntries(h, { conversion_id: res.body.id });
      expect(entry?.facts.window_ends_at).toBe(click.expires_at);
    } finally {
      await h.patch(`/api/v1/programs/${h.program.id}`, {
        key: sk,
        body: { attribution_window_days: 30 },
      });
    }
  });

  it("MODE_MISMATCH: a live click reported with sk_test", async () => {
    const click = await freshClick("demo", h.merchant.keys.pk_live);
    expect(click.mode).toBe("live");
    await expectUnattributed({ click_id: click.click_id }, "MODE_MISMATCH");
  });

  it("ATTRIBUTION_WINDOW_EXPIRED after the program's window; the window's last moment still counts", async () => {
    const click = await freshClick();
    h.clock.advance(30 * DAY_MS);
    const lastMoment = await convert(h, { click_id: click.click_id });
    expect(lastMoment.body.reason).toBe("ATTRIBUTED");
    h.clock.advance(1);
    const { res, entry } = await expectUnattributed(
      { click_id: click.click_id },
      "ATTRIBUTION_WINDOW_EXPIRED",
    );
    expect(res.body.partner_id).toBe(h.partner.id);
    expect(entry.facts).toMatchObject({
      occurred_at: h.clock.now().toISOString(),
      click: { expires_at: click.expires_at },
      window_ends_at: click.expires_at,
    });
  });

  it("CLICK_AFTER_CONVERSION: a sale dated more than 5 minutes before its click, explained in the audit log", async () => {
    const click = await freshClick();
    const clickTime = h.clock.now().getTime();
    h.clock.advance(DAY_MS);
    const saleTime = new Date(clickTime - 5 * 60_000 - 1).toISOString();
    const { res, entry } = await expectUnattributed(
      { click_id: click.click_id, occurred_at: saleTime },
      "CLICK_AFTER_CONVERSION",
    );
    expect(res.body.partner_id).toBe(h.partner.id);
    expect(entry.facts).toMatchObject({
      occurred_at: saleTime,
      click: { created_at: new Date(clickTime).toISOString() },
    });
    const log = await h.get(`/api/v1/audit-log?conversion_id=${res.body.id}`, {
      key: h.merchant.keys.sk_test,
    });
    const decision = log.body.data.find(
      (item: { reason: string }) => item.reason === "CLICK_AFTER_CONVERSION",
    );
    expect(decision.explanation.cause).toContain("before its click");
  });

  it("a sale dated up to 5 minutes before its click is clock drift: attributed", async () => {
    const click = await freshClick();
    const saleTime = new Date(h.clock.now().getTime() - 5 * 60_000).toISOString();
    const res = await convert(h, { click_id: click.click_id, occurred_at: saleTime });
    expect(res.body.reason).toBe("ATTRIBUTED");
  });

  it("judges the window by occurred_at: a late report of an early sale is attributed", async () => {
    const click = await freshClick();
    const saleTime = new Date(h.clock.now().getTime() + 2 * DAY_MS).toISOString();
    h.clock.advance(40 * DAY_MS);
    const res = await convert(h, { click_id: click.click_id, occurred_at: saleTime });
    expect(res.body.reason).toBe("ATTRIBUTED");
  });

  it.each(["pending", "rejected", "suspended"] as const)(
    "PARTNER_NOT_APPROVED for a %s partner: recorded, no commission",
    async (status) => {
      const partner = await h.createPartner({ ref: `p-${status}`, status });
      const click = await freshClick(`p-${status}`);
      const { res, entry } = await expectUnattributed(
        { click_id: click.click_id },
        "PARTNER_NOT_APPROVED",
      );
      expect(res.body.partner_id).toBe(partner.id);
      expect(entry.facts).toMatchObject({ click: { partner_status: status } });
      const stored = await h.get(`/api/v1/conversions/${res.body.id}`, {
        key: h.merchant.keys.sk_test,
      });
      expect(stored.status).toBe(200);
      expect(stored.body.reason).toBe("PARTNER_NOT_APPROVED");
    },
  );

  it("a partner suspended after the click: the status at conversion time decides", async () => {
    const partner = await h.createPartner({ ref: "later-suspended" });
    const click = await freshClick("later-suspended");
    await h.services.store.db
      .updateTable("partners")
      .set({ status: "suspended" })
      .where("id", "=", partner.id)
      .execute();
    await expectUnattributed({ click_id: click.click_id }, "PARTNER_NOT_APPROVED");
  });
});

describe("first-click and last-click programs", () => {
  it.each(["first_click", "last_click"] as const)(
    "a %s program attributes the click id given, and the click response named the model",
    async (model) => {
      const program = await h.createProgram({ attribution_model: model });
      const a = await h.createPartner({ program_id: program.id, ref: `${model}-a` });
      const b = await h.createPartner({ program_id: program.id, ref: `${model}-b` });
      // One visitor follows partner A's link, then partner B's.
      const clickA = await h.click(`${model}-a`, { ip: "192.0.2.200" });
      const clickB = await h.click(`${model}-b`, { ip: "192.0.2.200" });
      expect(clickA.body.attribution_model).toBe(model);
      expect(clickB.body.attribution_model).toBe(model);
      // The snippet keeps A's click under first_click and B's under last_click; the server
      // credits whichever click id the merchant reports.
      const kept = model === "first_click" ? clickA : clickB;
      const res = await convert(h, { click_id: kept.body.click_id });
      expect(res.body).toMatchObject({
        status: "attributed",
        partner_id: model === "first_click" ? a.id : b.id,
        program_id: program.id,
      });
      const [entry] = await auditEntries(h, { conversion_id: res.body.id });
      expect(entry?.facts).toMatchObject({ click: { attribution_model: model } });
    },
  );
});

describe("GET /api/v1/conversions", () => {
  it("lists newest first with commissions, filters and pagination", async () => {
    const fresh = await createHarness();
    try {
      const sk = fresh.merchant.keys.sk_test;
      const click = await fresh.click("demo");
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await convert(fresh, {
          click_id: i === 1 ? null : click.body.click_id,
          external_transaction_id: `order-${i}`,
        });
        ids.unshift(res.body.id);
        fresh.clock.advance(1000);
      }
      const all = await fresh.get("/api/v1/conversions", { key: sk });
      expect(all.status).toBe(200);
      expect(all.body.has_more).toBe(false);
      expect(all.body.data.map((c: { id: string }) => c.id)).toEqual(ids);
      expect(all.body.data[0].commission.amount_cents).toBe(980);
      expect(all.body.data[1].commission).toBeNull();

      const page1 = await fresh.get("/api/v1/conversions?limit=2", { key: sk });
      expect(page1.body.data.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 2));
      expect(page1.body.has_more).toBe(true);
      const page2 = await fresh.get(`/api/v1/conversions?limit=2&starting_after=${ids[1]}`, {
        key: sk,
      });
      expect(page2.body.data.map((c: { id: string }) => c.id)).toEqual(ids.slice(2));
      expect(page2.body.has_more).toBe(false);

      const filters: Array<[string, string[]]> = [
        [`click_id=${click.body.click_id}`, [ids[0]!, ids[2]!]],
        ["external_transaction_id=order-1", [ids[1]!]],
        [`partner_id=${fresh.partner.id}`, [ids[0]!, ids[2]!]],
        ["status=unattributed", [ids[1]!]],
        ["status=attributed", [ids[0]!, ids[2]!]],
      ];
      for (const [query, expected] of filters) {
        const res = await fresh.get(`/api/v1/conversions?${query}`, { key: sk });
        expect(
          res.body.data.map((c: { id: string }) => c.id),
          query,
        ).toEqual(expected);
      }
    } finally {
      await fresh.close();
    }
  });

  it("counts recorded conversions in /metrics by status and reason", async () => {
    await convert(h, {});
    const metrics = await h.get("/metrics");
    expect(metrics.text).toMatch(
      /selgeo_conversions_total\{mode="test",status="unattributed",reason="CLICK_ID_MISSING"\} [1-9]/,
    );
    expect(metrics.text).toMatch(
      /selgeo_conversions_total\{mode="test",status="attributed",reason="ATTRIBUTED"\} [1-9]/,
    );
  });
});
