import { describe, expect, it } from "vitest";
import { toCsv } from "../../../../server/dashboard/src/lib/csv";

describe("CSV export", () => {
  const columns = [
    { header: "name", value: (row: { name: string; amount: number | null }) => row.name },
    { header: "amount", value: (row: { name: string; amount: number | null }) => row.amount },
  ];

  it("quotes what needs quoting and ends lines with CRLF", () => {
    expect(
      toCsv(
        [
          { name: 'Ana "the blogger", Lisbon', amount: 12 },
          { name: "two\nlines", amount: null },
        ],
        columns,
      ),
    ).toBe('name,amount\r\n"Ana ""the blogger"", Lisbon",12\r\n"two\nlines",\r\n');
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    expect(toCsv([{ name: '=HYPERLINK("x")', amount: -5 }], columns)).toBe(
      'name,amount\r\n"\'=HYPERLINK(""x"")",-5\r\n',
    );
    expect(toCsv([{ name: "@cmd", amount: 1 }], columns)).toContain("'@cmd");
  });
});
