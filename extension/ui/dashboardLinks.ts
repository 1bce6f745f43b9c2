// Links from the extension into the merchant's dashboard. The dashboard is served by the same
// Selgeo server as the API, under `/dashboard` of the API base the snippet uses (data-api, or
// the snippet's own origin), so an id the page saw opens the Attribution Audit Log search for it.

/** `https://api.example/_selgeo/` → `https://api.example/_selgeo` (a path prefix is kept). */
function trimBase(apiBase: string): string | null {
  try {
    const url = new URL(apiBase);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return null;
  }
}

/** The audit log search for a request id (req_…), click id (clk_…) or conversion id (conv_…). */
export function auditLogUrl(apiBase: string | null, id: string): string | null {
  if (!apiBase) return null;
  const base = trimBase(apiBase);
  return base ? `${base}/dashboard/audit?q=${encodeURIComponent(id)}` : null;
}
