// Integration › health: what the server's own data says about a merchant's integration (GET
// /api/v1/integration/health) — findings with their fixes, worst first, then the counts behind
// them as tables. The DevTools extension shows the browser's side in the same shape.
import { type ReactNode, useState } from "react";
import type { FindingDraft } from "../../../contract/finding";
import type { IntegrationHealth } from "../../../contract/schemas/health";
import { useApi } from "../api/hooks";
import { AuditLink, CopyButton, PageHeader, Time } from "../components/bits";
import { Empty, ErrorState, Loading } from "../components/states";
import { useMode } from "../state/mode";

const PERIODS = [
  { days: 1, label: "Last 24 hours" },
  { days: 7, label: "Last 7 days" },
  { days: 30, label: "Last 30 days" },
  { days: 90, label: "Last 90 days" },
];

/** Ids in an evidence line that the audit log can look up. */
const LOOKUP_IDS = /\b(?:conv|req|clk)_[A-Za-z0-9]+\b/g;

function Evidence({ line }: { line: string }) {
  const ids = [...new Set(line.match(LOOKUP_IDS) ?? [])];
  return (
    <li>
      <code className="wrap">{line}</code>
      {ids.length > 0 && (
        <span className="small">
          {" "}
          {ids.map((id) => (
            <span key={id}>
              {" "}
              <AuditLink id={id} label={`audit log: ${id}`} />
            </span>
          ))}
        </span>
      )}
    </li>
  );
}

/** A sentence whose `code` spans (the findings' way of marking what to paste) shown as code. */
function WithCode({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one sentence keep their order
        i % 2 === 1 ? <code key={i}>{part}</code> : <span key={i}>{part}</span>,
      )}
    </>
  );
}

function FindingCard({ finding }: { finding: FindingDraft }) {
  const headingId = `finding-${finding.id}`;
  return (
    <article
      className={`panel finding finding-${finding.severity}`}
      aria-labelledby={headingId}
      data-finding={finding.id}
    >
      <p className="small muted">
        <span className={`badge badge-${finding.severity === "error" ? "bad" : "warn"}`}>
          {finding.severity}
        </span>{" "}
        {finding.section} · <code>{finding.id}</code>
      </p>
      <h2 id={headingId}>{finding.symptom}</h2>
      <p>
        <WithCode text={finding.cause} />
      </p>
      <div className="fix">
        <p>
          <strong>Fix: </strong>
          <WithCode text={finding.fix} />
        </p>
        <CopyButton text={finding.fix} label="Copy fix" context={finding.id} />
      </div>
      {finding.evidence.length > 0 && (
        <details>
          <summary>Evidence ({finding.evidence.length})</summary>
          <ul className="small">
            {finding.evidence.map((line) => (
              <Evidence key={line} line={line} />
            ))}
          </ul>
        </details>
      )}
    </article>
  );
}

