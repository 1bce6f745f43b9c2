// CSV as spreadsheets read it (RFC 4180): fields with commas, quotes or line breaks are quoted,
// and a leading =, +, - or @ is defused so a cell is never run as a formula.

type CsvColumn<Row> = { header: string; value: (row: Row) => string | number | null };

function field(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv<Row>(
  rows: ReadonlyArray<Row>,
  columns: ReadonlyArray<CsvColumn<Row>>,
): string {
  const lines = [columns.map((column) => field(column.header)).join(",")];
  for (const row of rows) lines.push(columns.map((column) => field(column.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
