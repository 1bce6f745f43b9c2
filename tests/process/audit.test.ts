// `selgeo audit <id>` as support runs it against the service's database (and over the API): a
// request id, a click id, a conversion id or an external transaction id → the decision trail,
// each reason in the troubleshooting guide's words. Unknown ids exit 1 with a sentence.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeAuditEntry } from "../../server/audit/repository";
import { DAY_MS } from "../../server/lib/clock";
import { scoped } from "../../server/store/tenant";
import { selgeo } from "../fixtures/doctor/cli";
import { convert } from "../support/conversions";
import { createHarness, type Harness } from "../support/harness";
import { type Listening, listen } from "../support/http-server";

let h: Harness;
let api: Listening;
let env: Record<string, string>;
const ids = {
  click: "",
  idleClick: "",
  attributed: "",
  missingRequestId: "",
  expiredTxn: "txn_audit_expired",
};

beforeAll(async () => {
  h = await createHarness();
  api = await listen(h.app, { services: h.services });
  env = { DATABASE_URL: h.databaseUrl };
  ids.click = (await h.click("demo")).body.click_id;
  ids.idleClick = (await h.click("demo", { ip: "198.51.100.20" })).body.click_id;
  const expiringClick = (await h.click("demo", { ip: "198.51.100.30" })).body.click_id;

  const attributed = await convert(
    h,
    { click_id: ids.click, external_transaction_id: "txn_audit_1001" },
    { requestId: "order-1001" },
  );
  expect(attributed.body.status).toBe("attributed");
  ids.attributed = attributed.body.id;
  h.clock.advance(60_000);
  const retry = await convert(
    h,
    { click_id: ids.click, external_transaction_id: "txn_audit_1001" },
    { requestId: "order-1001-retry" },
  );
  expect(retry.status).toBe(409);
  h.clock.advance(60_000);
  const refund = await h.post(`/api/v1/conversions/${ids.attributed}/refunds`, {
    key: h.merchant.keys.sk_test,
    body: { amount_cents: 1000 },
  });
  expect(refund.status).toBe(201);

  const missing = await convert(h, { external_transaction_id: "txn_audit_noclick" });
  expect(missing.body.reason).toBe("CLICK_ID_MISSING");
  ids.missingRequestId = missing.headers.get("x-request-id")!;

  h.clock.advance(31 * DAY_MS);
  const expired = await convert(h, {
    click_id: expiringClick,
    external_transaction_id: ids.expiredTxn,
  });
  expect(expired.body.reason).toBe("ATTRIBUTION_WINDOW_EXPIRED");

  // What the Stripe webhook handler writes for an event it had nothing to do for.
  const tenant = scoped(h.services.store.db, { merchantId: h.merchant.merchant_id, mode: "test" });
  await writeAuditEntry(tenant, h.clock, {
    requestId: "req_stripe_delivery",
    action: "stripe_event",
    decision: "ignored",
    reason: "NO_CLICK_ID",
    stripeEventId: "evt_audit_1",
    facts: { event_type: "checkout.session.completed" },
  });
});

afterAll(async () => {
  await api?.close();
  await h?.close();
});

