// Every JSON request body of the API refuses a field it does not know (a misspelt field must
// not pass silently), naming it, and naming the field that was meant when it is a near miss.
// The operations come from the OpenAPI document, so a body added later is covered too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convert } from "../../support/conversions";
import { createHarness, type Harness } from "../../support/harness";

let h: Harness;
let conversionId: string;
beforeAll(async () => {
  h = await createHarness();
  conversionId = (await convert(h, { click_id: null, amount_cents: 4900 })).body.id;
});
afterAll(async () => h.close());

/** Bodies that are not the API's own: Stripe's events carry whatever fields Stripe adds. */
const FOREIGN_BODIES = new Set(["POST /api/v1/webhooks/stripe/{merchant_id}"]);

function concretePath(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (path.startsWith("/api/v1/programs/")) return h.program.id;
    if (path.startsWith("/api/v1/partners/")) return h.partner.id;
    if (path.startsWith("/api/v1/conversions/")) return conversionId;
    // The body is checked before the object is looked up: any id shows the refusal.
    if (/^\/api\/v1\/(webhook-endpoints|webhook-deliveries|commissions|payouts)\//.test(path)) {
      return `${name}_not_looked_up`;
    }
    throw new Error(`no value for {${name}} in ${path}: add one to this test`);
  });
}

function keyFor(operation: { security?: Array<Record<string, unknown>> }): string | undefined {
  const schemes = (operation.security ?? []).flatMap((entry) => Object.keys(entry));
  if (schemes.includes("SecretKey")) return h.merchant.keys.sk_test;
  if (schemes.includes("PublishableKey")) return h.merchant.keys.pk_test;
  return undefined;
}

describe("unknown fields in request bodies", () => {
  it("every JSON body refuses an unknown field with 400 VALIDATION_ERROR naming it", async () => {
    const doc = (await h.get("/api/v1/openapi.json")).body;
    const checked: string[] = [];
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        if (!operation.requestBody?.content?.["application/json"]) continue;
        const name = `${method.toUpperCase()} ${path}`;
        if (FOREIGN_BODIES.has(name)) continue;
        const key = keyFor(operation);
        const res = await h.call(method.toUpperCase(), concretePath(path), {
          ...(key ? { key } : {}),
          body: { zz_not_a_field: 1 },
        });
        expect(res.status, name).toBe(400);
        expect(res.body.error.code, name).toBe("VALIDATION_ERROR");
        expect(res.body.error.details.fields.zz_not_a_field, name).toBe("is not a known field");
        expect(res.body.error.message, name).toContain("zz_not_a_field");
        checked.push(name);
      }
    }
    // The bodies the API has today; more may come, none may go unchecked.
    expect(checked).toEqual(
      expect.arrayContaining([
        "POST /api/v1/clicks",
        "POST /api/v1/keys",
        "POST /api/v1/conversions",
        "POST /api/v1/conversions/{id}/refunds",
        "POST /api/v1/programs",
        "PATCH /api/v1/programs/{id}",
        "POST /api/v1/partners",
        "PATCH /api/v1/partners/{id}",
        "PATCH /api/v1/settings",
        "PUT /api/v1/integrations/stripe",
        "POST /api/v1/session",
      ]),
    );
  });

  it("a conversion with clickId, clickID, click-id is refused, naming click_id; nothing is recorded", async () => {
    for (const typo of ["clickId", "clickID", "click-id"]) {
      const res = await convert(h, {
        [typo]: "clk_whatever",
        external_transaction_id: `typo_${typo}`,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
      expect(res.body.error.details.fields[typo]).toBe(
        "is not a known field; did you mean click_id?",
      );
      expect(res.body.error.message).toContain(
        `${typo} is not a known field; did you mean click_id?`,
      );
      const listed = await h.get(`/api/v1/conversions?external_transaction_id=typo_${typo}`, {
        key: h.merchant.keys.sk_test,
      });
      expect(listed.body.data).toEqual([]);
    }
  });

  it("amountCents names amount_cents, beside the missing field's own message", async () => {
    const res = await h.post("/api/v1/conversions", {
      key: h.merchant.keys.sk_test,
      body: {
        event_type: "purchase",
        external_transaction_id: "t1",
        amountCents: 4900,
        currency: "EUR",
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.amountCents).toBe(
      "is not a known field; did you mean amount_cents?",
    );
    expect(res.body.error.details.fields.amount_cents).toBeTruthy();
  });

  it("a near miss inside a nested object names the nested field", async () => {
    const res = await h.post("/api/v1/programs", {
      key: h.merchant.keys.sk_test,
      body: { name: "P", commission: { type: "flat", amountCents: 500, currency: "EUR" } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields["commission.amountCents"]).toBe(
      "is not a known field; did you mean amount_cents?",
    );
  });

  it("a refund with a misspelt field is refused before anything is refunded", async () => {
    const res = await h.post(`/api/v1/conversions/${conversionId}/refunds`, {
      key: h.merchant.keys.sk_test,
      body: { amountCents: 100 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.amountCents).toBe(
      "is not a known field; did you mean amount_cents?",
    );
    const after = await h.get(`/api/v1/conversions/${conversionId}`, {
      key: h.merchant.keys.sk_test,
    });
    expect(after.body.refunded_amount_cents).toBe(0);
  });
});
