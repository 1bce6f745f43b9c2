import { Fragment, useState } from "react";
import { Link } from "wouter";
import { explainReason } from "../../../audit/explain";
import { ATTRIBUTION_REASONS } from "../../../contract/attribution-reasons";
import { useCursorList } from "../api/hooks";
import type { Conversion } from "../api/types";
import { AuditLink, Badge, Money, NumHeader, PageHeader, Pager, Time } from "../components/bits";
import { DateRange, PartnerSelect, usePartners } from "../components/partner-select";
import { Empty, ErrorState, Loading } from "../components/states";
import { endOfDay, startOfDay } from "../lib/dates";
import { REASON_TITLES } from "../lib/reasons";
import { useUrlFilters } from "../lib/url-filters";
import { useMode } from "../state/mode";

export function Explanation({ reason }: { reason: string }) {
  const explanation = explainReason(reason);
  if (!explanation) return null;
  return (
    <div className="explanation">
      {explanation.guide_section && (
        <p className="small muted">Troubleshooting guide › {explanation.guide_section}</p>
      )}
      <p>{explanation.cause}</p>
      {explanation.fix && (
        <p>
          <strong>Fix: </strong>
          {explanation.fix}
        </p>
      )}
    </div>
  );
}

export function ConversionsPage() {
  const { mode } = useMode();
  const [filters, setFilters] = useUrlFilters([
    "reason",
    "status",
    "partner_id",
    "from",
    "to",
  ] as const);
  const { nameOf } = usePartners();
  const [open, setOpen] = useState<string | null>(null);
  const list = useCursorList<Conversion>("/api/v1/conversions", {
    reason: filters.reason,
    status: filters.status,
    partner_id: filters.partner_id,
    "created[gte]": filters.from ? startOfDay(filters.from) : undefined,
    "created[lt]": filters.to ? endOfDay(filters.to) : undefined,
  });
  const filtered = Object.values(filters).some(Boolean);

  return (
    <>
      <PageHeader
        title="Conversions"
        description={`Sales and sign-ups reported by your server or by Stripe in ${mode} mode, each with the attribution decision and its reason.`}
      />
      <div className="filters">
        <label className="inline-field">
          <span>Reason</span>
          <select value={filters.reason} onChange={(e) => setFilters({ reason: e.target.value })}>
            <option value="">Any reason</option>
            {ATTRIBUTION_REASONS.map((reason) => (
              <option key={reason} value={reason}>
                {REASON_TITLES[reason]}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Status</span>
          <select value={filters.status} onChange={(e) => setFilters({ status: e.target.value })}>
            <option value="">Any status</option>
            <option value="attributed">Attributed</option>
            <option value="unattributed">Unattributed</option>
          </select>
        </label>
        <PartnerSelect
          value={filters.partner_id}
          onChange={(partner_id) => setFilters({ partner_id })}
        />
        <DateRange from={filters.from} to={filters.to} onChange={setFilters} />
      </div>
      {filters.reason && filters.reason !== "ATTRIBUTED" && (
        <div className="callout">
          <h2 className="callout-title">
            {REASON_TITLES[filters.reason as keyof typeof REASON_TITLES] ?? filters.reason}
          </h2>
          <Explanation reason={filters.reason} />
        </div>
      )}
      {list.isPending && <Loading />}
      {list.error && <ErrorState error={list.error} retry={() => void list.refetch()} />}
      {list.data && list.rows.length === 0 && (
        <Empty
          title={
            filtered ? "No conversions match these filters." : `No conversions in ${mode} mode yet.`
          }
        >
          Report one from your server with POST /api/v1/conversions and your sk_{mode}_ key, or{" "}
          <Link href="/settings/stripe">connect Stripe</Link>.
        </Empty>
      )}
      {list.rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Conversions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Status</th>
                <th scope="col">Reason</th>
                <NumHeader>Amount</NumHeader>
                <th scope="col">Partner</th>
                <th scope="col">Transaction</th>
                <th scope="col">Click</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((conversion) => (
                <Fragment key={conversion.id}>
                  <tr>
                    <td>
                      <Time iso={conversion.created_at} />
                    </td>
                    <td>
                      <Badge value={conversion.status} />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        aria-expanded={open === conversion.id}
                        aria-controls={`why-${conversion.id}`}
                        onClick={() => setOpen(open === conversion.id ? null : conversion.id)}
                      >
                        {REASON_TITLES[conversion.reason]}
                      </button>
                    </td>
                    <td className="num">
                      <Money cents={conversion.amount_cents} currency={conversion.currency} />
                      {conversion.commission && (
                        <div className="small muted">
                          commission{" "}
                          <Money
                            cents={conversion.commission.amount_cents}
                            currency={conversion.commission.currency}
                          />
                          {conversion.commission.reversed_amount_cents > 0 &&
                            (conversion.commission.reversed_amount_cents ===
                            conversion.commission.amount_cents ? (
                              " reversed"
                            ) : (
                              <>
                                ,{" "}
                                <Money
                                  cents={conversion.commission.reversed_amount_cents}
                                  currency={conversion.commission.currency}
                                />{" "}
                                reversed
                              </>
                            ))}
                        </div>
                      )}
                    </td>
                    <td>{conversion.partner_id ? nameOf(conversion.partner_id) : "—"}</td>
                    <td>
                      <AuditLink id={conversion.external_transaction_id} />
                    </td>
                    <td>{conversion.click_id ? <AuditLink id={conversion.click_id} /> : "—"}</td>
                  </tr>
                  {open === conversion.id && (
                    <tr className="detail-row">
                      <td colSpan={7} id={`why-${conversion.id}`}>
                        <Explanation reason={conversion.reason} />
                        <p className="small">
                          <AuditLink
                            id={conversion.id}
                            label={`Every decision about ${conversion.id}`}
                          />
                        </p>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager {...list} label="Conversions" />
    </>
  );
}
