// What a change to a program's settings will do, said before it is saved (Programs › Settings).
// The rules are the service's: a window is fixed on each click when it is made, a commission
// rule applies to conversions reported after the change, and so on. Pure.
import type { ProgramObject } from "../../../contract/schemas/programs";

export type ProgramSettings = Pick<
  ProgramObject,
  | "attribution_window_days"
  | "commission"
  | "recurring_months"
  | "attribution_model"
  | "trial_bounty"
  | "commission_base_includes_shipping"
>;

interface Effect {
  field: keyof ProgramSettings;
  from: string;
  to: string;
  effect: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function describeCommission(
  rule: ProgramSettings["commission"],
  format: (cents: number, currency: string) => string,
): string {
  return rule.type === "percent"
    ? `${rule.percent}% of each sale`
    : `${format(rule.amount_cents, rule.currency)} per sale`;
}

/** `recurring_months` counts payments, the first included (docs/stripe.md): 0 and 1 are the same. */
export const paymentsThatEarn = (months: number) =>
  months <= 1 ? "the first payment only" : `the first ${months} payments`;

const bounty = (
  rule: ProgramSettings["trial_bounty"],
  format: (cents: number, currency: string) => string,
) => (rule ? `${format(rule.amount_cents, rule.currency)} per free sign-up` : "no trial bounty");

const base = (includesShipping: boolean) =>
  includesShipping ? "sale without tax, with shipping" : "sale without tax and shipping";

export function describeProgramChange(
  before: ProgramSettings,
  after: ProgramSettings,
  format: (cents: number, currency: string) => string,
): Effect[] {
  const effects: Effect[] = [];
  if (before.attribution_window_days !== after.attribution_window_days) {
    effects.push({
      field: "attribution_window_days",
      from: plural(before.attribution_window_days, "day"),
      to: plural(after.attribution_window_days, "day"),
      effect: `Applies to new clicks only: clicks recorded before the change keep their ${plural(before.attribution_window_days, "day")} window (each click's expiry is fixed when it is made), and the snippet keeps their click ids as long.`,
    });
  }
  if (JSON.stringify(before.commission) !== JSON.stringify(after.commission)) {
    effects.push({
      field: "commission",
      from: describeCommission(before.commission, format),
      to: describeCommission(after.commission, format),
      effect:
        "Applies to conversions reported from now on, renewals included; commissions already created keep their amounts.",
    });
  }
  if (before.recurring_months !== after.recurring_months) {
    effects.push({
      field: "recurring_months",
      from: paymentsThatEarn(before.recurring_months),
      to: paymentsThatEarn(after.recurring_months),
      effect:
        after.recurring_months > before.recurring_months
          ? "Renewals paid from now on earn commission for longer; payments are counted from each subscription's first paid one (the first included), and renewals already paid are not revisited."
          : "Renewals paid from now on stop earning commission sooner; payments are counted from each subscription's first paid one (the first included), and commissions already created stay.",
    });
  }
  if (JSON.stringify(before.trial_bounty) !== JSON.stringify(after.trial_bounty)) {
    effects.push({
      field: "trial_bounty",
      from: bounty(before.trial_bounty, format),
      to: bounty(after.trial_bounty, format),
      effect: after.trial_bounty
        ? "Subscriptions that start free (a trial, or a first period at 100 % off) from now on pay this flat amount when their sign-up is attributed; their payments then earn by the commission as usual."
        : "Subscriptions that start free from now on earn nothing at sign-up; commissions start with their first payment above zero.",
    });
  }
  if (before.commission_base_includes_shipping !== after.commission_base_includes_shipping) {
    effects.push({
      field: "commission_base_includes_shipping",
      from: base(before.commission_base_includes_shipping),
      to: base(after.commission_base_includes_shipping),
      effect:
        "Applies to Stripe payments received from now on; conversions reported through the API earn on the amount they report, and commissions already created keep their amounts.",
    });
  }
  if (before.attribution_model !== after.attribution_model) {
    effects.push({
      field: "attribution_model",
      from: before.attribution_model.replace("_", " "),
      to: after.attribution_model.replace("_", " "),
      effect:
        after.attribution_model === "first_click"
          ? "Visitors' browsers learn it with their next click: from then on the first stored click is kept until it expires, and a later ref no longer replaces it."
          : "Visitors' browsers learn it with their next click: from then on a new ref replaces the stored click.",
    });
  }
  return effects;
}
