// Payouts: what is due per partner and currency, marking it paid with the merchant's own
// reference, the payouts made so far with their lines, and the CSV exports (of a date range).
import { useState } from "react";
import { downloadCsv } from "../api/client";
import { useApi, useChange, useCursorList } from "../api/hooks";
import type { Payout, PayoutPreview } from "../api/types";
import { Money, NumHeader, PageHeader, Pager, Time } from "../components/bits";
import { Dialog } from "../components/dialog";
import { DateRange, usePartners } from "../components/partner-select";
import { Empty, ErrorState, Loading } from "../components/states";
import { endOfDay, startOfDay, utcDate } from "../lib/dates";
import { newIdempotencyKey } from "../lib/idempotency-key";
import { useMode } from "../state/mode";

type Line = PayoutPreview["data"][number];
type Amounts = Pick<Line, "currency" | "commissions_cents" | "adjustments_cents" | "amount_cents">;

/** The amount columns both tables share: what was earned, what was deducted, the total. */
function AmountHeaders({ total }: { total: string }) {
  return (
    <>
      <NumHeader>Commissions</NumHeader>
      <NumHeader>Adjustments</NumHeader>
      <NumHeader>{total}</NumHeader>
    </>
  );
}

/** `commissions` and `adjustments`: how many of each the amounts sum up. */
function AmountCells({
  line,
  commissions,
  adjustments,
}: {
  line: Amounts;
  commissions: number;
  adjustments: number;
}) {
  return (
    <>
      <td className="num">
        <Money cents={line.commissions_cents} currency={line.currency} /> ({commissions})
      </td>
      <td className="num">
        {adjustments > 0 ? <Money cents={line.adjustments_cents} currency={line.currency} /> : "—"}
      </td>
      <td className="num">
        <Money cents={line.amount_cents} currency={line.currency} />
      </td>
    </>
  );
}

/** What "Mark paid" is about to pay: one partner's payable lines, or every payable line. */
interface Paying {
  partnerId: string | null;
  lines: Line[];
  /** One per dialog: a retried click (a lost answer) cannot pay twice. */
  idempotencyKey: string;
}

function MarkPaid({ paying, onDone }: { paying: Paying; onDone: () => void }) {
  const { nameOf } = usePartners();
  const [reference, setReference] = useState("");
  const pay = useChange<string, Payout>((ref) => ({
    path: "/api/v1/payouts",
    method: "POST",
    body: { reference: ref, ...(paying.partnerId ? { partner_ids: [paying.partnerId] } : {}) },
    headers: { "Idempotency-Key": paying.idempotencyKey },
  }));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        pay.mutate(reference.trim(), { onSuccess: onDone });
      }}
    >
      <div className="dialog-body">
        <p>
          Record that you paid these amounts. Their commissions become <strong>paid</strong> and
          carried refunds are settled; this cannot be undone.
        </p>
        <ul>
          {paying.lines.map((line) => (
            <li key={`${line.partner_id}-${line.currency}`}>
              {nameOf(line.partner_id)}:{" "}
              <Money cents={line.amount_cents} currency={line.currency} />
            </li>
          ))}
        </ul>
        <label className="field">
          <span>Payment reference</span>
          <input
            required
            maxLength={200}
            value={reference}
            placeholder="SEPA-2026-03-0042"
            onChange={(e) => setReference(e.target.value)}
          />
          <span className="small muted">
            Your bank transfer's id. The same reference again never pays twice.
          </span>
        </label>
      </div>
      {pay.error && (
        <p className="form-error" role="alert">
          {pay.error.message}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={pay.isPending || reference.trim() === ""}
        >
          {pay.isPending ? "Working…" : "Mark paid"}
        </button>
      </div>
    </form>
  );
}

