// How `selgeo audit` reads an id, and how a trail is written out.
import { describe, expect, it } from "vitest";
import { explainReason } from "../../../server/audit/explain";
import { formatAuditTrail } from "../../../server/support/audit/format";
import { describeFields, fieldsFor } from "../../../server/support/audit/lookup";
import type { TrailEntry } from "../../../server/support/audit/source";

describe("fieldsFor", () => {
  it("reads Selgeo's own ids by their prefix", () => {
    expect(fieldsFor("clk_abc")).toEqual(["click_id"]);
    expect(fieldsFor("conv_abc")).toEqual(["conversion_id"]);
    expect(fieldsFor("evt_abc")).toEqual(["stripe_event_id"]);
    expect(fieldsFor("req_abc")).toEqual(["request_id"]);
  });

  it("searches anything else as a caller's request id and as a transaction id", () => {
    expect(fieldsFor("order-1001")).toEqual(["request_id", "external_transaction_id"]);
    expect(fieldsFor("cs_test_a1b2")).toEqual(["request_id", "external_transaction_id"]);
    expect(describeFields(fieldsFor("txn_1"))).toBe("request id or external transaction id");
  });
});

function entry(overrides: Partial<TrailEntry>): TrailEntry {
  const { guide_section, cause, fix } = explainReason("ATTRIBUTION_WINDOW_EXPIRED")!;
  return {
    id: "aud_1",
    object: "audit_entry",
    created_at: "2026-03-01T10:00:00.000Z",
    mode: "live",
    request_id: "req_1",
    action: "attribution",
    decision: "unattributed",
    reason: "ATTRIBUTION_WINDOW_EXPIRED",
    click_id: "clk_1",
    conversion_id: "conv_1",
    external_transaction_id: "txn_1",
    stripe_event_id: null,
    facts: {
      window_ends_at: "2026-02-01T00:00:00.000Z",
      click: { expires_at: "2026-02-01T00:00:00.000Z" },
    },
    explanation: { guide_section, cause, fix },
    actor: null,
    merchant_id: "mer_1",
    ...overrides,
  };
}

describe("formatAuditTrail", () => {
  it("writes each decision with its subjects, its facts and the guide's explanation", () => {
    const text = formatAuditTrail({
      id: "conv_1",
      fields: ["conversion_id"],
      source: "the database file:x.db",
      click: null,
      entries: [entry({})],
    });
    expect(text).toContain(
      "Attribution Audit Log for conv_1 (conversion id): 1 entry, from the database file:x.db",
    );
    expect(text).toContain(
      "2026-03-01T10:00:00.000Z  attribution: unattributed — ATTRIBUTION_WINDOW_EXPIRED",
    );
    expect(text).toContain(
      "live mode · merchant mer_1 · request req_1 · conversion conv_1 · click clk_1 · transaction txn_1",
    );
    expect(text).toContain("      click.expires_at: 2026-02-01T00:00:00.000Z");
    expect(text).toContain("Guide:    Conversions not attributed › Attribution window expired");
    expect(text).toContain(`Fix:      ${explainReason("ATTRIBUTION_WINDOW_EXPIRED")!.fix}`);
  });

  it("an ATTRIBUTED decision: its cause, no guide heading and no fix", () => {
    const { guide_section, cause, fix } = explainReason("ATTRIBUTED")!;
    const text = formatAuditTrail({
      id: "conv_1",
      fields: ["conversion_id"],
      source: "x",
      click: null,
      entries: [
        entry({
          decision: "attributed",
          reason: "ATTRIBUTED",
          explanation: { guide_section, cause, fix },
        }),
      ],
    });
    expect(text).toContain("attribution: attributed — ATTRIBUTED");
    expect(text).toContain(`Cause:    ${cause}`);
    expect(text).not.toContain("Guide:");
    expect(text).not.toContain("not attributed");
  });

  it("says when a reason is bookkeeping the guide does not cover", () => {
    const text = formatAuditTrail({
      id: "conv_1",
      fields: ["conversion_id"],
      source: "x",
      click: null,
      entries: [
        entry({ action: "refund", reason: "REFUNDED_IN_FULL", explanation: null }),
        entry({ id: "aud_2" }),
      ],
    });
    expect(text).toContain("2 entries");
    expect(text).toContain(
      "(REFUNDED_IN_FULL is bookkeeping the troubleshooting guide does not cover.)",
    );
  });

  it("shows amounts in minor units in their currency: ¥5,000, not ¥50.00; 1.500 KWD", () => {
    const text = formatAuditTrail({
      id: "conv_1",
      fields: ["conversion_id"],
      source: "x",
      click: null,
      entries: [
        entry({
          action: "refund",
          reason: "REFUNDED_IN_PART",
          explanation: null,
          facts: {
            refund_cents: 5_000,
            currency: "JPY",
            commission: { amount_cents: 1_500, currency: "KWD" },
          },
        }),
      ],
    });
    expect(text).toContain("      refund_cents: 5000 (¥5,000)");
    expect(text).toContain("      commission.amount_cents: 1500 (KWD 1.500)");
  });
});
