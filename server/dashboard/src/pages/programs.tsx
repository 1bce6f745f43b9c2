import { type FormEvent, useEffect, useState } from "react";
import { currencyExponent, minorUnitsToDecimal } from "../../../contract/minor-units";
import { ApiError } from "../api/client";
import { useApi, useChange } from "../api/hooks";
import type { ListPage, Program } from "../api/types";
import { PageHeader } from "../components/bits";
import { Confirm } from "../components/dialog";
import { Empty, ErrorState, Loading } from "../components/states";
import { formatMoney, parseMoney } from "../lib/money";
import {
  describeProgramChange,
  type ProgramSettings,
  paymentsThatEarn,
} from "../lib/program-effects";

interface Draft {
  window: string;
  type: "percent" | "flat";
  percent: string;
  amount: string;
  currency: string;
  recurring: string;
  model: Program["attribution_model"];
  bountyOn: boolean;
  bountyAmount: string;
  bountyCurrency: string;
  shipping: boolean;
}

function draftOf(program: Program): Draft {
  const c = program.commission;
  return {
    window: String(program.attribution_window_days),
    type: c.type,
    percent: c.type === "percent" ? String(c.percent) : "20",
    amount: c.type === "flat" ? minorUnitsToDecimal(c.amount_cents, c.currency) : "",
    currency: c.type === "flat" ? c.currency : "EUR",
    recurring: String(program.recurring_months),
    model: program.attribution_model,
    bountyOn: program.trial_bounty !== null,
    bountyAmount: program.trial_bounty
      ? minorUnitsToDecimal(program.trial_bounty.amount_cents, program.trial_bounty.currency)
      : "",
    bountyCurrency: program.trial_bounty?.currency ?? "EUR",
    shipping: program.commission_base_includes_shipping,
  };
}

/** An amount typed in a currency's units, in minor units; a sentence when it is not one. */
function amountOf(
  amount: string,
  rawCurrency: string,
  what: string,
): ProgramSettings["commission"] | string {
  const currency = rawCurrency.trim().toUpperCase();
  let cents: number | undefined;
  try {
    cents = parseMoney(amount, currency);
  } catch {
    return "The currency must be an ISO 4217 code, e.g. EUR.";
  }
  if (cents === undefined || cents <= 0) {
    return `${what} must be above 0, with at most ${currencyExponent(currency)} decimals in ${currency}.`;
  }
  return { type: "flat", amount_cents: cents, currency };
}

/** The settings a draft asks for, or the first thing wrong with it. */
function settingsOf(draft: Draft): ProgramSettings | string {
  const window = Number(draft.window);
  if (!Number.isInteger(window) || window < 1 || window > 365)
    return "The attribution window is 1–365 days.";
  const recurring = Number(draft.recurring);
  if (!Number.isInteger(recurring) || recurring < 0 || recurring > 120)
    return "Payments that earn (recurring_months) are 0–120.";
  let commission: ProgramSettings["commission"];
  if (draft.type === "percent") {
    const percent = Number(draft.percent);
    if (!(percent > 0 && percent <= 100)) return "The percentage is above 0 and at most 100.";
    commission = { type: "percent", percent };
  } else {
    const flat = amountOf(draft.amount, draft.currency, "The amount");
    if (typeof flat === "string") return flat;
    commission = flat;
  }
  let trialBounty: ProgramSettings["trial_bounty"] = null;
  if (draft.bountyOn) {
    const flat = amountOf(draft.bountyAmount, draft.bountyCurrency, "The trial bounty");
    if (typeof flat === "string") return flat;
    if (flat.type === "flat")
      trialBounty = { amount_cents: flat.amount_cents, currency: flat.currency };
  }
  return {
    attribution_window_days: window,
    commission,
    recurring_months: recurring,
    attribution_model: draft.model,
    trial_bounty: trialBounty,
    commission_base_includes_shipping: draft.shipping,
  };
}

