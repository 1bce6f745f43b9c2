// Amounts in the currency's smallest unit, shown with Stripe's exponent: never divided by 100
// for a zero-decimal currency (JPY) or a three-decimal one (KWD).
import { describe, expect, it } from "vitest";
import {
  currencyExponent,
  formatMinorUnits,
  minorUnitsToDecimal,
} from "../../../server/contract/minor-units";

describe("currencyExponent", () => {
  it("follows Stripe's lists, not the locale data", () => {
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("krw")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
    expect(currencyExponent("TND")).toBe(3);
    expect(currencyExponent("EUR")).toBe(2);
    // Intl shows these without decimals; Stripe counts them in hundredths.
    for (const code of ["HUF", "ISK", "IDR", "COP"]) expect(currencyExponent(code)).toBe(2);
  });

  it("is not fooled by names of Object's own properties", () => {
    expect(currencyExponent("constructor")).toBe(2);
    expect(currencyExponent("__proto__")).toBe(2);
  });
});

describe("minorUnitsToDecimal", () => {
  it("places the point by the exponent, exactly", () => {
    expect(minorUnitsToDecimal(500_000, "JPY")).toBe("500000");
    expect(minorUnitsToDecimal(1_500, "KWD")).toBe("1.500");
    expect(minorUnitsToDecimal(5, "KWD")).toBe("0.005");
    expect(minorUnitsToDecimal(4_900, "EUR")).toBe("49.00");
    expect(minorUnitsToDecimal(7, "EUR")).toBe("0.07");
    expect(minorUnitsToDecimal(-250, "EUR")).toBe("-2.50");
    expect(minorUnitsToDecimal(9_007_199_254_740_991, "USD")).toBe("90071992547409.91");
  });
});

describe("formatMinorUnits", () => {
  it("shows ¥5,000 as ¥5,000 and 1.500 KWD with its three decimals", () => {
    expect(formatMinorUnits(5_000, "JPY")).toBe("¥5,000");
    expect(formatMinorUnits(1_500, "KWD")).toBe("KWD 1.500");
    expect(formatMinorUnits(4_900, "eur")).toBe("€49.00");
    expect(formatMinorUnits(10_000, "HUF")).toBe("HUF 100.00");
  });

  it("falls back to the decimal and the code for a code Intl refuses", () => {
    expect(formatMinorUnits(1_234, "EURO")).toBe("12.34 EURO");
  });
});
