// Bad input is a 4xx in the envelope, never a 5xx; duplicates are refused with the first
// conversion's id, also when 50 identical requests race (on SQLite and on PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../../../server/lib/clock";
import { auditEntries, convert, txn } from "../../../support/conversions";
import { dialectsUnderTest } from "../../../support/dialects";
import { createHarness, type Harness } from "../../../support/harness";

let h: Harness;
let sk: string;
beforeAll(async () => {
  h = await createHarness();
  sk = h.merchant.keys.sk_test;
});
afterAll(async () => h.close());

const valid = () => ({
  click_id: null,
  event_type: "purchase",
  external_transaction_id: txn(),
  amount_cents: 4900,
  currency: "EUR",
});

function expectEnvelope(
  res: { status: number; body: { error?: { code: string; request_id: string } } },
  status: number,
  code: string,
) {
  expect(res.status).toBe(status);
  expect(res.body.error?.code).toBe(code);
  expect(res.body.error?.request_id).toBeTruthy();
}

async function storedCount(): Promise<number> {
  const row = await h.services.store.db
    .selectFrom("conversions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("POST /api/v1/conversions: bad input", () => {
  it("malformed JSON → 400 INVALID_JSON, empty body too", async () => {
    for (const rawBody of ['{"amount_cents": 49', "not json", ""]) {
      const res = await h.post("/api/v1/conversions", {
        key: sk,
        rawBody,
        headers: { "Content-Type": "application/json" },
      });
      expectEnvelope(res, 400, "INVALID_JSON");
    }
  });

  it("a body that is not an object → 400 VALIDATION_ERROR", async () => {
    for (const body of [[], null, 42, "text"]) {
      const res = await h.post("/api/v1/conversions", { key: sk, body });
      expectEnvelope(res, 400, "VALIDATION_ERROR");
    }
  });

  it("missing fields → 400 naming each one", async () => {
    const res = await h.post("/api/v1/conversions", { key: sk, body: {} });
    expectEnvelope(res, 400, "VALIDATION_ERROR");
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual([
      "amount_cents",
      "currency",
      "event_type",
      "external_transaction_id",
    ]);
  });

  it.each([
    ["amount_cents as a string", { amount_cents: "4900" }, "amount_cents"],
    ["a negative amount", { amount_cents: -1 }, "amount_cents"],
    ["a fractional amount", { amount_cents: 49.5 }, "amount_cents"],
    ["an absurdly large amount", { amount_cents: 1e20 }, "amount_cents"],
    ["an amount just over the limit", { amount_cents: 10_000_000_001 }, "amount_cents"],
    ["amount_cents null", { amount_cents: null }, "amount_cents"],
    ["an unknown currency", { currency: "XYZ" }, "currency"],
    ["a currency name", { currency: "EURO" }, "currency"],
    ["an empty currency", { currency: "" }, "currency"],
    ["a numeric currency", { currency: 978 }, "currency"],
    ["click_id as a number", { click_id: 123 }, "click_id"],
    ["click_id with a control character", { click_id: "clk_a\u0000b" }, "click_id"],
    ["an overlong click_id", { click_id: `clk_${"a".repeat(300)}` }, "click_id"],
    ["event_type as a number", { event_type: 5 }, "event_type"],
    ["an empty event_type", { event_type: "" }, "event_type"],
    ["event_type with spaces", { event_type: "big purchase" }, "event_type"],
    ["an empty transaction id", { external_transaction_id: "" }, "external_transaction_id"],
    [
      "a transaction id with NUL",
      { external_transaction_id: "t\u0000x" },
      "external_transaction_id",
    ],
    [
      "a transaction id with a newline",
      { external_transaction_id: "t\nx" },
      "external_transaction_id",
    ],
    [
      "a transaction id with a bidi override",
      { external_transaction_id: "txn\u202e1" },
      "external_transaction_id",
    ],
    [
      "a transaction id with a zero-width space",
      { external_transaction_id: "txn\u200b1" },
      "external_transaction_id",
    ],
    ["a padded transaction id", { external_transaction_id: " txn_1 " }, "external_transaction_id"],
    [
      "an overlong transaction id",
      { external_transaction_id: "t".repeat(201) },
      "external_transaction_id",
    ],
    ["a numeric transaction id", { external_transaction_id: 12345 }, "external_transaction_id"],
    ["occurred_at not a time", { occurred_at: "yesterday" }, "occurred_at"],
    ["occurred_at without a zone", { occurred_at: "2026-01-15 12:00" }, "occurred_at"],
    ["occurred_at in the future", { occurred_at: "2026-01-16T12:00:00Z" }, "occurred_at"],
    ["metadata as a string", { metadata: "plan=pro" }, "metadata"],
    ["metadata with a number value", { metadata: { plan: 1 } }, "metadata.plan"],
    ["metadata with a nested object", { metadata: { plan: { a: "b" } } }, "metadata.plan"],
    ["a customer_id with a control character", { customer_id: "cus\u0007" }, "customer_id"],
  ])("%s → 400 naming the field", async (_label, override, field) => {
    const before = await storedCount();
    const res = await convert(h, { ...valid(), ...override });
    expectEnvelope(res, 400, "VALIDATION_ERROR");
    expect(Object.keys(res.body.error.details.fields)).toContain(field);
    expect(res.body.error.message).toContain(field);
    expect(await storedCount()).toBe(before);
  });

  it("too many metadata keys → 400", async () => {
    const metadata = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "v"]));
    const res = await convert(h, { ...valid(), metadata });
    expectEnvelope(res, 400, "VALIDATION_ERROR");
  });

  it("a 1 MiB body → 413 PAYLOAD_TOO_LARGE, nothing stored", async () => {
    const before = await storedCount();
    const res = await convert(h, { ...valid(), metadata: { blob: "x".repeat(1024 * 1024) } });
    expectEnvelope(res, 413, "PAYLOAD_TOO_LARGE");
    expect(await storedCount()).toBe(before);
  });

  it("accepts printable unicode in ids, lower-case currencies and a clock a little ahead", async () => {
    const res = await convert(h, {
      ...valid(),
      external_transaction_id: "commande-été-№5-注文",
      customer_id: "client 😀",
      currency: "eur",
      occurred_at: new Date(h.clock.now().getTime() + 2 * 60_000).toISOString(),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      external_transaction_id: "commande-été-№5-注文",
      customer_id: "client 😀",
      currency: "EUR",
    });
  });

  it("accepts a zero amount (a sign-up) and the largest amount", async () => {
    expect((await convert(h, { ...valid(), amount_cents: 0, event_type: "signup" })).status).toBe(
      201,
    );
    expect((await convert(h, { ...valid(), amount_cents: 10_000_000_000 })).status).toBe(201);
  });

  it("an unknown field → 400 naming it (a misspelt field must not lose the attribution)", async () => {
    const res = await convert(h, { ...valid(), coupon: "X" });
    expectEnvelope(res, 400, "VALIDATION_ERROR");
    expect(res.body.error.details.fields.coupon).toBe("is not a known field");
  });
});

