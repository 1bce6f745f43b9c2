// Recurring commissions as the Stripe handler records them (invoice.paid): credited to the
// partner of the subscription's first payment while the program's recurring_months last,
// counted in payments from the first (recurring_months 2: the first payment and one renewal).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMonths } from "../../../server/attribution/decide";
import {
  type ConversionContext,
  type ConversionServices,
  type RecurringOf,
  recordConversion,
  recordRecurringConversion,
} from "../../../server/conversions/record";
import { auditEntries, txn } from "../../support/conversions";
import { createHarness, type Harness } from "../../support/harness";

let h: Harness;
let ip = 0;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

const ctx = (requestId = `req_${txn()}`): ConversionContext => ({
  merchantId: h.merchant.merchant_id,
  mode: "test",
  requestId,
  source: "stripe",
  stripeEventId: `evt_${txn()}`,
});

const sale = (overrides: Record<string, unknown> = {}) => ({
  event_type: "subscription",
  external_transaction_id: txn("in"),
  amount_cents: 2000,
  currency: "EUR",
  ...overrides,
});

async function subscription(recurringMonths: number, status: "approved" | "pending" = "approved") {
  const program = await h.createProgram({
    recurring_months: recurringMonths,
    commission: { type: "percent", percent: 10 },
  });
  ip += 1;
  const ref = `sub-${ip}`;
  const partner = await h.createPartner({ program_id: program.id, ref, status });
  const click = await h.click(ref, { ip: `203.0.113.${ip}` });
  const first = await recordConversion(h.services, ctx(), {
    ...sale(),
    click_id: click.body.click_id,
  });
  if (first.kind !== "recorded") throw new Error("the first payment was not recorded");
  return { program, partner, click: click.body, first: first.conversion };
}

/** A renewal that must have been recorded (not a duplicate, its first conversion found). */
async function renew(
  services: ConversionServices,
  context: ConversionContext,
  input: ReturnType<typeof sale>,
  recurringOf: RecurringOf,
) {
  const outcome = await recordRecurringConversion(services, context, input, recurringOf);
  if (outcome.kind !== "recorded")
    throw new Error(`expected a recorded renewal, got ${outcome.kind}`);
  return outcome;
}

describe("recordRecurringConversion", () => {
  it("recurring_months 2: first payment and one renewal → two commissions; then none", async () => {
    const { partner, first } = await subscription(2);
    expect(first.status).toBe("attributed");
    const results = [];
    for (const month of [1, 2, 3]) {
      // Renewals are paid an hour after their period starts, long after the click's window.
      const periodStart = addMonths(first.occurred_at, month);
      h.clock.set(new Date(Date.parse(periodStart) + 3_600_000));
      results.push(
        await renew(h.services, ctx(), sale({ event_type: "renewal" }), {
          firstConversionId: first.id,
          periodStart,
        }),
      );
    }
    expect(results.map((r) => r.decision.reason)).toEqual([
      "ATTRIBUTED",
      "ATTRIBUTION_WINDOW_EXPIRED",
      "ATTRIBUTION_WINDOW_EXPIRED",
    ]);
    expect(results.map((r) => r.commission?.amount_cents ?? null)).toEqual([200, null, null]);
    expect(results[0]?.conversion).toMatchObject({
      partner_id: partner.id,
      click_id: first.click_id,
      source: "stripe",
    });
    const commissions = await h.services.store.db
      .selectFrom("commissions")
      .select("id")
      .where("partner_id", "=", partner.id)
      .execute();
    expect(commissions).toHaveLength(2);

    const [expired] = await auditEntries(h, { conversion_id: results[1]!.conversion.id });
    expect(expired?.stripe_event_id).toMatch(/^evt_/);
    expect(expired?.facts).toMatchObject({
      source: "stripe",
      recurring: { first_conversion_id: first.id, recurring_months: 2 },
      recurring_earns_before: new Date(
        Date.parse(addMonths(first.occurred_at, 2)) - 86_400_000,
      ).toISOString(),
    });
  });

  it("recurring_months 0 pays the first payment only", async () => {
    const { first } = await subscription(0);
    const renewal = await renew(h.services, ctx(), sale(), {
      firstConversionId: first.id,
      periodStart: addMonths(first.occurred_at, 1),
    });
    expect(renewal.decision.reason).toBe("ATTRIBUTION_WINDOW_EXPIRED");
  });

  it("a partner suspended since the first payment earns no renewal commission", async () => {
    const { partner, first } = await subscription(12);
    await h.services.store.db
      .updateTable("partners")
      .set({ status: "suspended" })
      .where("id", "=", partner.id)
      .execute();
    const renewal = await renew(h.services, ctx(), sale(), {
      firstConversionId: first.id,
    });
    expect(renewal.decision.reason).toBe("PARTNER_NOT_APPROVED");
    expect(renewal.commission).toBeNull();
  });

  it("a renewal of an unattributed first payment keeps its reason, even if the partner is approved since", async () => {
    const { partner, first } = await subscription(12, "pending");
    expect(first.reason).toBe("PARTNER_NOT_APPROVED");
    await h.services.store.db
      .updateTable("partners")
      .set({ status: "approved" })
      .where("id", "=", partner.id)
      .execute();
    const renewal = await renew(h.services, ctx(), sale(), {
      firstConversionId: first.id,
    });
    expect(renewal.decision).toEqual({ decision: "unattributed", reason: "PARTNER_NOT_APPROVED" });
  });

  it("ignores a click id in the renewal's input: the first payment's click decides", async () => {
    const { first } = await subscription(12);
    const renewal = await renew(h.services, ctx(), sale({ click_id: "clk_somethingelse" }), {
      firstConversionId: first.id,
    });
    expect(renewal.conversion.click_id).toBe(first.click_id);
    expect(renewal.decision.reason).toBe("ATTRIBUTED");
  });

  it("an unknown first conversion is not found; the other mode's is unknown too", async () => {
    const { first } = await subscription(12);
    expect(
      await recordRecurringConversion(h.services, ctx(), sale(), {
        firstConversionId: "conv_nope",
      }),
    ).toEqual({ kind: "first_conversion_not_found" });
    expect(
      await recordRecurringConversion(h.services, { ...ctx(), mode: "live" }, sale(), {
        firstConversionId: first.id,
      }),
    ).toEqual({ kind: "first_conversion_not_found" });
  });

  it("a renewal reported twice (same invoice) is a duplicate", async () => {
    const { first } = await subscription(12);
    const invoice = sale();
    const once = await renew(h.services, ctx(), invoice, { firstConversionId: first.id });
    expect(
      await recordRecurringConversion(h.services, ctx(), invoice, { firstConversionId: first.id }),
    ).toMatchObject({ kind: "duplicate", conversion: { id: once.conversion.id } });
  });
});
