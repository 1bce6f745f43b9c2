import { useState } from "react";
import { useApi, useChange, useCursorList } from "../api/hooks";
import type { ListPage, Partner, Program, Settings } from "../api/types";
import { Badge, CopyButton, PageHeader, Pager } from "../components/bits";
import { Confirm, Dialog } from "../components/dialog";
import { CreatePartner, EditPartner } from "../components/partner-forms";
import { PromotionCodes } from "../components/promotion-codes";
import { Empty, ErrorState, Loading } from "../components/states";
import { useUrlFilters } from "../lib/url-filters";

type Status = Partner["status"];
const LANDING_KEY = "selgeo.landing";

/** The page a referral link opens, with the partner's ref; undefined while none is set. */
function referralLink(landing: string, ref: string): string | undefined {
  try {
    const url = new URL(landing);
    url.searchParams.set("ref", ref);
    return url.toString();
  } catch {
    return undefined;
  }
}

const ACTIONS: Record<Status, Array<{ to: Status; label: string; danger?: boolean }>> = {
  pending: [
    { to: "approved", label: "Approve" },
    { to: "rejected", label: "Reject", danger: true },
  ],
  approved: [{ to: "suspended", label: "Suspend", danger: true }],
  suspended: [{ to: "approved", label: "Reinstate" }],
  rejected: [{ to: "approved", label: "Approve" }],
};

const CONSEQUENCE: Record<Status, string> = {
  approved:
    "Conversions reported from now on through their links are attributed and earn commission.",
  rejected: "Their conversions are still recorded, but earn no commission.",
  suspended:
    "Conversions reported from now on are recorded but earn no commission; existing commissions stay.",
  pending: "",
};

