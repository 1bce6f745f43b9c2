// Guide › Snippet not loading › 4. Invalid API key: `data-merchant` is not a working pk_test_* /
// pk_live_* key — malformed locally, or unknown / revoked according to the API's keys/check.
import type { Rule } from "../finding";
import { SNIPPET_NOT_LOADING } from "../guide";
import type { Observations } from "../observations";

const REASONS: Record<string, string> = {
  MALFORMED: "it is not a pk_test_* or pk_live_* key",
  UNKNOWN: "no Selgeo account has this key (a typo, or a key from another environment)",
  REVOKED: "this key was revoked or rotated",
};

function problem(o: Observations): string | null {
  const tag = o.tag;
  if (!tag || tag.merchant === null) return null;
  if (o.key.class.kind === "missing") return "data-merchant is empty";
  if (o.key.class.kind === "malformed") return REASONS.MALFORMED ?? null;
  const result = o.key.check?.result;
  if (o.key.class.kind === "publishable" && result && !result.valid) {
    return REASONS[result.reason] ?? `keys/check answered ${result.reason}`;
  }
  return null;
}

export const invalidKey: Rule<Observations> = (o) => {
  const why = problem(o);
  if (!why) return null;
  const check = o.key.check;
  return {
    id: "invalid-key",
    severity: "error",
    ...SNIPPET_NOT_LOADING,
    cause: `Invalid API key: ${why}. The snippet fails silently for visitors.`,
    fix: 'Copy the publishable key from Settings > API Keys in the dashboard (or the output of `selgeo merchant create` / `selgeo keys rotate`) and put it in the tag: data-merchant="pk_live_…" (or pk_test_… for test mode).',
    evidence: [
      `data-merchant="${o.key.value ?? ""}"`,
      ...(check?.result && !check.result.valid
        ? [
            `GET ${check.apiOrigin}/api/v1/keys/check → ${check.result.reason}${check.requestId ? ` (X-Request-Id ${check.requestId})` : ""}`,
          ]
        : []),
    ],
  };
};
