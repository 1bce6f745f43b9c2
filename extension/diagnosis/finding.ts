// The shape every rule returns; the panel, the popup, the doctor and the bundle show these.
import { z } from "zod";

export const severitySchema = z.enum(["error", "warning", "info"]);
export type Severity = z.infer<typeof severitySchema>;

export const findingSchema = z.object({
  /** Stable id, e.g. `csp-script-src`: tests, the doctor and support refer to findings by it. */
  id: z.string(),
  severity: severitySchema,
  /** The guide's section and symptom, in its words. */
  section: z.string(),
  symptom: z.string(),
  /** Why it happens on this page. */
  cause: z.string(),
  /** What to change, exactly: a line to paste where there is one. */
  fix: z.string(),
  /** What was seen that proves it: URLs, statuses, request ids, the policy. */
  evidence: z.array(z.string()),
  /** Findings this one explains (snippet never ran → no click id): shown under it, not beside. */
  get consequences() {
    return z.array(findingSchema).optional();
  },
});
export type Finding = z.infer<typeof findingSchema>;

/** A rule: one cause from the troubleshooting guide, checked against one page's observations. */
export type Rule<O> = (observations: O) => Finding | Finding[] | null;

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function bySeverity(a: Finding, b: Finding): number {
  return ORDER[a.severity] - ORDER[b.severity];
}

export function worstSeverity(findings: Finding[]): Severity | null {
  return [...findings].sort(bySeverity)[0]?.severity ?? null;
}
