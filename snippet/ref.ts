// The referral id of this visit, read from the query string (`?ref=` unless `data-ref-params`).

/** The first configured parameter with a non-blank value wins, in the order configured. */
export function findRef(search: string, params: readonly string[]): string | null {
  const query = new URLSearchParams(search);
  for (const name of params) {
    const value = (query.get(name) || "").trim();
    if (value) return value;
  }
  return null;
}
