// Allowed origins for the publishable keys (DESIGN.md § Management, settings).

/**
 * `https://shop.example[:port]`, normalised as browsers send it in `Origin` (lower case,
 * punycode, default port dropped), because the click endpoint compares the two exactly.
 * Anything else (a path, a query, credentials, a wildcard, another scheme) is not an origin.
 */
export function normaliseOrigin(value: string): string | undefined {
  if (value.includes("*")) return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  if (url.username || url.password || url.search || url.hash || url.pathname !== "/") {
    return undefined;
  }
  return url.origin;
}

/** Stored as JSON text in merchants.allowed_origins; an empty list means any origin. */
export function parseAllowedOrigins(stored: string): string[] {
  const parsed: unknown = JSON.parse(stored);
  return Array.isArray(parsed) ? parsed.filter((item) => typeof item === "string") : [];
}