describe("selgeo audit from the database", () => {
  it("a generated request id: the unattributed conversion and why, in the guide's words", async () => {
    expect(ids.missingRequestId).toMatch(/^req_/);
    const res = await selgeo(["audit", ids.missingRequestId], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`Attribution Audit Log for ${ids.missingRequestId} (request id)`);
    expect(res.stdout).toContain("attribution: unattributed — CLICK_ID_MISSING");
    expect(res.stdout).toContain("Conversions not attributed › Missing or invalid click_id");
    expect(res.stdout).toContain(
      "The click_id links a conversion to its originating click; without it, Selgeo cannot attribute the conversion to a partner.",
    );
    expect(res.stdout).toContain("aff_click_id");
    expect(res.stdout).toContain(`merchant ${h.merchant.merchant_id}`);
  });

  it("an external transaction id: an expired attribution window, with the facts it used", async () => {
    const res = await selgeo(["audit", ids.expiredTxn], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("(request id or external transaction id): 1 entry");
    expect(res.stdout).toContain("attribution: unattributed — ATTRIBUTION_WINDOW_EXPIRED");
    expect(res.stdout).toContain("Conversions not attributed › Attribution window expired");
    expect(res.stdout).toContain("Check your program's attribution window");
    expect(res.stdout).toMatch(/window_ends_at: \d{4}-/);
    expect(res.stdout).toMatch(/click\.expires_at: \d{4}-/);
  });

  it("a request id the merchant chose: the attributed conversion", async () => {
    const res = await selgeo(["audit", "order-1001"], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("attribution: attributed — ATTRIBUTED");
    expect(res.stdout).toContain(`conversion ${ids.attributed}`);
    expect(res.stdout).toContain("commission.amount_cents: 980");
    expect(res.stdout).not.toContain("CONVERSION_DUPLICATE");
  });

  it("a click id: the click, then every decision that cited it, oldest first", async () => {
    const res = await selgeo(["audit", ids.click], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`Click ${ids.click}: test mode, ref demo`);
    const attributed = res.stdout.indexOf("attribution: attributed — ATTRIBUTED");
    const duplicate = res.stdout.indexOf("attribution: rejected — CONVERSION_DUPLICATE");
    const refund = res.stdout.indexOf("refund: ");
    expect(attributed).toBeGreaterThan(0);
    expect(duplicate).toBeGreaterThan(attributed);
    expect(refund).toBeGreaterThan(duplicate);
    expect(res.stdout).toContain("Conversions not attributed › Duplicate conversion");
    expect(res.stdout).toContain("is bookkeeping the troubleshooting guide does not cover");
  });

  it("a conversion id, as JSON: the entries in the API's shape with their explanations", async () => {
    const res = await selgeo(["audit", ids.attributed, "--json"], env);
    expect(res.code, res.stderr).toBe(0);
    const trail = JSON.parse(res.stdout);
    expect(trail).toMatchObject({ id: ids.attributed, fields: ["conversion_id"], click: null });
    expect(trail.entries.map((e: { reason: string }) => e.reason)).toEqual([
      "ATTRIBUTED",
      "CONVERSION_DUPLICATE",
      "REFUNDED_IN_PART",
    ]);
    expect(trail.entries[0]).toMatchObject({
      object: "audit_entry",
      merchant_id: h.merchant.merchant_id,
      mode: "test",
      request_id: "order-1001",
      click_id: ids.click,
    });
    expect(trail.entries[1].explanation.fix).toMatch(/idempotent retries/);
    expect(trail.entries[2].explanation).toBeNull();
  });

  it("a Stripe event id: what the webhook decided about it", async () => {
    const res = await selgeo(["audit", "evt_audit_1"], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("evt_audit_1 (Stripe event id): 1 entry");
    expect(res.stdout).toContain("stripe_event: ignored — NO_CLICK_ID");
    expect(res.stdout).toContain("event_type: checkout.session.completed");
  });

  it("a click nothing has cited yet is found, and says so", async () => {
    const res = await selgeo(["audit", ids.idleClick], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`Click ${ids.idleClick}: test mode`);
    expect(res.stdout).toContain("No conversion has cited this click yet");
  });

  it("an unknown id exits 1 with a sentence naming what was searched", async () => {
    const [unknownConversion, unknownOther] = await Promise.all([
      selgeo(["audit", "conv_doesnotexist000000000000"], env),
      selgeo(["audit", "order-9999"], env),
    ]);
    expect(unknownConversion.code).toBe(1);
    expect(unknownConversion.stdout).toBe("");
    expect(unknownConversion.stderr).toContain(
      'Nothing in the Attribution Audit Log has the conversion id "conv_doesnotexist000000000000"',
    );
    expect(unknownOther.code).toBe(1);
    expect(unknownOther.stderr).toContain(
      'has the request id or external transaction id "order-9999"',
    );
  });

  it("says so when there is no database, instead of creating one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "selgeo-audit-"));
    try {
      const res = await selgeo(["audit", "order-1001"], {
        DATABASE_URL: `file:${join(dir, "none.db")}`,
      });
      expect(res.code).toBe(2);
      expect(res.stderr).toContain(`No database at ${join(dir, "none.db")}`);
      expect(res.stderr).toContain("--api");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("selgeo audit over the API", () => {
  it("finds a conversion's trail with the merchant's secret key of its mode", async () => {
    const res = await selgeo([
      "audit",
      ids.attributed,
      "--api",
      api.url,
      "--key",
      h.merchant.keys.sk_test,
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`from the API ${api.url} (test mode`);
    expect(res.stdout).toContain("attribution: attributed — ATTRIBUTED");
    expect(res.stdout).toContain("Conversions not attributed › Duplicate conversion");
  });

  it("a Stripe event id needs the database, and says so", async () => {
    const res = await selgeo(["audit", "evt_audit_1", "--api", api.url], {
      SELGEO_API_KEY: h.merchant.keys.sk_test,
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("The API does not look audit entries up by Stripe event id");
  });

  it("another mode's key sees nothing (exit 1); a refused key and an unreachable API exit 2", async () => {
    const [liveKey, revoked, down] = await Promise.all([
      selgeo(["audit", ids.expiredTxn, "--api", api.url], {
        SELGEO_API_KEY: h.merchant.keys.sk_live,
      }),
      selgeo(["audit", ids.expiredTxn, "--api", api.url, "--key", `sk_test_${"x".repeat(30)}`]),
      selgeo([
        "audit",
        ids.expiredTxn,
        "--api",
        "http://127.0.0.1:9",
        "--key",
        h.merchant.keys.sk_test,
      ]),
    ]);
    expect(liveKey.code).toBe(1);
    expect(liveKey.stderr).toContain("live mode");
    expect(revoked.code).toBe(2);
    expect(revoked.stderr).toMatch(/The API refused the key/);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/Cannot reach the API at http:\/\/127\.0\.0\.1:9/);
  });
});
