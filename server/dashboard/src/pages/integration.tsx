import type { Finding } from "../../../../extension/diagnosis/finding";
import { ApiError } from "../api/client";
import { useApi } from "../api/hooks";
import { PageHeader } from "../components/bits";
import { Empty, ErrorState, Loading } from "../components/states";
import { useMode } from "../state/mode";

/** The server's side of a diagnosis, in the extension's own findings shape. */
interface Health {
  findings?: Finding[];
}

export function IntegrationPage() {
  const { mode } = useMode();
  const health = useApi<Health>("/api/v1/integration/health", undefined, { staleTime: 30_000 });
  const notYet = health.error instanceof ApiError && health.error.status === 404;
  return (
    <>
      <PageHeader
        title="Integration"
        description={`What your own ${mode}-mode data says about your integration: each finding names the troubleshooting guide's cause and its fix.`}
      />
      {health.isPending && <Loading label="Checking your integration…" />}
      {notYet && (
        <Empty title="Integration health checks are coming.">
          Until then, the Selgeo DevTools extension diagnoses a page's snippet, key, CSP and Stripe
          links, and <code>selgeo doctor https://your-shop.example/?ref=…</code> prints the same
          findings.
        </Empty>
      )}
      {health.error && !notYet && (
        <ErrorState error={health.error} retry={() => void health.refetch()} />
      )}
      {health.data?.findings && health.data.findings.length === 0 && (
        <Empty title="No problems found in your recent data." />
      )}
      {health.data?.findings?.map((finding) => (
        <article key={finding.id} className={`panel finding finding-${finding.severity}`}>
          <p className="small muted">{finding.section}</p>
          <h2>{finding.symptom}</h2>
          <p>{finding.cause}</p>
          <p>
            <strong>Fix: </strong>
            {finding.fix}
          </p>
          {finding.evidence.length > 0 && (
            <ul className="small">
              {finding.evidence.map((line) => (
                <li key={line}>
                  <code>{line}</code>
                </li>
              ))}
            </ul>
          )}
        </article>
      ))}
    </>
  );
}
