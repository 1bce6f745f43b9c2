// The doctor's readable report (what `selgeo doctor` prints without --json).
import { formatFindings, formatStatus, plural } from "../text";
import type { DoctorReport } from "./report";

function formatRequest(request: DoctorReport["requests"][number]): string {
  const outcome = request.status ?? request.error ?? "no response";
  const retry = request.retryAfter ? ` (Retry-After: ${request.retryAfter})` : "";
  const id = request.requestId ? ` · ${request.requestId}` : "";
  return `  ${request.method} ${request.url} → ${outcome}${retry}${id}`;
}

function offset(from: string, at: string): string {
  const seconds = (Date.parse(at) - Date.parse(from)) / 1000;
  return `+${seconds.toFixed(2)}s`.padStart(8);
}

function conclusion(report: DoctorReport): string {
  switch (report.result) {
    case "problems":
      return `Result: ${plural(report.counts.error, "error")} to fix (exit code 1).`;
    case "incomplete":
      return "Result: incomplete — the page did not settle before the timeout; run again with a larger --timeout (exit code 2).";
    case "ok":
      return report.counts.warning > 0
        ? `Result: no errors, ${plural(report.counts.warning, "warning")} worth a look (exit code 0).`
        : "Result: ok (exit code 0).";
  }
}

export function formatDoctorReport(report: DoctorReport): string {
  const lines = [
    `Selgeo doctor — ${report.url}`,
    `Checked ${report.checkedAt} with the Selgeo extension ${report.extension.version}` +
      (report.finalUrl !== report.url ? `; the page ended up at ${report.finalUrl}` : ""),
  ];
  if (!report.complete) {
    lines.push("Incomplete: the page did not settle before the timeout; findings may be partial.");
  }
  const { allowed, refused } = report.privateAddresses;
  if (allowed) {
    lines.push("Private and loopback addresses: followed (--allow-private).");
  } else if (refused.length > 0) {
    lines.push(
      `Private and loopback addresses: refused ${plural(refused.length, "request")} the page made there (run with --allow-private to follow them):`,
      ...refused.map((url) => `  ${url}`),
    );
  }
  lines.push("", ...formatStatus(report.status), "", ...formatFindings(report.findings));
  lines.push("", "Selgeo requests");
  if (report.requests.length === 0) lines.push("  none");
  for (const request of report.requests) lines.push(formatRequest(request));
  const start = report.timeline[0]?.at;
  if (start) {
    lines.push("", "Timeline");
    for (const entry of report.timeline) lines.push(`  ${offset(start, entry.at)}  ${entry.text}`);
  }
  lines.push("", conclusion(report));
  // Click requests leave no audit entry; the click id is what later decisions cite.
  if (report.status.clickId) {
    lines.push(
      `Follow this click into the Attribution Audit Log: selgeo audit ${report.status.clickId}`,
    );
  }
  return lines.join("\n");
}
