import { describe, expect, it } from "vitest";
import { normaliseFieldName, suggestField } from "../../../server/lib/field-suggestion";

const CONVERSION_FIELDS = [
  "click_id",
  "event_type",
  "external_transaction_id",
  "amount_cents",
  "currency",
  "customer_id",
  "occurred_at",
  "metadata",
];

describe("suggestField", () => {
  it("names the field another JSON convention spells differently", () => {
    for (const typo of ["clickId", "clickID", "click-id", "ClickId", "CLICK_ID", "click id"]) {
      expect(suggestField(typo, CONVERSION_FIELDS)).toBe("click_id");
    }
    expect(suggestField("amountCents", CONVERSION_FIELDS)).toBe("amount_cents");
    expect(suggestField("externalTransactionId", CONVERSION_FIELDS)).toBe(
      "external_transaction_id",
    );
    expect(suggestField("occurredAt", CONVERSION_FIELDS)).toBe("occurred_at");
  });

  it("names the field a typo of one or two letters meant", () => {
    expect(suggestField("amout_cents", CONVERSION_FIELDS)).toBe("amount_cents");
    expect(suggestField("curency", CONVERSION_FIELDS)).toBe("currency");
    expect(suggestField("click_ids", CONVERSION_FIELDS)).toBe("click_id");
    expect(suggestField("evnt_type", CONVERSION_FIELDS)).toBe("event_type");
  });

  it("suggests nothing for a field unlike every known one", () => {
    expect(suggestField("amount", CONVERSION_FIELDS)).toBeUndefined();
    expect(suggestField("price", CONVERSION_FIELDS)).toBeUndefined();
    expect(suggestField("zzz_unknown", CONVERSION_FIELDS)).toBeUndefined();
    expect(suggestField("", CONVERSION_FIELDS)).toBeUndefined();
    expect(suggestField("---", CONVERSION_FIELDS)).toBeUndefined();
    expect(suggestField("clickId", [])).toBeUndefined();
  });

  it("does not stretch short names into each other", () => {
    expect(suggestField("ip", ["id"])).toBeUndefined();
    expect(suggestField("ref", ["key"])).toBeUndefined();
    expect(suggestField("url", ["ur"])).toBeUndefined();
    expect(suggestField("kind", ["mind"])).toBe("mind");
  });

  it("prefers the closest of several near fields", () => {
    expect(suggestField("customerid", ["customer_id", "customers_ids"])).toBe("customer_id");
  });
});

describe("normaliseFieldName", () => {
  it("drops case and separators only", () => {
    expect(normaliseFieldName("Click-ID_x 1")).toBe("clickidx1");
  });
});
