// A partner's Stripe promotion codes: checkouts that used one are credited to the partner even
// without a click (docs/promotion-codes.md). Listed, added and removed here; a removal is
// confirmed in its row, since the dialog already is one.
import { useState } from "react";
import { useApi, useChange } from "../api/hooks";
import type { Partner, PromotionCode } from "../api/types";
import { RowButton, Time } from "./bits";
import { DoneAction } from "./dialog";
import { ErrorState, Loading } from "./states";

export function PromotionCodes({ partner, onDone }: { partner: Partner; onDone: () => void }) {
  const path = `/api/v1/partners/${partner.id}/promotion-codes`;
  const list = useApi<{ data: PromotionCode[] }>(path);
  const [promotionCode, setPromotionCode] = useState("");
  const [code, setCode] = useState("");
  const add = useChange<void, PromotionCode>(() => ({
    path,
    method: "POST",
    body: { promotion_code: promotionCode.trim(), ...(code.trim() ? { code: code.trim() } : {}) },
  }));
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = useChange<string, unknown>((promotion) => ({
    path: `${path}/${encodeURIComponent(promotion)}`,
    method: "DELETE",
  }));
  const codes = list.data?.data ?? [];
  return (
    <>
      <div className="dialog-body">
        {list.isPending && <Loading />}
        {list.error && <ErrorState error={list.error} retry={() => void list.refetch()} />}
        {list.data && codes.length === 0 && (
          <p className="muted">{partner.name} owns no promotion code yet.</p>
        )}
        {codes.length > 0 && (
          <table className="table">
            <caption className="visually-hidden">Promotion codes of {partner.name}</caption>
            <thead>
              <tr>
                <th scope="col">Stripe promotion code</th>
                <th scope="col">Customers type</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {codes.map((c) => (
                <tr key={c.promotion_code}>
                  <td>
                    <code>{c.promotion_code}</code>
                  </td>
                  <td>{c.code ?? "—"}</td>
                  <td>
                    <Time iso={c.created_at} />
                  </td>
                  <td className="actions">
                    {removing === c.promotion_code ? (
                      <div className="row-actions">
                        <span className="small">Checkouts using it will credit nobody.</span>
                        <RowButton
                          label="Confirm removal"
                          target={`of ${c.promotion_code}`}
                          onClick={() =>
                            remove.mutate(c.promotion_code, { onSuccess: () => setRemoving(null) })
                          }
                          danger
                          disabled={remove.isPending}
                        />
                        <RowButton
                          label="Keep"
                          target={c.promotion_code}
                          onClick={() => setRemoving(null)}
                        />
                      </div>
                    ) : (
                      <RowButton
                        label="Remove"
                        target={c.promotion_code}
                        onClick={() => setRemoving(c.promotion_code)}
                        danger
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {remove.error && <ErrorState error={remove.error} />}
        <form
          className="panel"
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate(undefined, {
              onSuccess: () => {
                setPromotionCode("");
                setCode("");
              },
            });
          }}
        >
          <label className="field">
            <span>Stripe promotion code id</span>
            <input
              required
              pattern="promo_[A-Za-z0-9]{1,100}"
              value={promotionCode}
              placeholder="promo_1QxYzAbCdEfGhIjK"
              onChange={(e) => setPromotionCode(e.target.value)}
            />
          </label>
          <label className="field">
            <span>Code customers type (optional)</span>
            <input
              maxLength={100}
              value={code}
              placeholder="ANNA10"
              onChange={(e) => setCode(e.target.value)}
            />
          </label>
          {add.error && (
            <p className="form-error" role="alert">
              {add.error.message}
            </p>
          )}
          <button type="submit" className="button" disabled={add.isPending}>
            {add.isPending ? "Working…" : "Add code"}
          </button>
        </form>
      </div>
      <DoneAction onDone={onDone} />
    </>
  );
}
