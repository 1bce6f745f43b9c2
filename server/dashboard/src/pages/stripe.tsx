import { type FormEvent, useState } from "react";
import { ApiError } from "../api/client";
import { useApi, useChange } from "../api/hooks";
import type { StripeDeliveries, StripeIntegration } from "../api/types";
import { AuditLink, CopyButton, PageHeader, Time } from "../components/bits";
import { Empty, ErrorState, Loading } from "../components/states";
import { useMode } from "../state/mode";

export function StripePage() {
  const { mode } = useMode();
  const integration = useApi<StripeIntegration>("/api/v1/integrations/stripe");
  const deliveries = useApi<StripeDeliveries>("/api/v1/integrations/stripe/deliveries", undefined, {
    refetchInterval: 10_000,
  });
  const [secret, setSecret] = useState("");
  const save = useChange<string, StripeIntegration>((webhook_secret) => ({
    path: "/api/v1/integrations/stripe",
    method: "PUT",
    body: { webhook_secret },
  }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(secret.trim(), { onSuccess: () => setSecret("") });
  };
  const fieldError =
    save.error instanceof ApiError
      ? ((save.error.details.fields as Record<string, string> | undefined)?.webhook_secret ??
        save.error.message)
      : save.error?.message;

  return (
    <>
      <PageHeader
        title="Stripe"
        description="Stripe tells Selgeo about each sale, renewal and refund through a webhook; Selgeo checks every delivery with your endpoint's signing secret."
      />
      {integration.isPending && <Loading />}
      {integration.error && (
        <ErrorState error={integration.error} retry={() => void integration.refetch()} />
      )}
      {integration.data && (
        <>
          <section className="panel">
            <h2>1. Add the endpoint in Stripe</h2>
            <p>
              In the Stripe Dashboard, <strong>Developers › Webhooks › Add destination</strong>, in{" "}
              {mode} mode, with this URL (the same for both modes):
            </p>
            <div className="key-reveal">
              <code>{integration.data.webhook_url}</code>
              <CopyButton text={integration.data.webhook_url} label="Copy URL" />
            </div>
            <p>Select these events:</p>
            <ul className="events">
              {integration.data.events.map((event) => (
                <li key={event}>
                  <code>{event}</code>
                </li>
              ))}
            </ul>
          </section>
          <section className="panel">
            <h2>2. Give Selgeo the {mode} signing secret</h2>
            <p>
              Current {mode} secret:{" "}
              {integration.data.webhook_secret ? (
                <>
                  <code>{integration.data.webhook_secret}</code>
                  {integration.data.updated_at && (
                    <span className="muted">
                      {" "}
                      (set <Time iso={integration.data.updated_at} />)
                    </span>
                  )}
                </>
              ) : (
                <strong>not set — deliveries in {mode} mode are refused until it is.</strong>
              )}
            </p>
            <form className="inline-form" onSubmit={submit}>
              <label className="field grow">
                <span>Signing secret of your {mode}-mode endpoint (whsec_…)</span>
                <input
                  type="password"
                  autoComplete="off"
                  placeholder="whsec_…"
                  value={secret}
                  onChange={(e) => {
                    save.reset();
                    setSecret(e.target.value);
                  }}
                  aria-invalid={fieldError ? true : undefined}
                  aria-describedby={fieldError ? "secret-error" : undefined}
                />
              </label>
              <button
                type="submit"
                className="button button-primary"
                disabled={!secret || save.isPending}
              >
                {integration.data.webhook_secret ? "Replace secret" : "Save secret"}
              </button>
            </form>
            {fieldError && (
              <p id="secret-error" className="form-error" role="alert">
                {fieldError}
              </p>
            )}
            {save.isSuccess && (
              <p className="form-success" role="status">
                Saved. Deliveries signed with it are accepted from now on.
              </p>
            )}
          </section>
        </>
      )}
      <section className="panel">
        <h2>Deliveries in {mode} mode</h2>
        {deliveries.isPending && <Loading />}
        {deliveries.error && <ErrorState error={deliveries.error} />}
        {deliveries.data && (
          <>
            <p>
              Last event:{" "}
              {deliveries.data.last_event ? (
                <>
                  <code>{deliveries.data.last_event.type}</code> received{" "}
                  <Time iso={deliveries.data.last_event.received_at} /> (
                  {deliveries.data.last_event.outcome}, request{" "}
                  <AuditLink id={deliveries.data.last_event.request_id} />)
                </>
              ) : (
                <span className="muted">
                  none yet. Send a test event from Stripe once the endpoint is added.
                </span>
              )}
            </p>
            <h3>Recent signature failures</h3>
            {deliveries.data.signature_failures.length === 0 ? (
              <Empty title="No signature failures." />
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">Deliveries whose signature failed</caption>
                  <thead>
                    <tr>
                      <th scope="col">Received</th>
                      <th scope="col">Reason</th>
                      <th scope="col">What to do</th>
                      <th scope="col">Request</th>
                    </tr>
                  </thead>
                  <tbody>
                    {deliveries.data.signature_failures.map((f) => (
                      <tr key={f.id}>
                        <td>
                          <Time iso={f.received_at} />
                        </td>
                        <td>
                          <code>{f.reason}</code>
                          {f.claimed_mode && (
                            <div className="small muted">claims {f.claimed_mode} mode</div>
                          )}
                        </td>
                        <td className="wrap">{f.message}</td>
                        <td>
                          <code>{f.request_id}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </section>
    </>
  );
}
