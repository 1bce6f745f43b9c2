// The shape every rule returns; the panel, the popup, the doctor and the bundle show these.
// The schema itself is the contract's (server/contract/finding.ts), shared with the server's
// integration health.
import {
  type Finding,
  findingSchema,
  type Severity,
  severitySchema,
} from "../../server/contract/finding";

export { type Finding, findingSchema, type Severity, severitySchema };

/** A rule: one cause from the troubleshooting guide, checked against one page's observations. */
export type Rule<O> = (observations: O) => Finding | Finding[] | null;

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function bySeverity(a: Finding, b: Finding): number {
  return ORDER[a.severity] - ORDER[b.severity];
}

export function worstSeverity(findings: Finding[]): Severity | null {
  return [...findings].sort(bySeverity)[0]?.severity ?? null;
}
