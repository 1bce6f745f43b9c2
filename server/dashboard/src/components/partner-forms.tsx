// A partner's forms: create, and edit the name, e-mail and own Stripe customer. The API checks
// every field; its message for a field is shown under that field (the Stripe customer has no
// browser pattern, so the API's own wording reaches the merchant).
import { type FormEvent, useState } from "react";
import { ApiError } from "../api/client";
import { useChange } from "../api/hooks";
import type { Partner, Program } from "../api/types";

type FieldErrors = Record<string, string> | undefined;

function fieldErrorsOf(error: Error | null): FieldErrors {
  return error instanceof ApiError
    ? (error.details.fields as Record<string, string> | undefined)
    : undefined;
}

type Field = [value: string, set: (value: string) => void];

/** Who the partner is, as both forms ask it: name, e-mail and their own Stripe customer. */
function PersonFields(props: {
  name: Field;
  email: Field;
  stripeCustomer: Field;
  fields: FieldErrors;
}) {
  const [name, setName] = props.name;
  const [email, setEmail] = props.email;
  const [stripeCustomer, setStripeCustomer] = props.stripeCustomer;
  const fields = props.fields;
  return (
    <>
      <label className="field">
        <span>Name</span>
        <input required value={name} onChange={(e) => setName(e.target.value)} />
        {fields?.name && <small className="form-error">{fields.name}</small>}
      </label>
      <label className="field">
        <span>E-mail (optional)</span>
        <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        {fields?.email && <small className="form-error">{fields.email}</small>}
      </label>
      <label className="field">
        <span>Stripe customer id (optional)</span>
        <input
          value={stripeCustomer}
          placeholder="cus_…"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setStripeCustomer(e.target.value)}
        />
        <small className="muted">
          The partner's own customer in Stripe: their purchases through their own link are held as
          self-referrals.
        </small>
        {fields?.stripe_customer_id && (
          <small className="form-error">{fields.stripe_customer_id}</small>
        )}
      </label>
    </>
  );
}

function FormActions(props: {
  busy: boolean;
  label: string;
  busyLabel: string;
  onCancel: () => void;
}) {
  return (
    <div className="dialog-actions">
      <button type="button" className="button" onClick={props.onCancel}>
        Cancel
      </button>
      <button type="submit" className="button button-primary" disabled={props.busy}>
        {props.busy ? props.busyLabel : props.label}
      </button>
    </div>
  );
}

/** An error the fields do not show (a conflict, the network). */
function FormError({ error, fields }: { error: Error | null; fields: FieldErrors }) {
  if (!error || fields) return null;
  return (
    <p className="form-error" role="alert">
      {error.message}
    </p>
  );
}

export function CreatePartner({ programs, onDone }: { programs: Program[]; onDone: () => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [stripeCustomer, setStripeCustomer] = useState("");
  const [ref, setRef] = useState("");
  const [programId, setProgramId] = useState(programs[0]?.id ?? "");
  const [approved, setApproved] = useState(true);
  const create = useChange<Record<string, unknown>, Partner>((body) => ({
    path: "/api/v1/partners",
    method: "POST",
    body,
  }));
  const fields = fieldErrorsOf(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name,
        program_id: programId,
        status: approved ? "approved" : "pending",
        ...(email ? { email } : {}),
        ...(stripeCustomer.trim() ? { stripe_customer_id: stripeCustomer.trim() } : {}),
        ...(ref ? { ref } : {}),
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form onSubmit={submit} className="form">
      <PersonFields
        name={[name, setName]}
        email={[email, setEmail]}
        stripeCustomer={[stripeCustomer, setStripeCustomer]}
        fields={fields}
      />
      <label className="field">
        <span>Ref (optional: generated when empty)</span>
        <input
          value={ref}
          pattern="[A-Za-z0-9_\-]{1,64}"
          onChange={(e) => setRef(e.target.value)}
        />
        {fields?.ref && <small className="form-error">{fields.ref}</small>}
      </label>
      <label className="field">
        <span>Program</span>
        <select value={programId} onChange={(e) => setProgramId(e.target.value)}>
          {programs.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={approved} onChange={(e) => setApproved(e.target.checked)} />
        Approve now (only approved partners earn commissions)
      </label>
      <FormError error={create.error} fields={fields} />
      <FormActions
        busy={create.isPending}
        label="Create partner"
        busyLabel="Creating…"
        onCancel={onDone}
      />
    </form>
  );
}

/** Sends only what changed; an emptied e-mail or Stripe customer is removed (null). */
export function EditPartner({ partner, onDone }: { partner: Partner; onDone: () => void }) {
  const [name, setName] = useState(partner.name);
  const [email, setEmail] = useState(partner.email ?? "");
  const [stripeCustomer, setStripeCustomer] = useState(partner.stripe_customer_id ?? "");
  const update = useChange<Record<string, unknown>, Partner>((body) => ({
    path: `/api/v1/partners/${partner.id}`,
    method: "PATCH",
    body,
  }));
  const fields = fieldErrorsOf(update.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const nextEmail = email.trim() || null;
    const nextCustomer = stripeCustomer.trim() || null;
    const changes = {
      ...(name !== partner.name ? { name } : {}),
      ...(nextEmail !== partner.email ? { email: nextEmail } : {}),
      ...(nextCustomer !== partner.stripe_customer_id ? { stripe_customer_id: nextCustomer } : {}),
    };
    if (Object.keys(changes).length === 0) return onDone();
    update.mutate(changes, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} className="form">
      <PersonFields
        name={[name, setName]}
        email={[email, setEmail]}
        stripeCustomer={[stripeCustomer, setStripeCustomer]}
        fields={fields}
      />
      <FormError error={update.error} fields={fields} />
      <FormActions busy={update.isPending} label="Save" busyLabel="Saving…" onCancel={onDone} />
    </form>
  );
}
