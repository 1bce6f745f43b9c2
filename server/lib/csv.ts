// CSV as spreadsheets read it (RFC 4180): fields with a comma, quote or line break are quoted.
// Text that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with a quote, so
// a partner's name cannot become a formula on the merchant's machine; numbers stay numbers.

export type CsvValue = string | number | null;

function field(value: CsvValue): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(values: CsvValue[]): string {
  return `${values.map(field).join(",")}\r\n`;
}
