// Guide › Clicks not appearing › 1. Wrong mode: a pk_test_ key's clicks exist only in test mode.
// Expected while developing (info); on a production host it is usually the mistake (warning).
import { isDevelopmentHost } from "../evidence";
import type { Rule } from "../finding";
import { CLICKS_NOT_APPEARING } from "../guide";
import type { Observations } from "../observations";

export const testModeKey: Rule<Observations> = (o) => {
  if (o.key.class.kind !== "publishable" || o.key.class.mode !== "test") return null;
  const check = o.key.check?.result;
  if (check && !check.valid) return null;
  return {
    id: "test-mode-key",
    severity: isDevelopmentHost(o.pageUrl) ? "info" : "warning",
    ...CLICKS_NOT_APPEARING,
    cause: "Wrong mode: this page uses a pk_test_* key, so its clicks appear only in test mode.",
    fix: "Toggle the mode selector in the dashboard to Test to see these clicks (over the API: GET /api/v1/clicks with your sk_test_* key). On your production site use the pk_live_* key from Settings > API Keys.",
    evidence: [
      `data-merchant="${o.key.value ?? ""}"`,
      ...(check?.valid
        ? [`keys/check: valid, mode ${check.mode}, merchant ${check.merchant}`]
        : []),
    ],
  };
};
