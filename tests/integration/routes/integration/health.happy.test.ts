// GET /api/v1/integration/health from a merchant's real data, on SQLite and PostgreSQL: clicks from
// two origins, refusals from a refused origin (403, then 429), conversions through the API and
// Stripe with each reason and each CLICK_ID_MISSING source, Stripe deliveries refused for a bad
// signature and for a mode without a secret. Every finding comes from that data through the API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_SUBJECTS_PER_DAY, OTHER_SUBJECT } from "../../../../server/health/counts";
import { dialectsUnderTest } from "../../../support/dialects";
import { createHarness, type Harness } from "../../../support/harness";
import { asDashboard, createDashboardUser, signIn } from "../../../support/session";
import {
  checkoutSession,
  deliver,
  invoice,
  LIVE_SECRET,
  stripeEvent,
  TEST_SECRET,
} from "../../../support/stripe-events";

const dialects = await dialectsUnderTest();
const SHOP = "https://shop.example";
const BLOG = "https://blog.example";
const EVIL = "https://evil.example";
const LIMIT = 6;

const byId = (report: any, id: string) => report.findings.find((f: any) => f.id === id);

describe.each(dialects)("integration health on $dialect", ({ dialect, available }) => {
  let h: Harness;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect, rateLimitPerMinute: LIMIT });
    const sk = h.merchant.keys.sk_test;
    const pending = await h.createPartner({ ref: "pend", status: "pending" });
    ids.pendingPartner = pending.id;

    // Clicks from the merchant's pages (and a live-mode one).
    const c1 = await h.click("demo", { ip: "198.51.100.1", headers: { Origin: SHOP } });
    ids.click = c1.body.click_id;
    await h.click("demo", { ip: "198.51.100.2", headers: { Origin: SHOP } });
    await h.click("demo", { ip: "198.51.100.3", headers: { Origin: BLOG } });
    const pend = await h.click("pend", { ip: "198.51.100.4", headers: { Origin: SHOP } });
    const live = await h.click("demo", {
      key: h.merchant.keys.pk_live,
      ip: "198.51.100.5",
      headers: { Origin: SHOP },
    });

    // Conversions through the API: each reason.
    const convert = async (txn: string, clickId?: string) => {
      const res = await h.post("/api/v1/conversions", {
        key: sk,
        body: {
          event_type: "purchase",
          external_transaction_id: txn,
          amount_cents: 4900,
          currency: "EUR",
          ...(clickId ? { click_id: clickId } : {}),
        },
      });
      expect(res.status).toBe(201);
      return res.body;
    };
    ids.apiMissing = (await convert("txn_missing")).id;
    ids.mismatch = (await convert("txn_mismatch", live.body.click_id)).id;
    ids.notApproved = (await convert("txn_pending", pend.body.click_id)).id;
    ids.notFound = (await convert("txn_unknown", "clk_doesNotExist123")).id;
    expect((await convert("txn_ok", ids.click)).status).toBe("attributed");

    // Stripe, test mode only: a session without click id, a Payment Link's, a subscription's
    // first payment and its renewal.
    const put = await h.put("/api/v1/integrations/stripe", {
      key: sk,
      body: { webhook_secret: TEST_SECRET },
    });
    expect(put.status).toBe(200);
    const plain = await deliver(
      h,
      stripeEvent(h, "checkout.session.completed", checkoutSession(h)),
    );
    ids.checkout = plain.body.conversion_id;
    const link = await deliver(
      h,
      stripeEvent(
        h,
        "checkout.session.completed",
        checkoutSession(h, { paymentLink: "plink_1Abc" }),
      ),
    );
    ids.paymentLink = link.body.conversion_id;
    const sub = checkoutSession(h, { mode: "subscription" });
    expect((await deliver(h, stripeEvent(h, "checkout.session.completed", sub))).body.outcome).toBe(
      "pending",
    );
    // Its first invoice says the subscription has no click id either: recorded CLICK_ID_MISSING.
    await deliver(
      h,
      stripeEvent(
        h,
        "invoice.paid",
        invoice(h, {
          subscription: sub.subscription as string,
          id: sub.invoice as string,
          billingReason: "subscription_create",
        }),
      ),
    );
    const renewal = await deliver(
      h,
      stripeEvent(
        h,
        "invoice.paid",
        invoice(h, {
          subscription: sub.subscription as string,
          billingReason: "subscription_cycle",
        }),
      ),
    );
    ids.renewal = renewal.body.conversion_id;
    expect(renewal.body.reason).toBe("CLICK_ID_MISSING");
    // A delivery whose signature fails (test mode), and a live event while live has no secret.
    const bad = await deliver(h, stripeEvent(h, "checkout.session.completed", checkoutSession(h)), {
      header: "t=1,v1=0000",
    });
    expect(bad.status).toBe(400);
    ids.badRequest = bad.body.error.request_id;
    const liveEvent = await deliver(
      h,
      stripeEvent(h, "checkout.session.completed", checkoutSession(h, { livemode: true }), {
        livemode: true,
      }),
      { secret: LIVE_SECRET },
    );
    expect(liveEvent.status).toBe(400);
    ids.liveRequest = liveEvent.body.error.request_id;

    // The merchant locks its key to its shop; a stranger's page floods it.
    await h.patch("/api/v1/settings", { key: sk, body: { allowed_origins: [SHOP] } });
    const flood: number[] = [];
    for (let i = 0; i < LIMIT + 3; i++) {
      flood.push(
        (await h.click("demo", { ip: `203.0.113.${i}`, headers: { Origin: EVIL } })).status,
      );
    }
    expect(flood).toEqual([...Array(LIMIT).fill(403), 429, 429, 429]);
  }, 120_000);
  afterAll(async () => h?.close());

  it.runIf(available)("reports the counts of the period", async () => {
    const res = await h.get("/api/v1/integration/health", { key: h.merchant.keys.sk_test });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r).toMatchObject({ object: "integration_health", mode: "test" });
    expect(r.clicks_by_origin).toEqual([
      { origin: SHOP, clicks: 3 },
      { origin: BLOG, clicks: 1 },
    ]);
    expect(r.clicks_failed_in_browser).toEqual([]);
    const reasons = Object.fromEntries(
      r.conversions_by_reason.map((x: any) => [x.reason, x.conversions]),
    );
    expect(reasons).toEqual({
      CLICK_ID_MISSING: 5,
      MODE_MISMATCH: 1,
      PARTNER_NOT_APPROVED: 1,
      CLICK_NOT_FOUND: 1,
      ATTRIBUTED: 1,
    });
    expect(r.click_id_missing_by_source).toEqual([
      { source: "api", conversions: 1 },
      { source: "stripe_checkout", conversions: 2 },
      { source: "stripe_payment_link", conversions: 1 },
      { source: "stripe_invoice", conversions: 1 },
    ]);
    const pkId = await h.services.store.db
      .selectFrom("api_keys")
      .select("id")
      .where("merchant_id", "=", h.merchant.merchant_id)
      .where("kind", "=", "pk")
      .where("mode", "=", "test")
      .executeTakeFirstOrThrow();
    expect(r.refusals).toEqual([
      { key_id: pkId.id, origin: EVIL, code: "ORIGIN_NOT_ALLOWED", count: LIMIT },
      { key_id: pkId.id, origin: EVIL, code: "RATE_LIMITED", count: 3 },
    ]);
    expect(r.stripe).toMatchObject({
      configured_modes: ["test"],
      signature_failures: 1,
      unconfigured_mode_events: 0,
    });
    expect(r.stripe.last_event.type).toBe("invoice.paid");
  });

  it.runIf(available)("names each problem as a finding with its fix and evidence", async () => {
    const r = (await h.get("/api/v1/integration/health", { key: h.merchant.keys.sk_test })).body;
    expect(r.findings.map((f: any) => f.id).sort()).toEqual(
      [
        "server-click-id-missing-api",
        "server-click-id-missing-payment-link",
        "server-click-id-missing-stripe-checkout",
        "server-click-id-missing-stripe-invoice",
        "server-click-not-found",
        "server-mode-mismatch",
        "server-origin-not-allowed",
        "server-partner-not-approved",
        "server-rate-limited",
        "server-stripe-signature-failures",
      ].sort(),
    );
    // Worst first.
    const order = { error: 0, warning: 1, info: 2 } as Record<string, number>;
    const severities = r.findings.map((f: any) => order[f.severity]);
    expect(severities).toEqual([...severities].sort());
    for (const f of r.findings) {
      expect(f.section.length).toBeGreaterThan(0);
      expect(f.symptom.length).toBeGreaterThan(0);
      expect(f.fix.length).toBeGreaterThan(0);
      expect(f.evidence.length).toBeGreaterThan(0);
    }
    const api = byId(r, "server-click-id-missing-api");
    expect(api).toMatchObject({ severity: "error", section: "click_id missing" });
    expect(api.evidence.join("\n")).toContain(ids.apiMissing);
    expect(api.fix).toContain("__selgeo?.getClickId()");
    expect(byId(r, "server-click-id-missing-stripe-checkout").evidence.join("\n")).toContain(
      ids.checkout,
    );
    expect(byId(r, "server-click-id-missing-stripe-checkout").fix).toContain("aff_click_id");
    expect(byId(r, "server-click-id-missing-payment-link").evidence.join("\n")).toContain(
      ids.paymentLink,
    );
    expect(byId(r, "server-click-id-missing-stripe-invoice").evidence.join("\n")).toContain(
      ids.renewal,
    );
    const mismatch = byId(r, "server-mode-mismatch");
    expect(mismatch).toMatchObject({ section: "Conversions not attributed", severity: "error" });
    expect(mismatch.evidence.join("\n")).toContain(ids.mismatch);
    const partner = byId(r, "server-partner-not-approved");
    expect(partner.severity).toBe("warning");
    expect(partner.evidence.join("\n")).toContain(ids.notApproved);
    expect(partner.fix).toContain(ids.pendingPartner);
    expect(byId(r, "server-click-not-found").evidence.join("\n")).toContain(ids.notFound);
    const limited = byId(r, "server-rate-limited");
    expect(limited).toMatchObject({ section: "Clicks not appearing", severity: "error" });
    expect(limited.evidence.join("\n")).toMatch(/from https:\/\/evil\.example: 3 requests refused/);
    expect(byId(r, "server-origin-not-allowed").evidence.join("\n")).toContain(
      `${EVIL}: ${LIMIT} requests refused`,
    );
    expect(byId(r, "server-stripe-signature-failures").evidence.join("\n")).toContain(
      ids.badRequest,
    );
  });

  it.runIf(available)("live mode: events for a mode without a signing secret", async () => {
    const r = (await h.get("/api/v1/integration/health", { key: h.merchant.keys.sk_live })).body;
    expect(r.mode).toBe("live");
    expect(r.stripe).toMatchObject({ configured_modes: ["test"], unconfigured_mode_events: 1 });
    const f = byId(r, "server-stripe-mode-not-configured");
    expect(f).toMatchObject({ severity: "error" });
    expect(f.cause).toContain("no live-mode signing secret is set");
    expect(f.evidence.join("\n")).toContain(ids.liveRequest);
    // Live data is its own: the test mode's problems are not in it.
    expect(byId(r, "server-click-id-missing-api")).toBeUndefined();
    expect(r.clicks_by_origin).toEqual([{ origin: SHOP, clicks: 1 }]);
  });

  it.runIf(available)("a dashboard session reads its mode's report", async () => {
    const user = await createDashboardUser(h);
    const session = await signIn(h, user.email, user.password);
    const res = await h.get("/api/v1/integration/health", asDashboard(session, "test"));
    expect(res.status).toBe(200);
    expect(byId(res.body, "server-mode-mismatch")).toBeDefined();
    const wrongMode = await h.get(
      "/api/v1/integration/health?mode=live",
      asDashboard(session, "test"),
    );
    expect(wrongMode.status).toBe(400);
    expect(wrongMode.body.error.details.fields.mode).toBeDefined();
  });

  it.runIf(available)("a period without data has no findings", async () => {
    const day = 86_400_000;
    const from = new Date(h.clock.now().getTime() + 2 * day).toISOString().slice(0, 10);
    const to = new Date(h.clock.now().getTime() + 3 * day).toISOString().slice(0, 10);
    const res = await h.get(`/api/v1/integration/health?created[gte]=${from}&created[lt]=${to}`, {
      key: h.merchant.keys.sk_test,
    });
    expect(res.status).toBe(200);
    expect(res.body.period).toEqual({ gte: `${from}T00:00:00.000Z`, lt: `${to}T00:00:00.000Z` });
    expect(res.body.clicks_by_origin).toEqual([]);
    expect(res.body.conversions_by_reason).toEqual([]);
    // Stripe's signature failures are in the period only when they were.
    expect(res.body.findings.map((f: any) => f.id)).toEqual([]);
  });

  it.runIf(available)("refuses bad parameters in the contract's shape", async () => {
    for (const query of [
      "created[gte]=2026-13-45",
      "created[gte]=2026-03-02&created[lt]=2026-03-01",
      "created[gte]=2024-01-01&created[lt]=2026-01-01",
      "mode=%00",
      "unknown=1",
    ]) {
      const res = await h.get(`/api/v1/integration/health?${query}`, {
        key: h.merchant.keys.sk_test,
      });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
    }
    const pk = await h.get("/api/v1/integration/health", { key: h.merchant.keys.pk_test });
    expect(pk.status).toBe(401);
  });

  it.runIf(available)("a flood of made-up origins adds a bounded number of rows", async () => {
    // The refused origins' budget is spent: every one of these is a counted 429.
    for (let i = 0; i < MAX_SUBJECTS_PER_DAY + 20; i++) {
      const res = await h.click("demo", {
        ip: `192.0.2.${i}`,
        headers: { Origin: `https://made-up-${i}.example` },
      });
      expect(res.status).toBe(429);
    }
    const r = (await h.get("/api/v1/integration/health", { key: h.merchant.keys.sk_test })).body;
    const limited = r.refusals.filter((x: any) => x.code === "RATE_LIMITED");
    expect(limited.length).toBeLessThanOrEqual(MAX_SUBJECTS_PER_DAY + 1);
    expect(limited.find((x: any) => x.origin === OTHER_SUBJECT)?.count).toBeGreaterThan(0);
    // Every request is still counted, in a named origin or in (other).
    expect(limited.reduce((n: number, x: any) => n + x.count, 0)).toBe(
      3 + MAX_SUBJECTS_PER_DAY + 20,
    );
    const rows = await h.services.store.db
      .selectFrom("daily_health")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("merchant_id", "=", h.merchant.merchant_id)
      .where("kind", "=", "refusal:RATE_LIMITED")
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBeLessThanOrEqual(MAX_SUBJECTS_PER_DAY + 1);
  });

  it.runIf(available)("a merchant with a secret and no event yet hears so", async () => {
    const other = await h.otherMerchant("Quiet Shop");
    await h.put("/api/v1/integrations/stripe", {
      key: other.keys.sk_test,
      body: { webhook_secret: TEST_SECRET },
    });
    const r = (await h.get("/api/v1/integration/health", { key: other.keys.sk_test })).body;
    expect(r.findings.map((f: any) => f.id)).toEqual(["server-stripe-no-events"]);
    expect(r.clicks_by_origin).toEqual([]);
  });
});
