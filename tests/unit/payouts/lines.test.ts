// Netting due commissions with carried adjustments per partner and currency, and the carry rule.
import { describe, expect, it } from "vitest";
import { csvLine } from "../../../server/lib/csv";
import { payoutLines } from "../../../server/payouts/lines";

describe("payoutLines", () => {
  it("nets commissions and adjustments per partner and currency, in a stable order", () => {
    const lines = payoutLines(
      [
        { id: "com_b", partner_id: "prt_2", currency: "EUR", amount_cents: 500 },
        { id: "com_a", partner_id: "prt_1", currency: "USD", amount_cents: 300 },
        { id: "com_c", partner_id: "prt_1", currency: "EUR", amount_cents: 200 },
      ],
      [{ id: "adj_1", partner_id: "prt_2", currency: "EUR", amount_cents: -100 }],
    );
    expect(lines.map((l) => [l.partner_id, l.currency, l.amount_cents, l.payable])).toEqual([
      ["prt_1", "EUR", 200, true],
      ["prt_1", "USD", 300, true],
      ["prt_2", "EUR", 400, true],
    ]);
    expect(lines[2]).toMatchObject({ commissions_cents: 500, adjustments_cents: -100 });
  });

  it("carries a line whose adjustments outweigh its commissions, or that has none", () => {
    const lines = payoutLines(
      [{ id: "com_a", partner_id: "prt_1", currency: "EUR", amount_cents: 100 }],
      [
        { id: "adj_1", partner_id: "prt_1", currency: "EUR", amount_cents: -100 },
        { id: "adj_2", partner_id: "prt_2", currency: "EUR", amount_cents: -50 },
      ],
    );
    expect(lines.map((l) => l.payable)).toEqual([false, false]);
  });
});

describe("csvLine", () => {
  it("quotes what needs quoting and defuses spreadsheet formulas in text, not in numbers", () => {
    expect(csvLine(["a,b", 'say "hi"', null, -490, "=HYPERLINK(1)", "plain"])).toBe(
      '"a,b","say ""hi""",,-490,\'=HYPERLINK(1),plain\r\n',
    );
  });
});