export function PayoutsPage() {
  const { mode } = useMode();
  const { nameOf } = usePartners();
  const preview = useApi<PayoutPreview>("/api/v1/payouts/preview");
  const payouts = useCursorList<Payout>("/api/v1/payouts", {});
  const [paying, setPaying] = useState<Paying | null>(null);
  const [exportError, setExportError] = useState<Error | null>(null);
  const lines = preview.data?.data ?? [];
  const payable = lines.filter((line) => line.payable);
  const open = (partnerId: string | null) =>
    setPaying({
      partnerId,
      lines: payable.filter((line) => partnerId === null || line.partner_id === partnerId),
      idempotencyKey: newIdempotencyKey(),
    });
  const [range, setRange] = useState({ from: "", to: "" });
  // UTC days, both ends included; an open end exports from the first or up to the latest row.
  const exportCsv = (what: "payouts" | "commissions") =>
    downloadCsv(
      `/api/v1/${what}/export`,
      mode,
      `${what}-${mode}-${range.from || range.to ? `${range.from || "start"}_to_${range.to || utcDate(Date.now())}` : utcDate(Date.now())}.csv`,
      {
        "created[gte]": range.from ? startOfDay(range.from) : undefined,
        "created[lt]": range.to ? endOfDay(range.to) : undefined,
      },
    )
      .then(() => setExportError(null))
      .catch(setExportError);

  return (
    <>
      <PageHeader
        title="Payouts"
        description={`What partners are owed in ${mode} mode once their commissions' hold period has passed, and what you have paid them.`}
        actions={
          <>
            <DateRange from={range.from} to={range.to} onChange={setRange} />
            <button type="button" className="button" onClick={() => void exportCsv("payouts")}>
              Export payouts CSV
            </button>
            <button type="button" className="button" onClick={() => void exportCsv("commissions")}>
              Export commissions CSV
            </button>
          </>
        }
      />
      {exportError && <ErrorState error={exportError} />}
      <section aria-labelledby="due-heading">
        <div className="section-header">
          <h2 id="due-heading">Due now</h2>
          {payable.length > 1 && (
            <button type="button" className="button button-primary" onClick={() => open(null)}>
              Mark all paid
            </button>
          )}
        </div>
        {preview.isPending && <Loading />}
        {preview.error && <ErrorState error={preview.error} retry={() => void preview.refetch()} />}
        {preview.data && lines.length === 0 && (
          <Empty title="Nothing is due.">
            Commissions become due when their program's hold period ends.
          </Empty>
        )}
        {lines.length > 0 && (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Due per partner and currency</caption>
              <thead>
                <tr>
                  <th scope="col">Partner</th>
                  <th scope="col">Currency</th>
                  <AmountHeaders total="To pay" />
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line) => (
                  <tr key={`${line.partner_id}-${line.currency}`}>
                    <td>{nameOf(line.partner_id)}</td>
                    <td>{line.currency.toUpperCase()}</td>
                    <AmountCells
                      line={line}
                      commissions={line.commissions_count}
                      adjustments={line.adjustments_count}
                    />
                    <td className="actions">
                      {line.payable ? (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => open(line.partner_id)}
                        >
                          Mark paid
                          <span className="visually-hidden"> {nameOf(line.partner_id)}</span>
                        </button>
                      ) : (
                        <span className="small muted">Carried: refunds outweigh it</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="paid-heading">
        <h2 id="paid-heading">Payouts made</h2>
        {payouts.isPending && <Loading />}
        {payouts.error && <ErrorState error={payouts.error} retry={() => void payouts.refetch()} />}
        {payouts.data && payouts.rows.length === 0 && <Empty title="No payouts yet." />}
        {payouts.rows.length > 0 && (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Payouts, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Reference</th>
                  <th scope="col">Partner</th>
                  <AmountHeaders total="Paid" />
                </tr>
              </thead>
              <tbody>
                {payouts.rows.flatMap((payout) =>
                  payout.lines.map((line, index) => (
                    <tr key={`${payout.id}-${line.partner_id}-${line.currency}`}>
                      <td>{index === 0 && <Time iso={payout.created_at} />}</td>
                      <td>{index === 0 && <code title={payout.id}>{payout.reference}</code>}</td>
                      <td>{nameOf(line.partner_id)}</td>
                      <AmountCells
                        line={line}
                        commissions={line.commission_ids.length}
                        adjustments={line.adjustment_ids.length}
                      />
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        )}
        <Pager {...payouts} label="Payouts" />
      </section>
      <Dialog
        open={paying !== null}
        title={
          paying?.partnerId ? `Mark ${nameOf(paying.partnerId)} paid?` : "Mark everything due paid?"
        }
        onClose={() => setPaying(null)}
      >
        {paying && (
          <MarkPaid key={paying.idempotencyKey} paying={paying} onDone={() => setPaying(null)} />
        )}
      </Dialog>
    </>
  );
}
