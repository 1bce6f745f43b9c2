// The recorded events, oldest first, with time since the page started; a search box and a kind
// filter narrow a long page (a click loop's 429s) to what matters.
import { useId, useState } from "react";
import { describeEvent } from "../session/describe";
import type { TimelineEntry, TimelineKind } from "../session/events";

const KINDS: Array<{ value: TimelineKind | "all"; label: string }> = [
  { value: "all", label: "All events" },
  { value: "navigation", label: "Navigations" },
  { value: "snapshot", label: "Page snapshots" },
  { value: "request", label: "Requests" },
  { value: "debug_event", label: "Snippet debug events" },
  { value: "csp_violation", label: "CSP violations" },
  { value: "key_check", label: "Key checks" },
];

export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const [query, setQuery] = useState("");
  const [kind, setKind] = useState<TimelineKind | "all">("all");
  const searchId = useId();
  const kindId = useId();
  const needle = query.trim().toLowerCase();
  let pageStart = entries[0]?.at ?? 0;
  const rows = entries.map((entry, index) => {
    if (entry.event.kind === "navigation") pageStart = entry.at;
    return {
      key: String(entry.id ?? index),
      kind: entry.event.kind,
      offset: Math.max(0, Math.round(entry.at - pageStart)),
      text: `${describeEvent(entry.event)}${entry.event.truncated ? " [truncated: over the size limit]" : ""}`,
    };
  });
  const shown = rows.filter(
    (r) =>
      (kind === "all" || r.kind === kind) && (!needle || r.text.toLowerCase().includes(needle)),
  );
  return (
    <>
      <div className="filters">
        <label htmlFor={searchId} className="visually-hidden">
          Search the timeline
        </label>
        <input
          id={searchId}
          type="search"
          placeholder="Search events (e.g. 429, click_failed, req_…)"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="timeline-search"
        />
        <label htmlFor={kindId} className="visually-hidden">
          Event kind
        </label>
        <select
          id={kindId}
          value={kind}
          onChange={(e) => setKind(e.target.value as TimelineKind | "all")}
          data-testid="timeline-kind"
        >
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
        <span className="muted" data-testid="timeline-count">
          {shown.length} of {rows.length}
        </span>
      </div>
      <ol className="timeline" data-testid="timeline">
        {shown.map((r) => (
          <li key={r.key} className={`event event-${r.kind}`}>
            <time>+{r.offset} ms</time> <span className="event-text">{r.text}</span>
          </li>
        ))}
      </ol>
    </>
  );
}