function CountTable({
  caption,
  head,
  rows,
  empty,
}: {
  caption: string;
  head: string[];
  rows: Array<{ key: string; cells: ReactNode[] }>;
  empty: string;
}) {
  return (
    <section className="panel">
      <h2>{caption}</h2>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                {head.map((h, i) => (
                  <th key={h} scope="col" className={i === head.length - 1 ? "num" : undefined}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  {row.cells.map((cell, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells of a row keep their order
                    <td key={i} className={i === row.cells.length - 1 ? "num" : undefined}>
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const SOURCES: Record<string, string> = {
  api: "Conversion API without click_id",
  stripe_checkout: "Stripe Checkout without metadata or client_reference_id",
  stripe_payment_link: "Payment Link without client_reference_id",
  stripe_invoice: "Stripe subscription invoice",
};

function Report({ report }: { report: IntegrationHealth }) {
  const errors = report.findings.filter((f) => f.severity === "error").length;
  const { stripe } = report;
  return (
    <>
      {report.findings.length > 0 && (
        <p className="health-summary" role="status">
          {`${report.findings.length} ${report.findings.length === 1 ? "problem" : "problems"} found${errors > 0 ? `, ${errors} to fix` : ""}, worst first.`}
        </p>
      )}
      {report.findings.map((finding) => (
        <FindingCard key={finding.id} finding={finding} />
      ))}
      <CountTable
        caption="Clicks by page origin"
        head={["Origin", "Clicks"]}
        rows={report.clicks_by_origin.map((r) => ({ key: r.origin, cells: [r.origin, r.clicks] }))}
        empty="No clicks recorded in this period."
      />
      <CountTable
        caption="Conversions by reason"
        head={["Reason", "Conversions"]}
        rows={report.conversions_by_reason.map((r) => ({
          key: r.reason,
          cells: [<code key="r">{r.reason}</code>, r.conversions],
        }))}
        empty="No conversions in this period."
      />
      <CountTable
        caption="Conversions without a click id, by source"
        head={["Source", "Conversions"]}
        rows={report.click_id_missing_by_source.map((r) => ({
          key: r.source,
          cells: [SOURCES[r.source] ?? r.source, r.conversions],
        }))}
        empty="Every conversion carried a click id."
      />
      <CountTable
        caption="Refused click requests"
        head={["Key", "Origin", "Refused with", "Requests"]}
        rows={report.refusals.map((r) => ({
          key: `${r.key_id} ${r.origin} ${r.code}`,
          cells: [
            <code key="k">{r.key_id}</code>,
            r.origin,
            <code key="c">{r.code}</code>,
            r.count,
          ],
        }))}
        empty="No click request was refused."
      />
      <CountTable
        caption="Clicks that failed in visitors' browsers"
        head={["Origin", "Clicks"]}
        rows={report.clicks_failed_in_browser.map((r) => ({
          key: r.origin,
          cells: [r.origin, r.clicks],
        }))}
        empty="None reported."
      />
      <section className="panel">
        <h2>Stripe webhook</h2>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Stripe webhook</caption>
            <tbody>
              <tr>
                <th scope="row">Signing secrets</th>
                <td>
                  {stripe.configured_modes.length > 0 ? stripe.configured_modes.join(", ") : "none"}
                </td>
              </tr>
              <tr>
                <th scope="row">Last event</th>
                <td>
                  {stripe.last_event ? (
                    <>
                      <code>{stripe.last_event.type}</code>{" "}
                      <Time iso={stripe.last_event.received_at} /> (request{" "}
                      <AuditLink id={stripe.last_event.request_id} />)
                    </>
                  ) : (
                    "none received"
                  )}
                </td>
              </tr>
              <tr>
                <th scope="row">Refused deliveries</th>
                <td>
                  {stripe.signature_failures} ({stripe.unconfigured_mode_events} for a mode without
                  a signing secret)
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

export function IntegrationPage() {
  const { mode } = useMode();
  const [days, setDays] = useState(7);
  // The period starts at a whole minute so the query (and its cache key) holds still.
  const since = new Date(Math.floor(Date.now() / 60_000) * 60_000 - days * 86_400_000);
  const health = useApi<IntegrationHealth>(
    "/api/v1/integration/health",
    { "created[gte]": since.toISOString() },
    { staleTime: 30_000 },
  );
  return (
    <>
      <PageHeader
        title="Integration"
        description={`What your own ${mode}-mode data says about your integration — what a browser cannot see. Each finding names the troubleshooting guide's cause and its fix; the DevTools extension and selgeo doctor show the browser's side.`}
        actions={
          <label className="field">
            <span>Period</span>
            <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {PERIODS.map((p) => (
                <option key={p.days} value={p.days}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
        }
      />
      {health.isPending && <Loading label="Checking your integration…" />}
      {health.error && <ErrorState error={health.error} retry={() => void health.refetch()} />}
      {health.data && <Report report={health.data} />}
      {health.data && health.data.findings.length === 0 && (
        <Empty title="No problems found in your recent data." />
      )}
    </>
  );
}
