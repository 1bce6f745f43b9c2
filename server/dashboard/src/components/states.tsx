// What a page shows while it loads, when it fails, and when there is nothing yet: each says what
// is going on and what to do next.
import type { ReactNode } from "react";
import { Link } from "wouter";
import { ApiError } from "../api/client";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorState({ error, retry }: { error: Error; retry?: () => void }) {
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">This could not be loaded.</p>
      <p>{error.message}</p>
      {requestId && (
        <p className="muted">
          Request id <code>{requestId}</code>:{" "}
          <Link href={`/audit?q=${encodeURIComponent(requestId)}`}>look it up</Link> or give it to
          support.
        </p>
      )}
      {retry && (
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}
