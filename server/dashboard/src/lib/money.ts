// Amounts are integers in the currency's smallest unit (cents, yen, fils): shown with the
// currency's real number of decimals, which Intl knows (JPY none, EUR two, KWD three).

const formats = new Map<string, Intl.NumberFormat>();

function formatFor(currency: string, locale: string | undefined): Intl.NumberFormat {
  const key = `${locale ?? ""}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency });
    formats.set(key, format);
  }
  return format;
}

/** How many decimals the currency has: the power of ten its smallest unit is. */
export function currencyExponent(currency: string): number {
  return formatFor(currency, "en").resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(minorUnits: number, currency: string, locale?: string): string {
  const exponent = currencyExponent(currency);
  return formatFor(currency, locale).format(minorUnits / 10 ** exponent);
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
