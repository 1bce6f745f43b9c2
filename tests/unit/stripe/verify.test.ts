import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { type Verification, verifyStripeWebhook } from "../../../server/stripe/verify";

const TEST = "whsec_unitTestSecret000000000000";
const LIVE = "whsec_unitLiveSecret000000000000";
const NOW_MS = Date.parse("2026-01-15T12:00:00.000Z");
const NOW = NOW_MS / 1000;

function payload(livemode = false, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    id: "evt_1UnitTest",
    object: "event",
    type: "checkout.session.completed",
    livemode,
    created: NOW,
    data: { object: { id: "cs_test_1", object: "checkout.session" } },
    ...extra,
  });
}

const sign = (body: string, secret: string, timestamp = NOW) =>
  Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });

function verified(result: Verification) {
  if (!result.ok) throw new Error(`expected a verified event, refused: ${result.refusal}`);
  return result;
}

function refusal(result: Verification) {
  if (result.ok) throw new Error("expected a refusal");
  return result.refusal;
}

describe("verifyStripeWebhook", () => {
  it("verifies with the test secret and gives test mode", () => {
    const body = payload(false);
    const { event, mode } = verified(
      verifyStripeWebhook(body, sign(body, TEST), { test: TEST, live: LIVE }, NOW_MS),
    );
    expect(mode).toBe("test");
    expect(event).toMatchObject({
      id: "evt_1UnitTest",
      type: "checkout.session.completed",
      created: NOW,
    });
    expect(event.object).toMatchObject({ id: "cs_test_1" });
  });

  it("verifies with the live secret and gives live mode", () => {
    const body = payload(true);
    const result = verifyStripeWebhook(body, sign(body, LIVE), { test: TEST, live: LIVE }, NOW_MS);
    expect(verified(result).mode).toBe("live");
  });

  it("takes the mode from livemode when both modes share one secret", () => {
    const body = payload(true);
    const result = verifyStripeWebhook(body, sign(body, TEST), { test: TEST, live: TEST }, NOW_MS);
    expect(verified(result).mode).toBe("live");
  });

  it("refuses livemode that does not match the secret that signed", () => {
    const body = payload(true);
    expect(verifyStripeWebhook(body, sign(body, TEST), { test: TEST, live: LIVE }, NOW_MS)).toEqual(
      { ok: false, refusal: "livemode_mismatch", livemode: true, signedWith: "test" },
    );
  });

  it("accepts a signature exactly 5 minutes old and refuses one a second older", () => {
    const body = payload();
    expect(
      verified(verifyStripeWebhook(body, sign(body, TEST, NOW - 300), { test: TEST }, NOW_MS)).mode,
    ).toBe("test");
    expect(
      refusal(verifyStripeWebhook(body, sign(body, TEST, NOW - 301), { test: TEST }, NOW_MS)),
    ).toBe("stale_timestamp");
  });

  it("accepts a signature dated 5 minutes ahead and refuses one a second further", () => {
    const body = payload();
    expect(
      verified(verifyStripeWebhook(body, sign(body, TEST, NOW + 300), { test: TEST }, NOW_MS)).mode,
    ).toBe("test");
    expect(
      refusal(verifyStripeWebhook(body, sign(body, TEST, NOW + 301), { test: TEST }, NOW_MS)),
    ).toBe("future_timestamp");
    // A year ahead: Stripe's library alone would accept it (it only checks the age).
    expect(
      refusal(
        verifyStripeWebhook(body, sign(body, TEST, NOW + 365 * 86_400), { test: TEST }, NOW_MS),
      ),
    ).toBe("future_timestamp");
  });

  it("measures age against the given time, not the machine's clock", () => {
    const body = payload();
    const header = sign(body, TEST, NOW);
    expect(verified(verifyStripeWebhook(body, header, { test: TEST }, NOW_MS + 299_000)).mode).toBe(
      "test",
    );
    expect(refusal(verifyStripeWebhook(body, header, { test: TEST }, NOW_MS + 302_000))).toBe(
      "stale_timestamp",
    );
  });

  it.each([
    ["missing_header", undefined],
    ["missing_header", "  "],
    ["malformed_header", "v1=abc"],
    ["malformed_header", `t=${NOW}`],
    ["no_matching_signature", `t=${NOW},v1=${"0".repeat(64)}`],
  ])("refuses with %s for header %j", (reason, header) => {
    expect(refusal(verifyStripeWebhook(payload(), header, { test: TEST }, NOW_MS))).toBe(reason);
  });

  it("refuses a merchant without a secret exactly like one with another secret", () => {
    const body = payload();
    const header = sign(body, TEST);
    const none = verifyStripeWebhook(body, header, {}, NOW_MS);
    const other = verifyStripeWebhook(body, header, { test: "whsec_anotherSecret0000" }, NOW_MS);
    expect(none).toEqual({ ok: false, refusal: "no_matching_signature" });
    expect(other).toEqual(none);
    // Even a stale or future-dated signature says nothing more without the secret.
    const stale = sign(body, TEST, NOW - 3600);
    expect(verifyStripeWebhook(body, stale, {}, NOW_MS)).toEqual(none);
  });

  it("refuses a body signed with a secret the merchant does not have", () => {
    const body = payload();
    expect(
      refusal(
        verifyStripeWebhook(body, sign(body, "whsec_someoneElse0000"), { test: TEST }, NOW_MS),
      ),
    ).toBe("no_matching_signature");
  });

  it("refuses a signed body that is not JSON", () => {
    const body = "{oops";
    expect(refusal(verifyStripeWebhook(body, sign(body, TEST), { test: TEST }, NOW_MS))).toBe(
      "not_json",
    );
  });

  it.each([
    ["an array", "[]"],
    ["no livemode", JSON.stringify({ id: "evt_1", type: "x", created: 1, data: { object: {} } })],
    [
      "no created",
      JSON.stringify({ id: "evt_1", type: "x", livemode: false, data: { object: {} } }),
    ],
    ["no data.object", JSON.stringify({ id: "evt_1", type: "x", livemode: false, data: {} })],
    ["a numeric id", JSON.stringify({ id: 1, type: "x", livemode: false, data: { object: {} } })],
    [
      "an id with a control character",
      JSON.stringify({
        id: "evt_\u0007",
        type: "x",
        livemode: false,
        created: 1,
        data: { object: {} },
      }),
    ],
    [
      "a created time past the year 9999",
      JSON.stringify({
        id: "evt_1",
        type: "x",
        livemode: false,
        created: 1e15,
        data: { object: {} },
      }),
    ],
  ])("refuses signed JSON with %s as not an event", (_name, body) => {
    expect(refusal(verifyStripeWebhook(body, sign(body, TEST), { test: TEST }, NOW_MS))).toBe(
      "not_an_event",
    );
  });
});
