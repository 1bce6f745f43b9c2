// `selgeo doctor --merchant`'s readable report: the findings as the page doctor prints them, then
// the counts as small tables. Control characters are removed before anything reaches a terminal
// (origins, ids and Stripe data come from outside).
import type { IntegrationHealth } from "../../contract/schemas/health";
import { formatFindings } from "../text";

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const clean = (text: string) => text.replace(CONTROL, "");

function table(title: string, head: string[], rows: Array<Array<string | number>>): string[] {
  if (rows.length === 0) return [title, "  (none)"];
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ")}`;
  return [title, ...cells.map(line)];
}

export function formatHealthReport(report: IntegrationHealth, merchantLabel: string): string {
  const { stripe } = report;
  const lines = [
    `Integration health of ${merchantLabel}, ${report.mode} mode, ${report.period.gte} – ${report.period.lt}`,
    "",
    // The server's findings have no causal order among themselves: each is a root.
    ...formatFindings(report.findings.map((finding) => ({ ...finding, consequences: [] }))),
    "",
    ...table(
      "Clicks by page origin",
      ["origin", "clicks"],
      report.clicks_by_origin.map((r) => [r.origin, r.clicks]),
    ),
    "",
    ...table(
      "Clicks that failed in the browser",
      ["origin", "clicks"],
      report.clicks_failed_in_browser.map((r) => [r.origin, r.clicks]),
    ),
    "",
    ...table(
      "Conversions by reason",
      ["reason", "conversions"],
      report.conversions_by_reason.map((r) => [r.reason, r.conversions]),
    ),
    "",
    ...table(
      "CLICK_ID_MISSING by source",
      ["source", "conversions"],
      report.click_id_missing_by_source.map((r) => [r.source, r.conversions]),
    ),
    "",
    ...table(
      "Refused click requests",
      ["key", "origin", "code", "count"],
      report.refusals.map((r) => [r.key_id, r.origin, r.code, r.count]),
    ),
    "",
    "Stripe webhook",
    `  signing secrets   ${stripe.configured_modes.length > 0 ? stripe.configured_modes.join(", ") : "none"}`,
    `  last event        ${stripe.last_event ? `${stripe.last_event.type} ${stripe.last_event.event_id} at ${stripe.last_event.received_at} (request ${stripe.last_event.request_id})` : "none received"}`,
    `  refused (period)  ${stripe.signature_failures} (${stripe.unconfigured_mode_events} for a mode without a secret)`,
  ];
  return clean(lines.join("\n"));
}
