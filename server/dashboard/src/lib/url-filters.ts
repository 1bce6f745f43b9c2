// A page's filters live in its URL (?reason=…&partner_id=…), so a link can open a list already
// filtered and a reload keeps what was chosen.
import { useCallback } from "react";
import { useLocation, useSearch } from "wouter";

export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const values = Object.fromEntries(keys.map((key) => [key, params.get(key) ?? ""])) as Record<
    K,
    string
  >;
  const set = useCallback(
    (changes: Partial<Record<K, string>>) => {
      const next = new URLSearchParams(search);
      for (const [key, value] of Object.entries(changes) as Array<[K, string | undefined]>) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      const text = next.toString();
      navigate(text ? `${location}?${text}` : location, { replace: true });
    },
    [search, location, navigate],
  );
  return [values, set] as const;
}
