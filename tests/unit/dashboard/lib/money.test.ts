import { describe, expect, it } from "vitest";
import { formatMoney, parseMoney } from "../../../../server/dashboard/src/lib/money";

describe("money in the currency's own units", () => {
  it("formats minor units with Stripe's number of decimals", () => {
    expect(formatMoney(4900, "EUR", "en-US")).toBe("€49.00");
    expect(formatMoney(4900, "JPY", "en-US")).toBe("¥4,900");
    expect(formatMoney(4900, "KWD", "en-US")).toBe("KWD 4.900");
    // Stripe counts forints in hundredths; Intl alone would show 4,900 Ft.
    expect(formatMoney(4900, "HUF", "en-US")).toBe("HUF 49.00");
    expect(formatMoney(-250, "USD", "en-US")).toBe("-$2.50");
  });

  it("reads typed amounts back into minor units, refusing too many decimals", () => {
    expect(parseMoney("12.5", "EUR")).toBe(1250);
    expect(parseMoney("12,05", "EUR")).toBe(1205);
    expect(parseMoney("500", "JPY")).toBe(500);
    expect(parseMoney("5.5", "JPY")).toBeUndefined();
    expect(parseMoney("1.234", "KWD")).toBe(1234);
    expect(parseMoney("12.5", "HUF")).toBe(1250);
    expect(parseMoney("abc", "EUR")).toBeUndefined();
  });
});
