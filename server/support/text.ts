// Plain-text building blocks shared by the support commands' readable output (doctor, bundle,
// audit): the page status and the findings, laid out the same way everywhere.
import { type Finding, flattenFindings } from "../../extension/diagnosis/finding";
import type { PageStatus } from "../../extension/diagnosis/status";

/** `label: text`, continuation lines aligned under the text. */
export function labelled(label: string, text: string, prefix = "    ", width = 10): string {
  const head = `${prefix}${`${label}:`.padEnd(width)}`;
  const [first = "", ...rest] = text.split("\n");
  return [head + first, ...rest.map((line) => " ".repeat(head.length) + line)].join("\n");
}

/** `- text` at `prefix`, continuation lines aligned under the text. */
export function bullet(text: string, prefix: string): string {
  const [first = "", ...rest] = text.split("\n");
  return [`${prefix}- ${first}`, ...rest.map((line) => `${prefix}  ${line}`)].join("\n");
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

export function formatStatus(status: PageStatus): string[] {
  const key = status.merchant ? `${status.key} (${status.merchant})` : status.key;
  return [
    "Status",
    `  Snippet   ${status.snippet}`,
    `  Key       ${key}`,
    `  Ref       ${status.ref ?? "none in the URL"}`,
    `  Click id  ${status.clickId ?? "none stored"}`,
    `  Health    ${status.health ?? "no sign of Selgeo on the page"}`,
  ];
}

export function findingsHeadline(findings: Finding[]): string {
  if (findings.length === 0) return "Findings: none — nothing wrong was seen.";
  const all = flattenFindings(findings);
  const counts = (["error", "warning", "info"] as const)
    .map((severity) => {
      const n = all.filter((f) => f.severity === severity).length;
      return n > 0 ? plural(n, severity) : null;
    })
    .filter((part) => part !== null);
  return `Findings (${counts.join(", ")})`;
}

/** A root cause, then the findings it explains indented under it ("Because of this:"). */
export function formatFinding(finding: Finding, indent = ""): string[] {
  const lines = [
    `${indent}  ${finding.severity.toUpperCase()} ${finding.id} — ${finding.section}`,
    labelled("Symptom", finding.symptom, `${indent}    `),
    labelled("Cause", finding.cause, `${indent}    `),
    labelled("Fix", finding.fix, `${indent}    `),
  ];
  if (finding.evidence.length > 0) {
    lines.push(`${indent}    Evidence:`);
    for (const item of finding.evidence) lines.push(bullet(item, `${indent}      `));
  }
  if (finding.consequences.length > 0) {
    lines.push(`${indent}    Because of this:`);
    for (const consequence of finding.consequences) {
      lines.push(...formatFinding(consequence, `${indent}    `));
    }
  }
  return lines;
}

export function formatFindings(findings: Finding[]): string[] {
  const lines = [findingsHeadline(findings)];
  for (const finding of findings) lines.push("", ...formatFinding(finding));
  return lines;
}
