import { useQueries } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { describeFields, fieldsFor } from "../../../support/audit/lookup";
import { call } from "../api/client";
import { useCursorList } from "../api/hooks";
import type { AuditEntry, ListPage } from "../api/types";
import { AuditLink, Badge, PageHeader, Pager, Time } from "../components/bits";
import { Empty, ErrorState, Loading } from "../components/states";
import { useUrlFilters } from "../lib/url-filters";
import { useMode } from "../state/mode";

function FactValue({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (typeof value === "string" && /^(clk|req|conv)_/.test(value)) return <AuditLink id={value} />;
  if (typeof value === "object")
    return <code className="facts-json">{JSON.stringify(value, null, 1)}</code>;
  return <span>{String(value)}</span>;
}

function Entry({ entry }: { entry: AuditEntry }) {
  const subjects: Array<[string, string | null]> = [
    ["Click", entry.click_id],
    ["Conversion", entry.conversion_id],
    ["Transaction", entry.external_transaction_id],
    ["Request", entry.request_id],
    ["Stripe event", entry.stripe_event_id],
  ];
  return (
    <article className="entry panel">
      <header className="entry-header">
        <div>
          <Badge value={entry.decision} /> <strong>{entry.action.replaceAll("_", " ")}</strong>{" "}
          <code className="muted small">{entry.reason}</code>
        </div>
        <Time iso={entry.created_at} />
      </header>
      {entry.explanation &&
        (entry.explanation.fix ? (
          <div className="explanation">
            {entry.explanation.guide_section && (
              <p className="small muted">
                Troubleshooting guide › {entry.explanation.guide_section}
              </p>
            )}
            <p>{entry.explanation.cause}</p>
            <p>
              <strong>Fix: </strong>
              {entry.explanation.fix}
            </p>
          </div>
        ) : (
          // Nothing to fix (attributed): one quiet line says why.
          <p className="small muted">{entry.explanation.cause}</p>
        ))}
      <dl className="subjects">
        {subjects
          .filter(([, id]) => id)
          .map(([label, id]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>
                {label === "Stripe event" ? <code>{id}</code> : <AuditLink id={id as string} />}
              </dd>
            </div>
          ))}
        <div>
          <dt>By</dt>
          <dd>
            {entry.actor
              ? `${entry.actor.label} (${entry.actor.type === "user" ? "dashboard user" : "API key"})`
              : entry.stripe_event_id
                ? "Stripe"
                : "—"}
          </dd>
        </div>
      </dl>
      <details>
        <summary>Facts the decision used</summary>
        <dl className="facts">
          {Object.entries(entry.facts).map(([name, value]) => (
            <div key={name}>
              <dt>{name.replaceAll("_", " ")}</dt>
              <dd>
                <FactValue value={value} />
              </dd>
            </div>
          ))}
        </dl>
      </details>
    </article>
  );
}

function SearchResults({ q }: { q: string }) {
  const { mode } = useMode();
  const fields = fieldsFor(q).filter((f) => f !== "stripe_event_id");
  const results = useQueries({
    queries: fields.map((field) => ({
      queryKey: [mode, "/api/v1/audit-log", { [field]: q }],
      queryFn: () =>
        call<ListPage<AuditEntry>>("/api/v1/audit-log", {
          mode,
          query: { [field]: q, limit: 100 },
        }),
    })),
  });
  if (fields.length === 0) {
    return (
      <Empty title="Stripe event ids are not searchable here.">
        Search by the Checkout Session id (the conversion's transaction id) or the request id of the
        delivery instead.
      </Empty>
    );
  }
  if (results.some((r) => r.isPending)) return <Loading label="Searching…" />;
  const failed = results.find((r) => r.error);
  if (failed?.error) return <ErrorState error={failed.error} />;
  const entries = results
    .flatMap((r) => r.data?.data ?? [])
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id));
  const unique = entries.filter((e, i) => entries.findIndex((x) => x.id === e.id) === i);
  if (unique.length === 0) {
    return (
      <Empty title={`Nothing in ${mode} mode for the ${describeFields(fieldsFor(q))} ${q}.`}>
        Check the mode: test and live data never mix
        {mode === "test" ? " (switch to Live above)" : " (switch to Test above)"}. A click id shows
        decisions once a conversion has used it.
      </Empty>
    );
  }
  return (
    <div className="entries">
      <p className="muted small">
        {unique.length} decision{unique.length === 1 ? "" : "s"} for the {describeFields(fields)}{" "}
        <code>{q}</code>, newest first.
      </p>
      {unique.map((entry) => (
        <Entry key={entry.id} entry={entry} />
      ))}
    </div>
  );
}

function Recent() {
  const list = useCursorList<AuditEntry>("/api/v1/audit-log", {}, { limit: 20 });
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorState error={list.error} retry={() => void list.refetch()} />;
  if (list.rows.length === 0) {
    return (
      <Empty title="No decisions yet.">
        Every conversion, refund, Stripe event and settings change is recorded here.
      </Empty>
    );
  }
  return (
    <div className="entries">
      {list.rows.map((entry) => (
        <Entry key={entry.id} entry={entry} />
      ))}
      <Pager {...list} label="Audit log" />
    </div>
  );
}

export function AuditPage() {
  const [filters, setFilters] = useUrlFilters(["q"] as const);
  const [text, setText] = useState(filters.q);
  const [lastQ, setLastQ] = useState(filters.q);
  if (filters.q !== lastQ) {
    setLastQ(filters.q);
    setText(filters.q);
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ q: text.trim() });
  };
  return (
    <>
      <PageHeader
        title="Attribution Audit Log"
        description="Every attribution decision with the facts it used and its reason in the troubleshooting guide's words; every change to partners, programs, keys and settings, with who made it."
      />
      <search>
        <form className="search" onSubmit={submit}>
          <label htmlFor="audit-q" className="visually-hidden">
            Click id, conversion id, transaction id or request id
          </label>
          <input
            id="audit-q"
            type="search"
            placeholder="Paste a click id, conversion id, external transaction id or request id"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="button button-primary">
            Search
          </button>
        </form>
      </search>
      {filters.q ? <SearchResults q={filters.q} /> : <Recent />}
    </>
  );
}
