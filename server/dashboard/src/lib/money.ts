// Amounts as the dashboard shows and reads them. They are integers in the currency's smallest
// unit with Stripe's exponent (contract/minor-units.ts: JPY none, EUR two, KWD three, HUF in
// hundredths although Intl shows it without decimals).
import { currencyExponent, formatMinorUnits } from "../../../contract/minor-units";

export function formatMoney(minorUnits: number, currency: string, locale?: string): string {
  return formatMinorUnits(minorUnits, currency, locale);
}

/** "12.50" typed for EUR → 1250; undefined when it is not an amount of that currency. */
export function parseMoney(text: string, currency: string): number | undefined {
  const exponent = currencyExponent(currency);
  const match = /^\s*(\d+)(?:[.,](\d+))?\s*$/.exec(text);
  if (!match) return undefined;
  const fraction = match[2] ?? "";
  if (fraction.length > exponent) return undefined;
  return Number(match[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || "0");
}