describe("GET /api/v1/conversions: bad input", () => {
  it("an unknown id → 404 NOT_FOUND", async () => {
    const res = await h.get("/api/v1/conversions/conv_nope", { key: sk });
    expectEnvelope(res, 404, "NOT_FOUND");
  });

  it.each(["limit=0", "limit=101", "limit=abc", "status=refunded", "starting_after=conv_nope"])(
    "list with %s → 400",
    async (query) => {
      const res = await h.get(`/api/v1/conversions?${query}`, { key: sk });
      expectEnvelope(res, 400, "VALIDATION_ERROR");
    },
  );

  it("wrong method → 405 with Allow", async () => {
    const res = await h.call("DELETE", "/api/v1/conversions", { key: sk });
    expectEnvelope(res, 405, "METHOD_NOT_ALLOWED");
  });
});

describe("409 CONVERSION_DUPLICATE", () => {
  it("refuses the same transaction again, naming the first, and audits the refusal", async () => {
    const body = valid();
    const first = await convert(h, body);
    expect(first.status).toBe(201);
    const again = await convert(h, { ...body, amount_cents: 1 }, { requestId: "req_retry-1" });
    expectEnvelope(again, 409, "CONVERSION_DUPLICATE");
    expect(again.body.error.details).toEqual({
      conversion_id: first.body.id,
      external_transaction_id: body.external_transaction_id,
      status: "unattributed",
      reason: "CLICK_ID_MISSING",
      commission: null,
    });
    expect(again.body.error.message).toContain(first.body.id);
    const [entry] = await auditEntries(h, { request_id: "req_retry-1" });
    expect(entry).toMatchObject({
      action: "attribution",
      decision: "rejected",
      reason: "CONVERSION_DUPLICATE",
      conversion_id: first.body.id,
      external_transaction_id: body.external_transaction_id,
    });
    expect(entry?.facts).toMatchObject({ first_conversion_id: first.body.id });
  });

  it("carries the first conversion's outcome: status, reason and commission, as its 201 did", async () => {
    const click = await h.click("demo", { ip: "192.0.2.77" });
    const body = { ...valid(), click_id: click.body.click_id };
    const first = await convert(h, body);
    expect(first.body.status).toBe("attributed");
    const again = await convert(h, body);
    expectEnvelope(again, 409, "CONVERSION_DUPLICATE");
    expect(again.body.error.details).toMatchObject({
      conversion_id: first.body.id,
      status: "attributed",
      reason: "ATTRIBUTED",
      commission: first.body.commission,
    });
    expect(again.body.error.details.commission.id).toMatch(/^com_/);
  });

  it("also after the first was refunded and time has passed", async () => {
    const body = valid();
    const first = await convert(h, body);
    await h.post(`/api/v1/conversions/${first.body.id}/refunds`, {
      key: sk,
      body: { amount_cents: 4900 },
    });
    h.clock.advance(400 * DAY_MS);
    const again = await convert(h, body);
    expectEnvelope(again, 409, "CONVERSION_DUPLICATE");
    expect(again.body.error.details.conversion_id).toBe(first.body.id);
  });

  it("is per mode and per merchant: the same id elsewhere is a new conversion", async () => {
    const body = valid();
    expect((await convert(h, body)).status).toBe(201);
    expect((await convert(h, body, { key: h.merchant.keys.sk_live })).status).toBe(201);
    const other = await h.otherMerchant();
    expect((await convert(h, body, { key: other.keys.sk_test })).status).toBe(201);
  });
});

