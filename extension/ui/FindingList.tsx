// Root causes, worst first, each with the guide's symptom, the cause, the exact fix (copyable)
// and the evidence; the findings a root cause explains are listed under it, never beside it.
import { COMPLETE_POLICY_INTRO } from "../diagnosis/cspFixText";
import type { Finding } from "../diagnosis/finding";
import { CopyButton } from "./CopyButton";
import { LinkedText } from "./LinkedText";

const POLICY_PREFIX = "Page policy: ";
/** A CSP fix carries the complete corrected policy on a line of its own, ready to paste. */
const CORRECTED_POLICY = /^Content-Security-Policy: (.+)$/m;

/** A CSP fix's change: the lines before the complete policy (all of it if there is none). */
function changeOf(fix: string): string {
  const at = fix.indexOf(COMPLETE_POLICY_INTRO);
  const change = at < 0 ? fix : fix.slice(0, at).trimEnd();
  return change || fix;
}

function Evidence({ lines, apiBase }: { lines: string[]; apiBase: string | null }) {
  if (lines.length === 0) return null;
  return (
    <div className="evidence">
      <h4>Evidence</h4>
      <ul>
        {lines.map((line) => (
          <li key={line}>
            <LinkedText text={line} apiBase={apiBase} />
            {line.startsWith(POLICY_PREFIX) && (
              <CopyButton text={line.slice(POLICY_PREFIX.length)} label="the page's CSP policy" />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function FindingCard({
  finding,
  apiBase,
  rootId,
}: {
  finding: Finding;
  apiBase: string | null;
  rootId: string | null;
}) {
  const consequences = finding.consequences ?? [];
  const correctedPolicy = CORRECTED_POLICY.exec(finding.fix)?.[1];
  const Heading = rootId ? "h4" : "h3";
  return (
    <li
      className={`finding severity-${finding.severity}${rootId ? " consequence" : ""}`}
      data-testid={rootId ? "consequence" : "finding"}
      data-finding-id={finding.id}
      data-severity={finding.severity}
      data-root-id={rootId ?? undefined}
    >
      <header>
        <span className={`severity-label severity-label-${finding.severity}`}>
          {finding.severity}
        </span>
        <Heading className="finding-cause">{finding.cause}</Heading>
      </header>
      <p className="symptom">
        <span className="section">{finding.section}</span> · {finding.symptom}{" "}
        <code className="finding-id">{finding.id}</code>
      </p>
      <div className="fix">
        <div className="fix-head">
          <h4>Fix</h4>
          {correctedPolicy ? (
            <>
              <CopyButton text={changeOf(finding.fix)} name="Copy change" />
              <CopyButton text={correctedPolicy} name="Copy whole policy" />
            </>
          ) : (
            <CopyButton text={finding.fix} label={`the fix for ${finding.id}`} />
          )}
        </div>
        <pre>{finding.fix}</pre>
      </div>
      <Evidence lines={finding.evidence} apiBase={apiBase} />
      {consequences.length > 0 && (
        <div className="consequences">
          <h4>
            Because of this ({consequences.length} consequence{consequences.length > 1 ? "s" : ""})
          </h4>
          <ol>
            {consequences.map((c) => (
              <FindingCard key={c.id} finding={c} apiBase={apiBase} rootId={finding.id} />
            ))}
          </ol>
        </div>
      )}
    </li>
  );
}

export function FindingList({
  findings,
  settled,
  apiBase,
}: {
  findings: Finding[];
  settled: boolean;
  apiBase: string | null;
}) {
  if (findings.length === 0) {
    return (
      <p className="no-findings" data-testid="no-findings">
        {settled ? "No problems found on this page." : "Watching the page…"}
      </p>
    );
  }
  return (
    <ol className="findings" aria-label="Root causes">
      {findings.map((f) => (
        <FindingCard key={f.id} finding={f} apiBase={apiBase} rootId={null} />
      ))}
    </ol>
  );
}
