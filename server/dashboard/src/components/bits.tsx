// Small pieces every page uses: money, times, ids that lead to the audit log, status badges,
// copy buttons, page headers and pagers.
import { type ReactNode, useState } from "react";
import { Link } from "wouter";
import { formatDateTime, formatFull } from "../lib/dates";
import { formatMoney } from "../lib/money";

export function Money({ cents, currency }: { cents: number; currency: string }) {
  return <span className="num">{formatMoney(cents, currency)}</span>;
}

/** Amounts in several currencies, one per line; a dash when there are none. */
export function MoneyList({ amounts }: { amounts: { cents: number; currency: string }[] }) {
  if (amounts.length === 0) return <>—</>;
  return (
    <>
      {amounts.map((a) => (
        <div key={a.currency}>
          <Money cents={a.cents} currency={a.currency} />
        </div>
      ))}
    </>
  );
}

/**
 * A small button in a table row; `target` (what it acts on) completes its accessible name, so
 * "Delete" in each row reads "Delete https://…" to a screen reader.
 */
export function RowButton({
  label,
  target,
  onClick,
  danger = false,
  disabled = false,
}: {
  label: string;
  target: string;
  onClick: () => void;
  danger?: boolean;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      className={`button button-small${danger ? " button-danger-quiet" : ""}`}
      disabled={disabled}
      onClick={onClick}
    >
      {label}
      <span className="visually-hidden"> {target}</span>
    </button>
  );
}

/** A column header for numbers: right-aligned like the cells under it. */
export function NumHeader({ children }: { children: ReactNode }) {
  return (
    <th scope="col" className="num">
      {children}
    </th>
  );
}

export function Time({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatFull(iso)}>
      {formatDateTime(iso)}
    </time>
  );
}

/** A click, conversion or request id: each leads to its decisions in the audit log. */
export function AuditLink({ id, label }: { id: string; label?: string }) {
  return (
    <Link
      className="id-link"
      href={`/audit?q=${encodeURIComponent(id)}`}
      title={`Attribution Audit Log for ${id}`}
    >
      <code>{label ?? id}</code>
    </Link>
  );
}

const TONES: Record<string, string> = {
  attributed: "good",
  approved: "good",
  pending: "neutral",
  unattributed: "warn",
  partially_reversed: "warn",
  held: "warn",
  due: "good",
  paid: "good",
  suspended: "bad",
  rejected: "bad",
  reversed: "bad",
  revoked: "bad",
  active: "good",
};

export function Badge({ value, label }: { value: string; label?: string }) {
  return (
    <span className={`badge badge-${TONES[value] ?? "neutral"}`}>
      {label ?? value.replaceAll("_", " ")}
    </span>
  );
}

/** `context` is read to screen readers only ("Copy" what), so a row of buttons stays short. */
export function CopyButton({
  text,
  label = "Copy",
  context,
}: {
  text: string;
  label?: string;
  context?: string;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="button button-small"
      onClick={async () => {
        await navigator.clipboard.writeText(text);
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      <span aria-live="polite">{copied ? "Copied" : label}</span>
      {context && <span className="visually-hidden"> {context}</span>}
    </button>
  );
}

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {description && <p className="muted">{description}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}

export function Pager({
  pageNumber,
  hasPrevious,
  hasNext,
  previous,
  next,
  label,
}: {
  pageNumber: number;
  hasPrevious: boolean;
  hasNext: boolean;
  previous: () => void;
  next: () => void;
  label: string;
}) {
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" className="button" onClick={previous} disabled={!hasPrevious}>
        Newer
      </button>
      <span className="muted">Page {pageNumber}</span>
      <button type="button" className="button" onClick={next} disabled={!hasNext}>
        Older
      </button>
    </nav>
  );
}
