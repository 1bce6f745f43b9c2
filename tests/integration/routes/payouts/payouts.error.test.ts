// Bad payout requests answer the contract's envelope, never a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../support/harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

describe("payouts: errors", () => {
  it.each([
    [{}, "reference"],
    [{ reference: "" }, "reference"],
    [{ reference: "R", commission_ids: [] }, "commission_ids"],
    [{ reference: "R", extra: 1 }, "extra"],
  ])("POST %j → 400 VALIDATION_ERROR naming %s", async (body, field) => {
    const res = await h.post("/api/v1/payouts", { key: h.merchant.keys.sk_test, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(JSON.stringify(res.body.error.details)).toContain(field);
  });

  it("nothing due → 409 NOTHING_TO_PAY; unknown payout → 404; no key → 401", async () => {
    const sk = h.merchant.keys.sk_test;
    const none = await h.post("/api/v1/payouts", { key: sk, body: { reference: "EMPTY" } });
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe("NOTHING_TO_PAY");
    expect((await h.get("/api/v1/payouts/po_unknown", { key: sk })).status).toBe(404);
    expect((await h.get("/api/v1/payouts/preview")).status).toBe(401);
    expect((await h.get("/api/v1/commissions/export?status=nope", { key: sk })).status).toBe(400);
  });

  it("test and live payouts never mix", async () => {
    const live = await h.get("/api/v1/payouts/preview", { key: h.merchant.keys.sk_live });
    expect(live.body).toMatchObject({ mode: "live", data: [] });
  });
});
