// The shape every rule returns; the panel, the popup, the doctor and the bundle show these.
// Findings form a causal order: `diagnose()` returns root causes only, each carrying the findings
// it explains in `consequences`, so no surface ever lists a consequence as a peer of its cause.
// The schema itself is the contract's (server/contract/finding.ts), shared with the server's
// integration health.
import {
  type Finding,
  type FindingDraft,
  findingDraftSchema,
  findingSchema,
  type Severity,
  severitySchema,
} from "../../server/contract/finding";

export {
  type Finding,
  type FindingDraft,
  findingDraftSchema,
  findingSchema,
  type Severity,
  severitySchema,
};

/** A rule: one cause from the troubleshooting guide, checked against one page's observations. */
export type Rule<O> = (observations: O) => FindingDraft | FindingDraft[] | null;

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function bySeverity(a: Pick<Finding, "severity">, b: Pick<Finding, "severity">): number {
  return ORDER[a.severity] - ORDER[b.severity];
}

/** Every finding of a tree, roots first then their consequences (depth first). */
export function flattenFindings(findings: Finding[]): Finding[] {
  return findings.flatMap((f) => [f, ...flattenFindings(f.consequences)]);
}

/** The worst severity among root causes: consequences never outrank the cause that explains them. */
export function worstSeverity(findings: Pick<Finding, "severity">[]): Severity | null {
  return [...findings].sort(bySeverity)[0]?.severity ?? null;
}