const dialects = await dialectsUnderTest();

describe.each(dialects)("50 identical conversions racing on $dialect", ({ dialect, available }) => {
  let race: Harness;
  beforeAll(async () => {
    if (available) race = await createHarness({ dialect });
  });
  afterAll(async () => race?.close());

  it.runIf(available)("exactly one 201, 49 × 409 naming it, one conversion stored", async () => {
    const click = await race.click("demo");
    const body = {
      click_id: click.body.click_id,
      event_type: "purchase",
      external_transaction_id: "txn_race",
      amount_cents: 4900,
      currency: "EUR",
    };
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => convert(race, body, { requestId: `req_race_${i}` })),
    );
    const created = results.filter((r) => r.status === 201);
    const duplicates = results.filter((r) => r.status === 409);
    expect(created).toHaveLength(1);
    expect(duplicates).toHaveLength(49);
    const winner = created[0]!.body.id;
    for (const res of duplicates) {
      expect(res.body.error.code).toBe("CONVERSION_DUPLICATE");
      expect(res.body.error.details.conversion_id).toBe(winner);
    }
    const { db } = race.services.store;
    const conversions = await db
      .selectFrom("conversions")
      .select("id")
      .where("external_transaction_id", "=", "txn_race")
      .execute();
    expect(conversions).toEqual([{ id: winner }]);
    const commissions = await db
      .selectFrom("commissions")
      .select("conversion_id")
      .where("merchant_id", "=", race.merchant.merchant_id)
      .execute();
    expect(commissions).toEqual([{ conversion_id: winner }]);
    const decisions = await auditEntries(race, { external_transaction_id: "txn_race" });
    expect(decisions.filter((e) => e.reason === "ATTRIBUTED")).toHaveLength(1);
    expect(decisions.filter((e) => e.reason === "CONVERSION_DUPLICATE")).toHaveLength(49);
  });
});
