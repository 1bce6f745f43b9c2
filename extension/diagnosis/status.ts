// The short status of a page — the panel's header, the popup and the toolbar badge — derived
// from the same observations and findings as everything else.
import { z } from "zod";
import { type Finding, flattenFindings, worstSeverity } from "./finding";
import type { Observations } from "./observations";

export const pageStatusSchema = z.object({
  snippet: z.enum(["loaded", "missing", "blocked", "failed", "pending"]),
  key: z.enum(["test", "live", "malformed", "missing", "unknown", "revoked", "secret exposed"]),
  /** The merchant's name, as keys/check answered it. */
  merchant: z.string().nullable(),
  /** `ref=abc123` when the URL carries one. */
  ref: z.string().nullable(),
  clickId: z.string().nullable(),
  /** `ok` when no error or warning; null when the page shows no sign of Selgeo at all. */
  health: z.enum(["ok", "warning", "error"]).nullable(),
  settled: z.boolean(),
});
export type PageStatus = z.infer<typeof pageStatusSchema>;
type SnippetState = PageStatus["snippet"];
type KeyState = PageStatus["key"];

const BLOCKING = new Set(["csp-script-src", "blocked-by-client"]);

function snippetState(o: Observations, findings: Finding[]): SnippetState {
  if (o.snippetExecuted) return "loaded";
  if (findings.some((f) => BLOCKING.has(f.id))) return "blocked";
  if (!o.tag) return o.settled ? "missing" : "pending";
  if (findings.some((f) => f.id === "snippet-url-typo" || f.id === "snippet-not-executed")) {
    return "failed";
  }
  return "pending";
}

function keyState(o: Observations): KeyState {
  const cls = o.key.class;
  const check = o.key.check?.result;
  if (cls.kind === "secret" || o.exposedSecrets.length > 0) return "secret exposed";
  if (cls.kind === "missing") return "missing";
  if (cls.kind === "malformed") return "malformed";
  if (check && !check.valid) {
    if (check.reason === "REVOKED") return "revoked";
    if (check.reason === "UNKNOWN") return "unknown";
    if (check.reason === "SECRET_KEY_EXPOSED") return "secret exposed";
    return "malformed";
  }
  return check ? (check.mode === "live" ? "live" : "test") : cls.mode === "live" ? "live" : "test";
}

export function pageStatus(o: Observations, findings: Finding[]): PageStatus {
  // A consequence's error is still an error on the page, whatever its root's own severity.
  const worst = worstSeverity(flattenFindings(findings));
  const noSelgeo = !o.tag && o.apiRequests.length === 0 && !o.snippetRequest;
  return {
    snippet: snippetState(o, findings),
    key: o.tag ? keyState(o) : "missing",
    merchant: o.key.check?.result?.valid ? o.key.check.result.merchant : null,
    ref: o.ref ? `${o.ref.param}=${o.ref.value}` : null,
    clickId: o.clickId,
    health: noSelgeo ? null : worst === "error" ? "error" : worst === "warning" ? "warning" : "ok",
    settled: o.settled,
  };
}
