import { useState } from "react";
import { Link } from "wouter";
import { minorUnitsToDecimal } from "../../../contract/minor-units";
import { call } from "../api/client";
import { useCursorList } from "../api/hooks";
import type { Commission, ListPage } from "../api/types";
import { AuditLink, Badge, Money, NumHeader, PageHeader, Pager, Time } from "../components/bits";
import { FraudHold } from "../components/fraud-hold";
import { DateRange, PartnerSelect, usePartners } from "../components/partner-select";
import { Empty, ErrorState, Loading } from "../components/states";
import { toCsv } from "../lib/csv";
import { endOfDay, startOfDay, utcDate } from "../lib/dates";
import { useUrlFilters } from "../lib/url-filters";
import { useMode } from "../state/mode";

/** An export reads the filtered list page by page, up to this many rows. */
const EXPORT_LIMIT = 50_000;

export function CommissionsPage() {
  const { mode } = useMode();
  const [filters, setFilters] = useUrlFilters(["status", "partner_id", "from", "to"] as const);
  const { nameOf } = usePartners();
  const query = {
    status: filters.status,
    partner_id: filters.partner_id,
    "created[gte]": filters.from ? startOfDay(filters.from) : undefined,
    "created[lt]": filters.to ? endOfDay(filters.to) : undefined,
  };
  const list = useCursorList<Commission>("/api/v1/commissions", query);
  const [exporting, setExporting] = useState<string | null>(null);

  const exportCsv = async () => {
    const rows: Commission[] = [];
    let after: string | undefined;
    try {
      for (;;) {
        setExporting(`Reading… ${rows.length.toLocaleString()} rows`);
        const page = await call<ListPage<Commission>>("/api/v1/commissions", {
          mode,
          query: { ...query, limit: 100, starting_after: after },
        });
        rows.push(...page.data);
        after = page.data.at(-1)?.id;
        if (!page.has_more || !after || rows.length >= EXPORT_LIMIT) break;
      }
      const csv = toCsv(rows, [
        { header: "id", value: (c) => c.id },
        { header: "created_at", value: (c) => c.created_at },
        { header: "status", value: (c) => c.status },
        { header: "partner", value: (c) => nameOf(c.partner_id) },
        { header: "partner_id", value: (c) => c.partner_id },
        { header: "conversion_id", value: (c) => c.conversion_id },
        { header: "currency", value: (c) => c.currency },
        { header: "amount", value: (c) => minorUnitsToDecimal(c.amount_cents, c.currency) },
        {
          header: "reversed",
          value: (c) => minorUnitsToDecimal(c.reversed_amount_cents, c.currency),
        },
        {
          header: "net",
          value: (c) => minorUnitsToDecimal(c.amount_cents - c.reversed_amount_cents, c.currency),
        },
      ]);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      link.download = `commissions-${mode}-${utcDate(Date.now())}.csv`;
      link.click();
      URL.revokeObjectURL(link.href);
      setExporting(
        rows.length >= EXPORT_LIMIT
          ? `Exported the first ${EXPORT_LIMIT.toLocaleString()} rows: narrow the dates for the rest.`
          : `Exported ${rows.length.toLocaleString()} rows.`,
      );
    } catch (error) {
      setExporting(`Export failed: ${(error as Error).message}`);
    }
  };

  return (
    <>
      <PageHeader
        title="Commissions"
        description={`What partners earned from attributed conversions in ${mode} mode; refunds reverse them in part or whole.`}
        actions={
          <button type="button" className="button" onClick={() => void exportCsv()}>
            Export CSV
          </button>
        }
      />
      {exporting && (
        <p className="muted small" role="status">
          {exporting}
        </p>
      )}
      <div className="filters">
        <label className="inline-field">
          <span>Status</span>
          <select value={filters.status} onChange={(e) => setFilters({ status: e.target.value })}>
            <option value="">Any status</option>
            <option value="pending">Pending</option>
            <option value="partially_reversed">Partially reversed</option>
            <option value="due">Due</option>
            <option value="paid">Paid</option>
            <option value="reversed">Reversed</option>
            <option value="held">Held (dispute or fraud signals)</option>
          </select>
        </label>
        <PartnerSelect
          value={filters.partner_id}
          onChange={(partner_id) => setFilters({ partner_id })}
        />
        <DateRange from={filters.from} to={filters.to} onChange={setFilters} />
      </div>
      {list.isPending && <Loading />}
      {list.error && <ErrorState error={list.error} retry={() => void list.refetch()} />}
      {list.data && list.rows.length === 0 && (
        <Empty title="No commissions here yet.">
          A commission is created when a conversion is attributed to an approved partner. See{" "}
          <Link href="/conversions?status=unattributed">unattributed conversions</Link> for why
          others were not.
        </Empty>
      )}
      {list.rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Commissions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Status</th>
                <th scope="col">Partner</th>
                <NumHeader>Amount</NumHeader>
                <NumHeader>Reversed</NumHeader>
                <th scope="col">Conversion</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Time iso={c.created_at} />
                  </td>
                  <td>
                    <Badge value={c.status} />
                    {c.status === "held" && c.held_by === "fraud" && (
                      <FraudHold commission={c} partner={nameOf(c.partner_id) ?? c.partner_id} />
                    )}
                  </td>
                  <td>{nameOf(c.partner_id)}</td>
                  <td className="num">
                    <Money cents={c.amount_cents} currency={c.currency} />
                  </td>
                  <td className="num">
                    {c.reversed_amount_cents > 0 ? (
                      <Money cents={c.reversed_amount_cents} currency={c.currency} />
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>
                    <AuditLink id={c.conversion_id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager {...list} label="Commissions" />
    </>
  );
}
