// Amounts are integers in the currency's smallest unit, exactly as Stripe counts them: ¥5,000 is
// 5000, €49.00 is 4900, 1.500 KWD is 1500. How many decimals that unit has is Stripe's rule, not
// the locale data's: Intl (CLDR) shows HUF, IDR, ISK or COP without decimals, yet Stripe counts
// them in hundredths, so Intl's digits would misplace the point by two for them.

/**
 * The currencies whose smallest unit is not a hundredth: Stripe's zero-decimal currencies
 * (https://docs.stripe.com/currencies#zero-decimal) and three-decimal ones (#three-decimal).
 */
export const EXPONENT_EXCEPTIONS: Readonly<Record<string, 0 | 3>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  MGA: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  JOD: 3,
  KWD: 3,
  OMR: 3,
  TND: 3,
};

/** How many decimal places the currency's smallest unit is: 0 (JPY), 2 (EUR) or 3 (KWD). */
export function currencyExponent(currency: string): 0 | 2 | 3 {
  const code = currency.toUpperCase();
  return Object.hasOwn(EXPONENT_EXCEPTIONS, code) ? (EXPONENT_EXCEPTIONS[code] as 0 | 3) : 2;
}

/** The amount as a decimal string, exactly (no floating point): 1500 KWD → "1.500". */
export function minorUnitsToDecimal(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const digits = Math.abs(Math.trunc(amount))
    .toString()
    .padStart(exponent + 1, "0");
  const sign = amount < 0 ? "-" : "";
  if (exponent === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** For people to read: 500000 JPY → "¥500,000", 1500 KWD → "KWD 1.500", 4900 EUR → "€49.00". */
export function formatMinorUnits(amount: number, currency: string, locale = "en"): string {
  const code = currency.toUpperCase();
  const exponent = currencyExponent(code);
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: code,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
  } catch {
    return `${minorUnitsToDecimal(amount, code)} ${code}`;
  }
  // A decimal string is formatted exactly, however large the amount. Plain spaces, so a
  // terminal or a search finds "KWD 1.500" as typed.
  return format
    .format(minorUnitsToDecimal(amount, code) as unknown as number)
    .replace(/\u00a0/g, " ");
}
