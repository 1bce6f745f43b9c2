import { useMemo, useState } from "react";
import { Link } from "wouter";
import { currencyExponent } from "../../../contract/minor-units";
import { useApi } from "../api/hooks";
import type { ListPage, Partner, Stats } from "../api/types";
import { Money, MoneyList, NumHeader, PageHeader } from "../components/bits";
import { DailyChart } from "../components/chart";
import { Empty, ErrorState, Loading } from "../components/states";
import { lastDays } from "../lib/dates";
import { formatMoney } from "../lib/money";
import { REASON_TITLES } from "../lib/reasons";
import { useMode } from "../state/mode";

const RANGES = [7, 30, 90] as const;

function net(commissions: Stats["totals"]["commissions"]) {
  return commissions.map((c) => ({
    currency: c.currency,
    cents: c.amount_cents - c.reversed_cents,
  }));
}

export function OverviewPage() {
  const { mode } = useMode();
  const [days, setDays] = useState<(typeof RANGES)[number]>(30);
  const range = useMemo(() => lastDays(days), [days]);
  const stats = useApi<Stats>("/api/v1/stats", range);
  const partners = useApi<ListPage<Partner>>("/api/v1/partners", { limit: 100 });
  const names = new Map((partners.data?.data ?? []).map((p) => [p.id, p.name]));

  const data = stats.data;
  const mainCurrency = data?.totals.commissions
    .slice()
    .sort((a, b) => b.amount_cents - a.amount_cents)[0]?.currency;
  const dates = useMemo(() => data?.days.map((d) => d.date) ?? [], [data]);
  const activity = useMemo(
    () =>
      data
        ? [
            { label: "Clicks", values: data.days.map((d) => d.clicks), color: "#6366f1" },
            { label: "Conversions", values: data.days.map((d) => d.conversions), color: "#f59e0b" },
            {
              label: "Attributed",
              values: data.days.map((d) => d.attributed_conversions),
              color: "#10b981",
            },
          ]
        : [],
    [data],
  );
  const money = useMemo(() => {
    if (!data || !mainCurrency) return [];
    const unit = 10 ** currencyExponent(mainCurrency);
    return [
      {
        label: `Commissions (${mainCurrency})`,
        values: data.days.map((d) => {
          const c = d.commissions.find((x) => x.currency === mainCurrency);
          return c ? (c.amount_cents - c.reversed_cents) / unit : 0;
        }),
        color: "#0ea5e9",
        format: (v: number) => formatMoney(Math.round(v * unit), mainCurrency),
      },
    ];
  }, [data, mainCurrency]);

  return (
    <>
      <PageHeader
        title="Overview"
        description={`Your program in ${mode} mode, per UTC day.`}
        actions={
          <label className="inline-field">
            <span>Period</span>
            <select value={days} onChange={(e) => setDays(Number(e.target.value) as 7 | 30 | 90)}>
              {RANGES.map((n) => (
                <option key={n} value={n}>
                  Last {n} days
                </option>
              ))}
            </select>
          </label>
        }
      />
      {stats.isPending && <Loading />}
      {stats.error && <ErrorState error={stats.error} retry={() => void stats.refetch()} />}
      {data && (
        <>
          <section className="kpis" aria-label="Totals">
            <div className="kpi">
              <p className="kpi-label">Clicks</p>
              <p className="kpi-value num">{data.totals.clicks.toLocaleString()}</p>
            </div>
            <div className="kpi">
              <p className="kpi-label">Conversions</p>
              <p className="kpi-value num">{data.totals.conversions.toLocaleString()}</p>
              <p className="kpi-sub muted">
                {data.totals.attributed_conversions.toLocaleString()} attributed
              </p>
            </div>
            <div className="kpi">
              <p className="kpi-label">Attribution rate</p>
              <p className="kpi-value num">
                {data.totals.attribution_rate === null
                  ? "—"
                  : `${(data.totals.attribution_rate * 100).toFixed(1)} %`}
              </p>
              <p className="kpi-sub muted">of conversions credited to a partner</p>
            </div>
            <div className="kpi">
              <p className="kpi-label">Commissions</p>
              {net(data.totals.commissions).length === 0 ? (
                <p className="kpi-value num">—</p>
              ) : (
                net(data.totals.commissions).map((c) => (
                  <p key={c.currency} className="kpi-value num">
                    <Money cents={c.cents} currency={c.currency} />
                  </p>
                ))
              )}
              <p className="kpi-sub muted">after refunds</p>
            </div>
          </section>

          {data.totals.clicks === 0 && data.totals.conversions === 0 ? (
            <Empty title={`No clicks or conversions in ${mode} mode in the last ${days} days.`}>
              Put the snippet with your <Link href="/settings/keys">publishable {mode} key</Link> on
              the pages partners link to, and share a partner's referral link from{" "}
              <Link href="/partners">Partners</Link>.
              {mode === "live" && " Testing? Switch to Test mode above."}
            </Empty>
          ) : (
            <div className="charts">
              <DailyChart title="Clicks and conversions per day" dates={dates} series={activity} />
              {money.length > 0 && (
                <DailyChart
                  title="Commissions per day, after refunds"
                  dates={dates}
                  series={money}
                />
              )}
            </div>
          )}

          <div className="columns">
            <section className="panel" aria-labelledby="top-partners">
              <h2 id="top-partners">Top partners</h2>
              {data.top_partners.length === 0 ? (
                <Empty title="No partner activity in this period.">
                  <Link href="/partners">Invite or approve partners</Link> and share their links.
                </Empty>
              ) : (
                <div className="panel-scroll">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">Partner</th>
                        <NumHeader>Clicks</NumHeader>
                        <NumHeader>Attributed</NumHeader>
                        <NumHeader>Commissions</NumHeader>
                      </tr>
                    </thead>
                    <tbody>
                      {data.top_partners.map((p) => (
                        <tr key={p.partner_id}>
                          <td>
                            <Link href={`/conversions?partner_id=${p.partner_id}`}>
                              {names.get(p.partner_id) ?? p.partner_id}
                            </Link>
                          </td>
                          <td className="num">{p.clicks.toLocaleString()}</td>
                          <td className="num">{p.attributed_conversions.toLocaleString()}</td>
                          <td className="num">
                            <MoneyList amounts={net(p.commissions)} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>

            <section className="panel" aria-labelledby="unattributed">
              <h2 id="unattributed">Why conversions were not attributed</h2>
              <ul className="reasons">
                {data.reasons
                  .filter((r) => r.reason !== "ATTRIBUTED")
                  .map((r) => (
                    <li key={r.reason}>
                      <Link href={`/conversions?reason=${r.reason}`} className="reason-link">
                        <span className="reason-count num">{r.conversions.toLocaleString()}</span>
                        <span>
                          <span className="reason-title">{REASON_TITLES[r.reason]}</span>
                          <code className="reason-code muted small">{r.reason}</code>
                        </span>
                      </Link>
                    </li>
                  ))}
              </ul>
            </section>
          </div>
        </>
      )}
    </>
  );
}
