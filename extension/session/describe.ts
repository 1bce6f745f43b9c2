// One line per timeline event, for the panel's timeline and the doctor's text report.
import type { TimelineEvent } from "./events";

export function describeEvent(event: TimelineEvent): string {
  switch (event.kind) {
    case "navigation":
      return `Navigated to ${event.url}`;
    case "snapshot": {
      const tag = event.tags[0];
      const what = tag
        ? `snippet tag ${tag.src ?? "(inline)"} (${tag.loadState})`
        : "no snippet tag";
      return `Page ${event.phase}: ${what}, ${event.stripeLinks.length} Payment Link(s)`;
    }
    case "csp_violation":
      return `CSP ${event.effectiveDirective} blocked ${event.blockedUrl}${event.disposition === "report" ? " (report-only)" : ""}`;
    case "debug_event": {
      const { type, ...rest } = event.event;
      const details = Object.entries(rest)
        .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join(" ");
      return `selgeo:debug ${type}${details ? ` ${details}` : ""}`;
    }
    case "request": {
      const outcome = event.status !== null ? String(event.status) : (event.error ?? "no response");
      return `${event.method} ${event.url} → ${outcome}${event.requestId ? ` · ${event.requestId}` : ""}`;
    }
    case "key_check":
      return event.result
        ? event.result.valid
          ? `keys/check: valid ${event.result.mode} key of ${event.result.merchant}`
          : `keys/check: ${event.result.reason}`
        : `keys/check failed: ${event.error}`;
  }
}
