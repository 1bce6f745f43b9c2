// Deliveries refused before anything is read from them: 400, nothing recorded.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../support/harness";
import {
  checkoutSession,
  connectStripe,
  deliver,
  LIVE_SECRET,
  signatureHeader,
  stripeEvent,
  TEST_SECRET,
  unix,
} from "../../support/stripe-events";
import { type TableCounts, tableCounts } from "../../support/stripe-tables";

let h: Harness;
let before: TableCounts;

beforeAll(async () => {
  h = await createHarness();
  await connectStripe(h);
});
afterAll(async () => h.close());

function purchase() {
  return stripeEvent(h, "checkout.session.completed", checkoutSession(h));
}

/** A refused delivery must leave every table as it was. */
async function expectNothingRecorded() {
  expect(await tableCounts(h)).toEqual(before);
}

describe("refused deliveries: 400 and nothing recorded", () => {
  beforeEach(async () => {
    before = await tableCounts(h);
  });

  it("no Stripe-Signature header", async () => {
    const res = await deliver(h, purchase(), { header: null });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: "WEBHOOK_SIGNATURE_INVALID",
      details: { reason: "missing_header" },
    });
    expect(res.body.error.message).toMatch(/Stripe-Signature/);
    await expectNothingRecorded();
  });

  it("a signature made with another secret", async () => {
    const res = await deliver(h, purchase(), { secret: "whsec_notTheMerchantsSecret000000" });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: "WEBHOOK_SIGNATURE_INVALID",
      details: { reason: "no_matching_signature" },
    });
    await expectNothingRecorded();
  });

  it("a body changed after signing", async () => {
    const event = purchase();
    const signed = JSON.stringify(event, null, 2);
    const header = signatureHeader(signed, TEST_SECRET, unix(h));
    const tampered = signed.replace('"amount_total": 4900', '"amount_total": 490000');
    expect(tampered).not.toBe(signed);
    const res = await deliver(h, tampered, { header });
    expect(res.status).toBe(400);
    expect(res.body.error.details.reason).toBe("no_matching_signature");
    await expectNothingRecorded();
  });

  it("a stale timestamp (older than 5 minutes)", async () => {
    const res = await deliver(h, purchase(), { timestamp: unix(h) - 301 });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: "WEBHOOK_SIGNATURE_INVALID",
      details: { reason: "stale_timestamp" },
    });
    await expectNothingRecorded();
  });

  it("a signature replayed six minutes after it was made", async () => {
    const event = purchase();
    const payload = JSON.stringify(event);
    const header = signatureHeader(payload, TEST_SECRET, unix(h));
    h.clock.advance(6 * 60_000);
    const res = await deliver(h, payload, { header });
    expect(res.status).toBe(400);
    expect(res.body.error.details.reason).toBe("stale_timestamp");
    await expectNothingRecorded();
  });

  it("a malformed header", async () => {
    const res = await deliver(h, purchase(), { header: "sha256=deadbeef" });
    expect(res.status).toBe(400);
    expect(res.body.error.details.reason).toBe("malformed_header");
    await expectNothingRecorded();
  });

  it("a non-JSON body, unsigned or signed", async () => {
    const unsigned = await deliver(h, "this is not json", { header: "t=1,v1=abc" });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.code).toBe("WEBHOOK_SIGNATURE_INVALID");

    const signed = await deliver(h, "{not json", { secret: TEST_SECRET });
    expect(signed.status).toBe(400);
    expect(signed.body.error.code).toBe("INVALID_JSON");
    await expectNothingRecorded();
  });

  it("an empty body", async () => {
    const res = await deliver(h, "", { header: "t=1,v1=abc" });
    expect(res.status).toBe(400);
    await expectNothingRecorded();
  });

  it("signed JSON that is not a Stripe event", async () => {
    const res = await deliver(h, JSON.stringify({ hello: "world" }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    await expectNothingRecorded();
  });

  it("an event whose livemode does not match the secret that signed it", async () => {
    const live = stripeEvent(
      h,
      "checkout.session.completed",
      checkoutSession(h, { livemode: true }),
      {
        livemode: true,
      },
    );
    const res = await deliver(h, live, { secret: TEST_SECRET });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: "WEBHOOK_SIGNATURE_INVALID",
      details: { reason: "livemode_mismatch" },
    });
    expect(res.body.error.message).toMatch(/sk_live_/);

    const test = purchase();
    const res2 = await deliver(h, test, { secret: LIVE_SECRET });
    expect(res2.status).toBe(400);
    expect(res2.body.error.details.reason).toBe("livemode_mismatch");
    await expectNothingRecorded();
  });

  it("an unknown merchant, or a path that is no merchant id", async () => {
    for (const merchantId of ["mer_DoesNotExist000000000000", "..%2F..%2Fetc", "x".repeat(300)]) {
      const res = await deliver(h, purchase(), { merchantId });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: "WEBHOOK_SIGNATURE_INVALID",
        details: { reason: "no_matching_signature" },
      });
    }
    await expectNothingRecorded();
  });

  it("a merchant that has not set a signing secret", async () => {
    const other = await h.otherMerchant("No Stripe Yet");
    const res = await deliver(h, purchase(), { merchantId: other.merchant_id });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/PUT \/api\/v1\/integrations\/stripe/);
    await expectNothingRecorded();
  });

  it("a body over 256 KiB: 413", async () => {
    const session = { ...checkoutSession(h), metadata: { padding: "x".repeat(300 * 1024) } };
    const res = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("PAYLOAD_TOO_LARGE");
    await expectNothingRecorded();
  });

  it("accepts a body over the API's 16 KiB (Stripe payloads are larger)", async () => {
    const session = { ...checkoutSession(h), metadata: { note: "x".repeat(40 * 1024) } };
    const res = await deliver(h, stripeEvent(h, "checkout.session.completed", session));
    expect(res.status).toBe(200);
  });

  it("GET on the webhook path: 405", async () => {
    const res = await h.get(`/api/v1/webhooks/stripe/${h.merchant.merchant_id}`);
    expect(res.status).toBe(405);
  });
});
