// A finding: one cause from the troubleshooting guide, with its fix and what proves it. The
// extension's rules (extension/diagnosis), the doctor, support bundles and the server's
// integration health (GET /api/v1/integration/health) all speak this one shape. Plain zod, so the
// extension can import it without the server's OpenAPI layer.
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
});
export type Finding = z.infer<typeof findingSchema>;
