// A finding: one cause from the troubleshooting guide, with its fix and what proves it. The
// extension's rules (extension/diagnosis), the doctor, support bundles and the server's
// integration health (GET /api/v1/integration/health) all speak this one shape. Plain zod, so the
// extension can import it without the server's OpenAPI layer.
// Findings form a causal order: `diagnose()` returns root causes only, each carrying the findings
// it explains in `consequences`, so no surface ever lists a consequence as a peer of its cause.
import { z } from "zod";

export const severitySchema = z.enum(["error", "warning", "info"]);
export type Severity = z.infer<typeof severitySchema>;

const findingFields = {
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
};

/** What a rule reports: one finding, before `diagnose()` places it in the causal order. */
export const findingDraftSchema = z.object(findingFields);
export type FindingDraft = z.infer<typeof findingDraftSchema>;

export interface Finding extends FindingDraft {
  /**
   * The findings this one explains (snippet never ran → links not decorated, no click id), each
   * rewritten to read as a consequence: its fix is the root's, never something that cannot exist.
   * Empty for a finding that explains nothing.
   */
  consequences: Finding[];
}

/** As written by older extensions and doctors, which had no consequences yet. */
type FindingInput = FindingDraft & { consequences?: FindingInput[] | undefined };

export const findingSchema: z.ZodType<Finding, FindingInput> = z.object({
  ...findingFields,
  get consequences() {
    // Bundles exported before findings had a causal order still read as flat lists.
    return z.array(findingSchema).default([]);
  },
});
