// A request id or click id: linked to the dashboard's Attribution Audit Log search for it, with
// a copy button, because support asks for exactly these ids.
import { CopyButton } from "./CopyButton";
import { auditLogUrl } from "./dashboardLinks";

export function IdLink({
  id,
  apiBase,
  testId,
}: {
  id: string;
  apiBase: string | null;
  testId?: string;
}) {
  const href = auditLogUrl(apiBase, id);
  return (
    <span className="id-link">
      {href ? (
        <a
          href={href}
          target="_blank"
          rel="noreferrer"
          title={`Open ${id} in the Attribution Audit Log`}
          data-testid="audit-link"
        >
          <code data-testid={testId}>{id}</code>
        </a>
      ) : (
        <code data-testid={testId}>{id}</code>
      )}
      <CopyButton text={id} label={id} />
    </span>
  );
}
