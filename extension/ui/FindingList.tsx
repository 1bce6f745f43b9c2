// Findings, worst first, each with the guide's symptom, the cause, the exact fix and evidence.
import type { Finding } from "../diagnosis/finding";

export function FindingList({ findings, settled }: { findings: Finding[]; settled: boolean }) {
  if (findings.length === 0) {
    return (
      <p className="no-findings" data-testid="no-findings">
        {settled ? "No problems found on this page." : "Watching the page…"}
      </p>
    );
  }
  return (
    <ol className="findings">
      {findings.map((f) => (
        <li
          key={f.id}
          className={`finding severity-${f.severity}`}
          data-testid="finding"
          data-finding-id={f.id}
          data-severity={f.severity}
        >
          <header>
            <span className="severity">{f.severity}</span> <strong>{f.section}</strong>{" "}
            <code className="finding-id">{f.id}</code>
          </header>
          <p className="symptom">{f.symptom}</p>
          <p className="cause">{f.cause}</p>
          <pre className="fix">{f.fix}</pre>
          {f.evidence.length > 0 && (
            <ul className="evidence">
              {f.evidence.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
