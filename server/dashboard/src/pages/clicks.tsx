import { useEffect, useRef } from "react";
import { Link } from "wouter";
import { useCursorList } from "../api/hooks";
import type { Click } from "../api/types";
import { AuditLink, PageHeader, Pager, Time } from "../components/bits";
import { DateRange, PartnerSelect, usePartners } from "../components/partner-select";
import { Empty, ErrorState, Loading } from "../components/states";
import { endOfDay, startOfDay } from "../lib/dates";
import { useUrlFilters } from "../lib/url-filters";
import { useMode } from "../state/mode";

/** How often the newest page asks for new clicks. */
const LIVE_EVERY_MS = 2_000;

export function ClicksPage() {
  const { mode } = useMode();
  const [filters, setFilters] = useUrlFilters(["partner_id", "from", "to"] as const);
  const { nameOf } = usePartners();
  const live = filters.to === "";
  const list = useCursorList<Click>(
    "/api/v1/clicks",
    {
      partner_id: filters.partner_id,
      "created[gte]": filters.from ? startOfDay(filters.from) : undefined,
      "created[lt]": filters.to ? endOfDay(filters.to) : undefined,
    },
    { refetchInterval: live ? LIVE_EVERY_MS : false },
  );
  // Rows that arrive after the first answer are marked, so a new click is seen at a glance.
  const seen = useRef<Set<string> | null>(null);
  const fresh = new Set<string>();
  if (seen.current) for (const row of list.rows) if (!seen.current.has(row.id)) fresh.add(row.id);
  useEffect(() => {
    if (list.data) {
      seen.current ??= new Set();
      for (const row of list.rows) seen.current.add(row.id);
    }
  }, [list.data, list.rows]);

  return (
    <>
      <PageHeader
        title="Clicks"
        description={
          <>
            Referred visits recorded by the snippet in {mode} mode.{" "}
            {live && list.pageNumber === 1 && (
              <span className="live-dot" role="status">
                Live: new clicks appear as they arrive
              </span>
            )}
          </>
        }
      />
      <div className="filters">
        <PartnerSelect
          value={filters.partner_id}
          onChange={(partner_id) => setFilters({ partner_id })}
        />
        <DateRange from={filters.from} to={filters.to} onChange={setFilters} />
      </div>
      {list.isPending && <Loading />}
      {list.error && <ErrorState error={list.error} retry={() => void list.refetch()} />}
      {list.data && list.rows.length === 0 && (
        <Empty
          title={`No clicks${filters.partner_id || filters.from || filters.to ? " match these filters" : ` in ${mode} mode yet`}.`}
        >
          A click is recorded when a visitor opens a page with the snippet through a referral link (
          <code>?ref=…</code>). Check that the snippet uses your{" "}
          <Link href="/settings/keys">pk_{mode}_ key</Link>; test keys record test clicks only.
        </Empty>
      )}
      {list.rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Clicks, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Click id</th>
                <th scope="col">Partner</th>
                <th scope="col">Page</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((click) => (
                <tr key={click.id} className={fresh.has(click.id) ? "row-new" : undefined}>
                  <td>
                    <Time iso={click.created_at} />
                  </td>
                  <td>
                    <AuditLink id={click.id} />
                  </td>
                  <td>
                    {nameOf(click.partner_id)} <span className="muted small">({click.ref})</span>
                  </td>
                  <td className="truncate" title={click.url ?? undefined}>
                    {click.url ?? "—"}
                  </td>
                  <td>
                    <Time iso={click.expires_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager {...list} label="Clicks" />
    </>
  );
}
