// A commission held for fraud signals: the signals its audit entry recorded, and the merchant's
// review (release or reject, each confirmed first).
import { useState } from "react";
import { useApi, useChange } from "../api/hooks";
import type { AuditEntry, Commission, ListPage } from "../api/types";
import { Confirm } from "./dialog";

interface Signal {
  signal: string;
  matched?: string;
  customer_id?: string;
  partner_ids?: string[];
  days?: number;
  clicks?: number;
  minutes?: number;
  seconds?: number;
}

function describe(signal: Signal): string {
  switch (signal.signal) {
    case "SELF_REFERRAL":
      return signal.matched === "stripe_customer"
        ? "Self-referral: the customer is the partner's own Stripe customer"
        : "Self-referral: the customer's e-mail is the partner's own";
    case "CUSTOMER_MANY_PARTNERS":
      return `Customer ${signal.customer_id ?? "?"} converted through ${signal.partner_ids?.length ?? "?"} partners in ${signal.days ?? "?"} days`;
    case "VISITOR_CLICK_BURST":
      return `The click's visitor made ${signal.clicks ?? "?"} clicks within ${signal.minutes ?? "?"} minutes`;
    case "NETWORK_CLICK_BURST":
      return `The click's network address made ${signal.clicks ?? "?"} clicks within ${signal.minutes ?? "?"} minutes`;
    case "CONVERSION_SECONDS_AFTER_CLICK":
      return `Converted ${signal.seconds ?? "?"} s after the click`;
    case "AUTOMATED_BROWSER":
      return `Converted ${signal.seconds ?? "?"} s after a click from an automated browser`;
    default:
      return signal.signal;
  }
}

/** The signals of the `fraud_hold` entry that held this commission. */
function useSignals(commission: Commission) {
  const entries = useApi<ListPage<AuditEntry>>(
    "/api/v1/audit-log",
    { conversion_id: commission.conversion_id, limit: 50 },
    { staleTime: 60_000 },
  );
  const hold = entries.data?.data.find(
    (entry) =>
      entry.action === "fraud_hold" &&
      (entry.facts as { commission_id?: string }).commission_id === commission.id,
  );
  return { ...entries, signals: (hold?.facts as { signals?: Signal[] })?.signals ?? [] };
}

const VERDICTS = {
  release: {
    label: "Release",
    title: "Release this commission?",
    consequence:
      "It returns to the status it had: pending until its hold period ends, or due at once when that has passed.",
  },
  reject: {
    label: "Reject",
    title: "Reject this commission?",
    consequence:
      "It is reversed in full and the partner is not paid for it. This cannot be undone.",
  },
} as const;

export function FraudHold({ commission, partner }: { commission: Commission; partner: string }) {
  const { signals, isPending } = useSignals(commission);
  const [verdict, setVerdict] = useState<"release" | "reject" | null>(null);
  const review = useChange<"release" | "reject", Commission>((v) => ({
    path: `/api/v1/commissions/${commission.id}/${v}`,
    method: "POST",
  }));
  return (
    <div className="fraud-hold">
      {isPending ? (
        <p className="small muted">Reading the signals…</p>
      ) : (
        <ul className="signals" aria-label={`Fraud signals of ${commission.id}`}>
          {signals.length === 0 && <li>Held for fraud signals (see the audit log)</li>}
          {signals.map((signal) => (
            <li key={signal.signal}>{describe(signal)}</li>
          ))}
        </ul>
      )}
      <div className="row-actions">
        {(["release", "reject"] as const).map((v) => (
          <button
            key={v}
            type="button"
            className={`button button-small ${v === "reject" ? "button-danger-quiet" : ""}`}
            onClick={() => setVerdict(v)}
          >
            {VERDICTS[v].label}
            <span className="visually-hidden"> the commission of {partner}</span>
          </button>
        ))}
      </div>
      <Confirm
        open={verdict !== null}
        title={verdict ? VERDICTS[verdict].title : ""}
        confirmLabel={verdict ? VERDICTS[verdict].label : ""}
        danger={verdict === "reject"}
        busy={review.isPending}
        error={review.error}
        onClose={() => {
          setVerdict(null);
          review.reset();
        }}
        onConfirm={() => verdict && review.mutate(verdict, { onSuccess: () => setVerdict(null) })}
      >
        <p>{verdict && VERDICTS[verdict].consequence}</p>
      </Confirm>
    </div>
  );
}
