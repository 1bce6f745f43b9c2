// Test or live key, as loud as Stripe's test-mode banner: a test key on a production page is
// the most common reason clicks "do not appear" (they are in the dashboard's test mode).
import type { PageStatus } from "../diagnosis/status";

export function ModeBanner({ status }: { status: PageStatus }) {
  if (status.key !== "test") return null;
  return (
    <div className="mode-banner" role="note" data-testid="mode-banner">
      <strong>Test mode</strong>
      <span>
        This page uses a <code>pk_test_</code> key: its clicks appear only in the dashboard's Test
        mode.
      </span>
    </div>
  );
}

export function ModeBadge({ status }: { status: PageStatus }) {
  if (status.health === null) return null;
  const mode = status.key === "test" ? "test" : status.key === "live" ? "live" : null;
  if (!mode) {
    return (
      <span className="mode-badge mode-unknown" data-testid="mode-badge" data-mode="none">
        Key: {status.key}
      </span>
    );
  }
  return (
    <span className={`mode-badge mode-${mode}`} data-testid="mode-badge" data-mode={mode}>
      {mode === "test" ? "Test mode" : "Live mode"}
      {status.merchant ? ` · ${status.merchant}` : ""}
    </span>
  );
}