export function PartnersPage() {
  const [filters, setFilters] = useUrlFilters(["status"] as const);
  const list = useCursorList<Partner>(
    "/api/v1/partners",
    { status: filters.status },
    { limit: 50 },
  );
  const programs = useApi<ListPage<Program>>("/api/v1/programs", { limit: 100 });
  const settings = useApi<Settings>("/api/v1/settings");
  const [landing, setLanding] = useState(() => localStorage.getItem(LANDING_KEY) ?? "");
  const landingPage = landing || settings.data?.allowed_origins[0] || "";
  const [creating, setCreating] = useState(false);
  const [codesOf, setCodesOf] = useState<Partner | null>(null);
  const [editing, setEditing] = useState<Partner | null>(null);
  const [pending, setPending] = useState<{
    partner: Partner;
    to: Status;
    label: string;
    danger?: boolean;
  } | null>(null);
  const update = useChange<{ id: string; status: Status }, Partner>(({ id, status }) => ({
    path: `/api/v1/partners/${id}`,
    method: "PATCH",
    body: { status },
  }));
  const programName = (id: string) => programs.data?.data.find((p) => p.id === id)?.name ?? id;

  return (
    <>
      <PageHeader
        title="Partners"
        description="Partners share links with their ref; only approved partners earn commissions. Partners are shared by test and live mode."
        actions={
          <button
            type="button"
            className="button button-primary"
            onClick={() => setCreating(true)}
            disabled={!programs.data?.data.length}
          >
            New partner
          </button>
        }
      />
      <div className="filters">
        <label className="inline-field">
          <span>Status</span>
          <select value={filters.status} onChange={(e) => setFilters({ status: e.target.value })}>
            <option value="">Any status</option>
            <option value="pending">Pending</option>
            <option value="approved">Approved</option>
            <option value="suspended">Suspended</option>
            <option value="rejected">Rejected</option>
          </select>
        </label>
        <label className="inline-field grow">
          <span>Referral links open</span>
          <input
            type="url"
            placeholder="https://shop.example/pricing"
            value={landingPage}
            onChange={(e) => {
              setLanding(e.target.value);
              localStorage.setItem(LANDING_KEY, e.target.value);
            }}
          />
        </label>
      </div>
      {programs.data?.data.length === 0 && (
        <Empty title="Create a program first.">
          Partners belong to a program, which sets their commission: see Programs › Settings.
        </Empty>
      )}
      {list.isPending && <Loading />}
      {list.error && <ErrorState error={list.error} retry={() => void list.refetch()} />}
      {list.data && list.rows.length === 0 && (
        <Empty title={filters.status ? `No ${filters.status} partners.` : "No partners yet."}>
          Create one with “New partner”, then share their referral link.
        </Empty>
      )}
      {list.rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Partners</caption>
            <thead>
              <tr>
                <th scope="col">Partner</th>
                <th scope="col">Status</th>
                <th scope="col">Program</th>
                <th scope="col">Referral link</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((partner) => {
                const link = referralLink(landingPage, partner.ref);
                return (
                  <tr key={partner.id}>
                    <td>
                      <div>{partner.name}</div>
                      <div className="small muted">{partner.email ?? partner.id}</div>
                      {partner.stripe_customer_id && (
                        <div className="small muted">
                          Stripe customer <code>{partner.stripe_customer_id}</code>
                        </div>
                      )}
                    </td>
                    <td>
                      <Badge value={partner.status} />
                    </td>
                    <td>{programName(partner.program_id)}</td>
                    <td>
                      {link ? (
                        <div className="link-cell">
                          <code title={link}>?ref={partner.ref}</code>
                          <CopyButton
                            text={link}
                            label="Copy"
                            context={`referral link of ${partner.name}`}
                          />
                        </div>
                      ) : (
                        <span className="muted small wrap-text">
                          ?ref=<code>{partner.ref}</code> — set the page links open above
                        </span>
                      )}
                    </td>
                    <td className="actions actions-wrap">
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => setEditing(partner)}
                        >
                          Edit
                          <span className="visually-hidden"> {partner.name}</span>
                        </button>
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => setCodesOf(partner)}
                        >
                          Promotion codes
                          <span className="visually-hidden"> of {partner.name}</span>
                        </button>
                        {ACTIONS[partner.status].map((action) => (
                          <button
                            key={action.to}
                            type="button"
                            className={`button button-small ${action.danger ? "button-danger-quiet" : ""}`}
                            onClick={() => setPending({ partner, ...action })}
                          >
                            {action.label}
                            <span className="visually-hidden"> {partner.name}</span>
                          </button>
                        ))}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager {...list} label="Partners" />
      <Dialog open={creating} title="New partner" onClose={() => setCreating(false)}>
        {creating && (
          <CreatePartner programs={programs.data?.data ?? []} onDone={() => setCreating(false)} />
        )}
      </Dialog>
      <Dialog
        open={editing !== null}
        title={`Edit ${editing?.name ?? ""}`}
        onClose={() => setEditing(null)}
      >
        {editing && <EditPartner partner={editing} onDone={() => setEditing(null)} />}
      </Dialog>
      <Dialog
        open={codesOf !== null}
        title={`Promotion codes of ${codesOf?.name ?? ""}`}
        onClose={() => setCodesOf(null)}
      >
        {codesOf && <PromotionCodes partner={codesOf} onDone={() => setCodesOf(null)} />}
      </Dialog>
      <Confirm
        open={pending !== null}
        title={pending ? `${pending.label} ${pending.partner.name}?` : ""}
        confirmLabel={pending?.label ?? ""}
        danger={pending?.danger ?? false}
        busy={update.isPending}
        error={update.error}
        onClose={() => {
          setPending(null);
          update.reset();
        }}
        onConfirm={() =>
          pending &&
          update.mutate(
            { id: pending.partner.id, status: pending.to },
            { onSuccess: () => setPending(null) },
          )
        }
      >
        {pending && <p>{CONSEQUENCE[pending.to]}</p>}
      </Confirm>
    </>
  );
}