function ProgramForm({ program }: { program: Program }) {
  const [draft, setDraft] = useState(() => draftOf(program));
  useEffect(() => setDraft(draftOf(program)), [program]);
  const [reviewing, setReviewing] = useState(false);
  const save = useChange<ProgramSettings, Program>((body) => ({
    path: `/api/v1/programs/${program.id}`,
    method: "PATCH",
    body,
  }));
  const next = settingsOf(draft);
  const effects = typeof next === "string" ? [] : describeProgramChange(program, next, formatMoney);
  const set = (changes: Partial<Draft>) => {
    save.reset();
    setDraft((d) => ({ ...d, ...changes }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typeof next !== "string" && effects.length > 0) setReviewing(true);
  };

  return (
    <form className="form panel" onSubmit={submit} aria-labelledby="program-name">
      <h2 id="program-name">
        {program.name} <code className="muted small">{program.id}</code>
      </h2>
      <div className="form-grid">
        <label className="field">
          <span>Attribution window (days)</span>
          <input
            type="number"
            min={1}
            max={365}
            required
            value={draft.window}
            onChange={(e) => set({ window: e.target.value })}
          />
          <small className="muted">
            How long after a click a conversion still counts for its partner.
          </small>
        </label>
        <label className="field">
          <span>Attribution model</span>
          <select
            value={draft.model}
            onChange={(e) => set({ model: e.target.value as Draft["model"] })}
          >
            <option value="last_click">Last click</option>
            <option value="first_click">First click</option>
          </select>
          <small className="muted">
            {draft.model === "last_click"
              ? "A visitor's new ref replaces the click their browser stored."
              : "The first stored click is kept until it expires; later refs do not replace it."}
          </small>
        </label>
        <fieldset className="field">
          <legend>Commission</legend>
          <div className="radio-row">
            <label className="check">
              <input
                type="radio"
                name="type"
                checked={draft.type === "percent"}
                onChange={() => set({ type: "percent" })}
              />
              Percent of the sale
            </label>
            <label className="check">
              <input
                type="radio"
                name="type"
                checked={draft.type === "flat"}
                onChange={() => set({ type: "flat" })}
              />
              Flat amount per sale
            </label>
          </div>
          {draft.type === "percent" ? (
            <label className="field">
              <span>Percent</span>
              <input
                type="number"
                min={0.01}
                max={100}
                step="any"
                value={draft.percent}
                onChange={(e) => set({ percent: e.target.value })}
              />
            </label>
          ) : (
            <div className="radio-row">
              <label className="field">
                <span>Amount</span>
                <input
                  inputMode="decimal"
                  value={draft.amount}
                  onChange={(e) => set({ amount: e.target.value })}
                />
              </label>
              <label className="field">
                <span>Currency</span>
                <input
                  maxLength={3}
                  value={draft.currency}
                  onChange={(e) => set({ currency: e.target.value })}
                />
              </label>
            </div>
          )}
        </fieldset>
        <label className="field">
          <span>Payments that earn (recurring_months)</span>
          <input
            type="number"
            min={0}
            max={120}
            required
            value={draft.recurring}
            onChange={(e) => set({ recurring: e.target.value })}
          />
          <small className="muted">
            A subscription earns commission on {paymentsThatEarn(Number(draft.recurring) || 0)},
            counted from its first paid one (the first included): 12 on a monthly plan is twelve
            payments, the 13th earns nothing. 0 or 1 = the first payment only.
          </small>
        </label>
        <fieldset className="field">
          <legend>Trial bounty</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.bountyOn}
              onChange={(e) => set({ bountyOn: e.target.checked })}
            />
            Pay a flat amount when an attributed subscription starts free
          </label>
          {draft.bountyOn && (
            <div className="radio-row">
              <label className="field">
                <span>Bounty amount</span>
                <input
                  inputMode="decimal"
                  value={draft.bountyAmount}
                  onChange={(e) => set({ bountyAmount: e.target.value })}
                />
              </label>
              <label className="field">
                <span>Bounty currency</span>
                <input
                  maxLength={3}
                  value={draft.bountyCurrency}
                  onChange={(e) => set({ bountyCurrency: e.target.value })}
                />
              </label>
            </div>
          )}
          <small className="muted">
            Without it, a trial or a first period at 100 % off earns nothing: commissions start with
            the first payment above zero.
          </small>
        </fieldset>
        <fieldset className="field">
          <legend>Commission base</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.shipping}
              onChange={(e) => set({ shipping: e.target.checked })}
            />
            Include shipping in Stripe payments' commission base
          </label>
          <small className="muted">
            Stripe payments earn on their amount without tax and, unless this is on, without
            shipping. Conversions reported through the API earn on the amount they report.
          </small>
        </fieldset>
      </div>

      <section aria-live="polite" className="effects">
        {typeof next === "string" ? (
          <p className="form-error">{next}</p>
        ) : effects.length === 0 ? (
          <p className="muted">No changes.</p>
        ) : (
          <>
            <h2>What this change will do</h2>
            <ul>
              {effects.map((e) => (
                <li key={e.field}>
                  <strong>
                    {e.from} → {e.to}.
                  </strong>{" "}
                  {e.effect}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {save.isSuccess && (
        <p className="form-success" role="status">
          Saved.
        </p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button"
          onClick={() => set(draftOf(program))}
          disabled={effects.length === 0}
        >
          Discard
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={typeof next === "string" || effects.length === 0}
        >
          Review and save
        </button>
      </div>
      <Confirm
        open={reviewing}
        title={`Save ${program.name}?`}
        confirmLabel="Save changes"
        busy={save.isPending}
        error={save.error}
        onClose={() => setReviewing(false)}
        onConfirm={() =>
          typeof next !== "string" && save.mutate(next, { onSuccess: () => setReviewing(false) })
        }
      >
        <ul>
          {effects.map((e) => (
            <li key={e.field}>
              <strong>
                {e.from} → {e.to}.
              </strong>{" "}
              {e.effect}
            </li>
          ))}
        </ul>
      </Confirm>
    </form>
  );
}

function NewProgram() {
  const [name, setName] = useState("");
  const create = useChange<{ name: string; commission: ProgramSettings["commission"] }, Program>(
    (body) => ({
      path: "/api/v1/programs",
      method: "POST",
      body,
    }),
  );
  return (
    <form
      className="form panel"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name, commission: { type: "percent", percent: 20 } });
      }}
    >
      <label className="field">
        <span>Program name</span>
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <p className="muted small">
        Starts with a 30-day window and 20 % commission; adjust them after.
      </p>
      {create.error && (
        <p className="form-error">
          {create.error instanceof ApiError ? create.error.message : "Failed."}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={create.isPending}>
        Create program
      </button>
    </form>
  );
}

export function ProgramsPage() {
  const programs = useApi<ListPage<Program>>("/api/v1/programs", { limit: 100 });
  const [selected, setSelected] = useState<string>("");
  const list = programs.data?.data ?? [];
  const program = list.find((p) => p.id === selected) ?? list[0];
  return (
    <>
      <PageHeader
        title="Programs › Settings"
        description="Attribution window, commission, the payments that earn, trial bounty, commission base and attribution model. Programs are shared by test and live mode; every change is recorded in the audit log."
        actions={
          list.length > 1 && (
            <label className="inline-field">
              <span>Program</span>
              <select value={program?.id} onChange={(e) => setSelected(e.target.value)}>
                {list.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          )
        }
      />
      {programs.isPending && <Loading />}
      {programs.error && (
        <ErrorState error={programs.error} retry={() => void programs.refetch()} />
      )}
      {programs.data && !program && (
        <>
          <Empty title="No program yet.">
            A program sets how partners are paid. Create the first one:
          </Empty>
          <NewProgram />
        </>
      )}
      {program && <ProgramForm key={program.id} program={program} />}
    </>
  );
}
