// CLICK_ID_MISSING says why when the server can tell (conversion.reason_detail, also in the audit
// facts): a click that failed in the browser (the snippet's clk_failed_<ref> stand-in, through
// the API or a Payment Link), an API call without a click_id, a Stripe payment without a
// reference. Every other reason carries none. On SQLite and PostgreSQL.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAILED_CLICK_PREFIX } from "../../../server/contract/failed-click";
import { dialectsUnderTest } from "../../support/dialects";
import { createHarness, type Harness } from "../../support/harness";
import { checkoutSession, connectStripe, deliver, stripeEvent } from "../../support/stripe-events";
import { auditOfEvent, conversionsOf } from "../../support/stripe-tables";

const dialects = await dialectsUnderTest();

describe.each(dialects)(
  "CLICK_ID_MISSING with its reason_detail ($dialect)",
  ({ dialect, available }) => {
    let h: Harness;
    beforeAll(async () => {
      if (!available) return;
      h = await createHarness({ dialect });
      await connectStripe(h);
    });
    afterAll(async () => h?.close());

    const report = (clickId: string | null | undefined) =>
      h.post("/api/v1/conversions", {
        key: h.merchant.keys.sk_test,
        body: {
          ...(clickId === undefined ? {} : { click_id: clickId }),
          event_type: "purchase",
          external_transaction_id: `txn_${randomUUID()}`,
          amount_cents: 1000,
          currency: "EUR",
        },
      });
    const auditOf = async (conversionId: string) =>
      (
        await h.get(`/api/v1/audit-log?conversion_id=${conversionId}`, {
          key: h.merchant.keys.sk_test,
        })
      ).body.data[0];

    it.runIf(available)(
      "API: no click_id → api_without_click_id; null and blank alike",
      async () => {
        for (const clickId of [undefined, null, "  "]) {
          const res = await report(clickId);
          expect(res.status).toBe(201);
          expect(res.body).toMatchObject({
            reason: "CLICK_ID_MISSING",
            reason_detail: "api_without_click_id",
          });
        }
      },
    );

    it.runIf(available)(
      "API: the snippet's failed-click stand-in → click_failed_in_browser, no partner, the ref in the audit facts",
      async () => {
        const res = await report(`${FAILED_CLICK_PREFIX}demo`);
        expect(res.body).toMatchObject({
          status: "unattributed",
          reason: "CLICK_ID_MISSING",
          reason_detail: "click_failed_in_browser",
          click_id: `${FAILED_CLICK_PREFIX}demo`,
          partner_id: null,
          commission: null,
        });
        const fetched = await h.get(`/api/v1/conversions/${res.body.id}`, {
          key: h.merchant.keys.sk_test,
        });
        expect(fetched.body.reason_detail).toBe("click_failed_in_browser");
        expect((await auditOf(res.body.id)).facts).toMatchObject({
          reason_detail: "click_failed_in_browser",
          failed_click_ref: "demo",
        });
      },
    );

    it.runIf(available)("other reasons carry no detail", async () => {
      const click = await h.click("demo", { ip: "198.51.100.91" });
      expect((await report(click.body.click_id)).body).toMatchObject({
        reason: "ATTRIBUTED",
        reason_detail: null,
      });
      expect((await report("clk_doesNotExist0000000000")).body).toMatchObject({
        reason: "CLICK_NOT_FOUND",
        reason_detail: null,
      });
    });

    it.runIf(available)(
      "Stripe: a session without a reference → stripe_without_reference",
      async () => {
        const session = checkoutSession(h);
        const event = stripeEvent(h, "checkout.session.completed", session);
        expect((await deliver(h, event)).body.reason).toBe("CLICK_ID_MISSING");
        const [conversion] = await conversionsOf(h, session.id);
        expect(conversion).toMatchObject({ reason_detail: "stripe_without_reference" });
        expect(JSON.parse((await auditOfEvent(h, event.id))[0]!.facts)).toMatchObject({
          reason_detail: "stripe_without_reference",
        });
      },
    );

    it.runIf(available)(
      "Stripe: a Payment Link decorated with the stand-in → click_failed_in_browser",
      async () => {
        const session = checkoutSession(h, {
          clientReferenceId: `${FAILED_CLICK_PREFIX}demo`,
          paymentLink: "plink_1QxYzAbCdEfGhIjK",
        });
        expect(
          (await deliver(h, stripeEvent(h, "checkout.session.completed", session))).body.reason,
        ).toBe("CLICK_ID_MISSING");
        const [conversion] = await conversionsOf(h, session.id);
        expect(conversion).toMatchObject({
          reason_detail: "click_failed_in_browser",
          partner_id: null,
        });
      },
    );
  },
);
