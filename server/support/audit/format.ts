// The readable decision trail `selgeo audit` and `selgeo bundle` print: each entry with its facts
// and its reason in the troubleshooting guide's words (server/audit/explain.ts, carried in the
// entry's `explanation`).
import { formatMinorUnits } from "../../contract/minor-units";
import { labelled, plural } from "../text";
import { type AuditField, describeFields } from "./lookup";
import type { TrailClick, TrailEntry } from "./source";

export interface AuditTrail {
  id: string;
  fields: AuditField[];
  source: string;
  click: TrailClick | null;
  entries: TrailEntry[];
}

/**
 * Nested facts (the click, the commission rule) as dotted names, one per line. An amount in
 * minor units (`…_cents`) beside a `currency` is also shown in that currency, with its real
 * number of decimals (¥5,000 is 5000, not ¥50.00).
 */
function flattenFacts(
  facts: Record<string, unknown>,
  prefix = "",
  inheritedCurrency?: string,
): [string, string][] {
  const currency = typeof facts.currency === "string" ? facts.currency : inheritedCurrency;
  return Object.entries(facts).flatMap(([name, value]): [string, string][] => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      return flattenFacts(value as Record<string, unknown>, `${prefix}${name}.`, currency);
    }
    const text =
      value === null || value === undefined
        ? "—"
        : Array.isArray(value)
          ? JSON.stringify(value)
          : typeof value === "number" && name.endsWith("_cents") && currency
            ? `${value} (${formatMinorUnits(value, currency)})`
            : String(value);
    return [[`${prefix}${name}`, text]];
  });
}

export function formatClick(click: TrailClick): string {
  const merchant = click.merchant_id ? ` · merchant ${click.merchant_id}` : "";
  return `Click ${click.id}: ${click.mode} mode, ref ${click.ref} (partner ${click.partner_id}), recorded ${click.created_at}, attribution window ends ${click.expires_at}${merchant}`;
}

export function formatEntry(entry: TrailEntry): string[] {
  const subjects = [
    `${entry.mode} mode`,
    entry.merchant_id ? `merchant ${entry.merchant_id}` : null,
    `request ${entry.request_id}`,
    entry.conversion_id ? `conversion ${entry.conversion_id}` : null,
    entry.click_id ? `click ${entry.click_id}` : "no click id",
    entry.external_transaction_id ? `transaction ${entry.external_transaction_id}` : null,
    entry.stripe_event_id ? `Stripe event ${entry.stripe_event_id}` : null,
  ].filter((part) => part !== null);
  const lines = [
    `${entry.created_at}  ${entry.action}: ${entry.decision} — ${entry.reason}`,
    `    ${subjects.join(" · ")}`,
  ];
  const facts = flattenFacts(entry.facts);
  if (facts.length > 0) {
    lines.push("    Facts:");
    for (const [name, value] of facts) lines.push(`      ${name}: ${value}`);
  }
  if (entry.explanation) {
    const section = entry.explanation.guide_section;
    if (section) lines.push(labelled("Guide", section));
    lines.push(labelled("Cause", entry.explanation.cause));
    if (entry.explanation.fix) lines.push(labelled("Fix", entry.explanation.fix));
  } else {
    lines.push(`    (${entry.reason} is bookkeeping the troubleshooting guide does not cover.)`);
  }
  return lines;
}

export function formatEntries(entries: TrailEntry[]): string[] {
  return entries.flatMap((entry, i) =>
    i === 0 ? formatEntry(entry) : ["", ...formatEntry(entry)],
  );
}

export function formatAuditTrail(trail: AuditTrail): string {
  const lines = [
    `Attribution Audit Log for ${trail.id} (${describeFields(trail.fields)}): ${plural(trail.entries.length, "entry", "entries")}, from ${trail.source}`,
  ];
  if (trail.click) lines.push(formatClick(trail.click));
  lines.push("");
  if (trail.entries.length === 0 && trail.click) {
    lines.push("No conversion has cited this click yet: the audit log has no decision about it.");
  } else {
    lines.push(...formatEntries(trail.entries));
  }
  return lines.join("\n");
}
