// What `selgeo bundle` prints: the bundle's page, status and findings (as the merchant's panel
// showed them), then what the Attribution Audit Log holds about its request ids and click id.
import type { SupportBundle } from "../../../extension/bundle/schema";
import { flattenFindings } from "../../../extension/diagnosis/finding";
import { formatClick, formatEntries } from "../audit/format";
import type { TrailClick, TrailEntry } from "../audit/source";
import { formatFindings, formatStatus, plural } from "../text";

export type BundleAudit =
  | {
      source: string;
      requests: { request_id: string; entries: TrailEntry[] }[];
      click: { click_id: string; click: TrailClick | null; entries: TrailEntry[] } | null;
    }
  /** Why the audit log was not read (no database here and no --api). */
  | { unavailable: string };

function formatAudit(audit: BundleAudit): string[] {
  if ("unavailable" in audit) {
    return ["Attribution Audit Log: not looked up.", `  ${audit.unavailable}`];
  }
  const lines = [`Attribution Audit Log (from ${audit.source})`];
  for (const { request_id, entries } of audit.requests) {
    if (entries.length === 0) {
      lines.push(`  ${request_id}: no entries`);
      continue;
    }
    lines.push(`  ${request_id}: ${plural(entries.length, "entry", "entries")}`, "");
    lines.push(...formatEntries(entries).map((line) => (line ? `  ${line}` : line)));
  }
  if (audit.requests.length === 0) lines.push("  The bundle holds no request ids.");
  if (audit.click) {
    const { click_id, click, entries } = audit.click;
    lines.push("");
    lines.push(click ? formatClick(click) : `Click ${click_id}: not found in ${audit.source}.`);
    if (entries.length === 0) {
      lines.push("  No conversion has cited this click yet.");
    } else {
      lines.push(`  Cited by ${plural(entries.length, "decision")}:`, "");
      lines.push(...formatEntries(entries).map((line) => (line ? `  ${line}` : line)));
    }
  }
  return lines;
}

export function formatBundle(file: string, bundle: SupportBundle, audit: BundleAudit): string {
  const errors = flattenFindings(bundle.findings).filter((f) => f.severity === "error").length;
  const lines = [
    `Selgeo support bundle — ${file}`,
    `Exported ${bundle.exportedAt} by the Selgeo extension ${bundle.extension.version} (${bundle.extension.userAgent})`,
    bundle.page
      ? `Page: ${bundle.page.url} (opened ${bundle.page.startedAt})`
      : "Page: none (the tab showed no page when the bundle was exported)",
    "",
    ...formatStatus(bundle.status),
    "",
    ...formatFindings(bundle.findings),
    "",
    `Request ids (${bundle.requestIds.length})`,
    ...(bundle.requestIds.length > 0 ? bundle.requestIds.map((id) => `  ${id}`) : ["  none"]),
    "",
    ...formatAudit(audit),
    "",
    errors > 0
      ? `Result: ${plural(errors, "error")} on the merchant's page (exit code 1).`
      : "Result: no error-level finding (exit code 0).",
  ];
  return lines.join("\n");
}
