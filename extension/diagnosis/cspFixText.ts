// The fix a CSP finding prints: the one-line change, then every policy the page sent that blocks
// Selgeo, complete and corrected, under its header name, ready to paste as the whole header.
// A merchant who pastes it loses none of the directives the page had.

import type { CspViolation } from "../session/events";
import { type CorrectedPolicy, correctPolicy, type SourceNeed } from "./csp";

const HEADER = {
  enforce: "Content-Security-Policy",
  report: "Content-Security-Policy-Report-Only",
} as const;

/** The line that ends the change and starts the complete corrected policy. */
export const COMPLETE_POLICY_INTRO =
  "The complete corrected policy, ready to paste as the whole header:";

export interface CspFixText {
  text: string;
  /** The enforced policy's correction (the one that blocks). */
  enforced: CorrectedPolicy;
}

/**
 * `violations`: Selgeo's violations on the page; the first enforced one names the policy that
 * blocks. A report-only policy beside it is corrected too, or it keeps reporting after the fix.
 */
export function cspFixText(
  violations: CspViolation[],
  needs: SourceNeed[],
  selfOrigin: string,
): CspFixText | null {
  const enforcedViolation = violations.find((v) => v.disposition === "enforce");
  if (!enforcedViolation) return null;
  const enforced = correctPolicy(enforcedViolation.originalPolicy, needs, selfOrigin);
  const reportOnly = [
    ...new Set(violations.filter((v) => v.disposition === "report").map((v) => v.originalPolicy)),
  ].map((policy) => correctPolicy(policy, needs, selfOrigin));
  const lines: string[] = [];
  if (enforced.changes.length > 0) {
    lines.push(
      `Change ${enforced.changes.length === 1 ? "one line" : "these lines"} of your ${HEADER.enforce}:`,
    );
    for (const change of enforced.changes) {
      lines.push(
        change.before ? `  ${change.before}  →  ${change.after}` : `  add: ${change.after}`,
      );
    }
  }
  if (enforced.strictDynamic) {
    lines.push(
      "Your script-src uses 'strict-dynamic', which ignores host sources: give the snippet tag the page's nonce (<script nonce=\"…\" src=…>), or load it from a script that already has it.",
    );
  }
  lines.push(COMPLETE_POLICY_INTRO);
  lines.push(`${HEADER.enforce}: ${enforced.policy}`);
  for (const report of reportOnly) {
    if (report.changes.length > 0) lines.push(`${HEADER.report}: ${report.policy}`);
  }
  return { text: lines.join("\n"), enforced };
}
