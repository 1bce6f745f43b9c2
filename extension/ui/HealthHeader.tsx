// The first thing a merchant reads: one sentence — healthy, or the root cause of what is wrong —
// beside the key's mode.
import type { Finding } from "../diagnosis/finding";
import type { PageStatus } from "../diagnosis/status";
import { healthSummary } from "./health";
import { ModeBadge } from "./ModeBadge";

const ICON: Record<string, string> = {
  ok: "✓",
  warning: "!",
  error: "✕",
  none: "–",
  pending: "…",
};

export function HealthHeader({ status, findings }: { status: PageStatus; findings: Finding[] }) {
  const summary = healthSummary(status, findings);
  return (
    <div
      className={`health health-${summary.tone}`}
      data-testid="health"
      data-tone={summary.tone}
      data-root-id={summary.root?.id ?? ""}
    >
      <span className="health-icon" aria-hidden="true">
        {ICON[summary.tone]}
      </span>
      <p className="health-sentence" data-testid="health-sentence" role="status">
        {summary.sentence}
      </p>
      <ModeBadge status={status} />
    </div>
  );
}
