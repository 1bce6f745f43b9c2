import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../server/contract/errors";
import { verifyStripeWebhook } from "../../../server/stripe/verify";

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

function failure(run: () => unknown): { code: string; reason: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, reason: error.details?.reason };
    throw error;
  }
  throw new Error("expected a failure");
}

describe("verifyStripeWebhook", () => {
  it("verifies with the test secret and gives test mode", () => {
    const body = payload(false);
    const { event, mode } = verifyStripeWebhook(
      body,
      sign(body, TEST),
      { test: TEST, live: LIVE },
      NOW_MS,
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
    expect(result.mode).toBe("live");
  });

  it("takes the mode from livemode when both modes share one secret", () => {
    const body = payload(true);
    const result = verifyStripeWebhook(body, sign(body, TEST), { test: TEST, live: TEST }, NOW_MS);
    expect(result.mode).toBe("live");
  });

  it("refuses livemode that does not match the secret that signed", () => {
    const body = payload(true);
    expect(
      failure(() =>
        verifyStripeWebhook(body, sign(body, TEST), { test: TEST, live: LIVE }, NOW_MS),
      ),
    ).toEqual({
      code: "WEBHOOK_SIGNATURE_INVALID",
      reason: "livemode_mismatch",
    });
  });

  it("accepts a signature exactly 5 minutes old and refuses one a second older", () => {
    const body = payload();
    expect(
      verifyStripeWebhook(body, sign(body, TEST, NOW - 300), { test: TEST }, NOW_MS).mode,
    ).toBe("test");
    expect(
      failure(() => verifyStripeWebhook(body, sign(body, TEST, NOW - 301), { test: TEST }, NOW_MS)),
    ).toEqual({
      code: "WEBHOOK_SIGNATURE_INVALID",
      reason: "stale_timestamp",
    });
  });

  it("measures age against the given time, not the machine's clock", () => {
    const body = payload();
    const header = sign(body, TEST, NOW);
    expect(verifyStripeWebhook(body, header, { test: TEST }, NOW_MS + 299_000).mode).toBe("test");
    expect(
      failure(() => verifyStripeWebhook(body, header, { test: TEST }, NOW_MS + 302_000)).reason,
    ).toBe("stale_timestamp");
  });

  it.each([
    ["missing_header", undefined],
    ["missing_header", "  "],
    ["malformed_header", "v1=abc"],
    ["malformed_header", `t=${NOW}`],
    ["no_matching_signature", `t=${NOW},v1=${"0".repeat(64)}`],
  ])("refuses with %s for header %j", (reason, header) => {
    expect(
      failure(() => verifyStripeWebhook(payload(), header, { test: TEST }, NOW_MS)).reason,
    ).toBe(reason);
  });

  it("refuses when the merchant has no secret, whatever the signature", () => {
    const body = payload();
    expect(failure(() => verifyStripeWebhook(body, sign(body, TEST), {}, NOW_MS)).reason).toBe(
      "not_configured",
    );
  });

  it("refuses a body signed with a secret the merchant does not have", () => {
    const body = payload();
    expect(
      failure(() =>
        verifyStripeWebhook(body, sign(body, "whsec_someoneElse0000"), { test: TEST }, NOW_MS),
      ).reason,
    ).toBe("no_matching_signature");
  });

  it("answers INVALID_JSON for a signed body that is not JSON", () => {
    const body = "{oops";
    expect(
      failure(() => verifyStripeWebhook(body, sign(body, TEST), { test: TEST }, NOW_MS)).code,
    ).toBe("INVALID_JSON");
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
  ])("answers VALIDATION_ERROR for signed JSON with %s", (_name, body) => {
    expect(
      failure(() => verifyStripeWebhook(body, sign(body, TEST), { test: TEST }, NOW_MS)).code,
    ).toBe("VALIDATION_ERROR");
  });
});
