import { useApi } from "../api/hooks";
import type { ListPage, Partner } from "../api/types";

/** The merchant's partners, for filters; names for ids shown in lists. */
export function usePartners() {
  const query = useApi<ListPage<Partner>>(
    "/api/v1/partners",
    { limit: 100 },
    { staleTime: 30_000 },
  );
  const partners = query.data?.data ?? [];
  return { partners, nameOf: (id: string | null) => partners.find((p) => p.id === id)?.name ?? id };
}

export function PartnerSelect({
  value,
  onChange,
}: {
  value: string;
  onChange: (value: string) => void;
}) {
  const { partners } = usePartners();
  return (
    <label className="inline-field">
      <span>Partner</span>
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">All partners</option>
        {partners.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.ref})
          </option>
        ))}
      </select>
    </label>
  );
}

export function DateRange({
  from,
  to,
  onChange,
}: {
  from: string;
  to: string;
  onChange: (range: { from: string; to: string }) => void;
}) {
  return (
    <>
      <label className="inline-field">
        <span>From (UTC)</span>
        <input
          type="date"
          value={from}
          max={to || undefined}
          onChange={(e) => onChange({ from: e.target.value, to })}
        />
      </label>
      <label className="inline-field">
        <span>To (UTC)</span>
        <input
          type="date"
          value={to}
          min={from || undefined}
          onChange={(e) => onChange({ from, to: e.target.value })}
        />
      </label>
    </>
  );
}
