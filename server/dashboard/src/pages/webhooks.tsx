// Webhooks: the merchant's endpoints in the current mode (each created endpoint's signing secret
// is shown once), enabling, disabling and deleting them, and the recent deliveries with Resend.
import { useState } from "react";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../../../contract/webhook-events";
import { useChange, useCursorList } from "../api/hooks";
import type { CreatedWebhookEndpoint, WebhookDelivery, WebhookEndpoint } from "../api/types";
import { Badge, NumHeader, PageHeader, Pager, Time } from "../components/bits";
import { Confirm, Dialog } from "../components/dialog";
import { SecretReveal } from "../components/secret-reveal";
import { Empty, ErrorState, Loading } from "../components/states";
import { useMode } from "../state/mode";

const DELIVERY_TONE: Record<WebhookDelivery["status"], string> = {
  pending: "pending",
  delivered: "approved",
  failed: "rejected",
};

function CreateEndpoint({ onCreated }: { onCreated: (endpoint: CreatedWebhookEndpoint) => void }) {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<WebhookEventType[]>([...WEBHOOK_EVENT_TYPES]);
  const create = useChange<void, CreatedWebhookEndpoint>(() => ({
    path: "/api/v1/webhook-endpoints",
    method: "POST",
    body: { url: url.trim(), events, ...(description.trim() ? { description } : {}) },
  }));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(undefined, { onSuccess: onCreated });
      }}
    >
      <div className="dialog-body">
        <label className="field">
          <span>Endpoint URL</span>
          <input
            type="url"
            required
            value={url}
            placeholder="https://shop.example/selgeo/webhooks"
            onChange={(e) => setUrl(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Description (optional)</span>
          <input
            maxLength={200}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <fieldset className="field">
          <legend>Events</legend>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="check">
              <input
                type="checkbox"
                checked={events.includes(type)}
                onChange={(e) =>
                  setEvents((list) =>
                    e.target.checked ? [...list, type] : list.filter((t) => t !== type),
                  )
                }
              />
              <code>{type}</code>
            </label>
          ))}
        </fieldset>
      </div>
      {create.error && (
        <p className="form-error" role="alert">
          {create.error.message}
        </p>
      )}
      <div className="dialog-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={create.isPending || events.length === 0}
        >
          {create.isPending ? "Working…" : "Create endpoint"}
        </button>
      </div>
    </form>
  );
}

type Pending = { endpoint: WebhookEndpoint; action: "disable" | "enable" | "delete" } | null;

export function WebhooksPage() {
  const { mode } = useMode();
  const endpoints = useCursorList<WebhookEndpoint>("/api/v1/webhook-endpoints", {}, { limit: 100 });
  const deliveries = useCursorList<WebhookDelivery>(
    "/api/v1/webhook-deliveries",
    {},
    { refetchInterval: 10_000 },
  );
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [resent, setResent] = useState<string | null>(null);
  const update = useChange<{ id: string; disabled: boolean }, WebhookEndpoint>(
    ({ id, disabled }) => ({
      path: `/api/v1/webhook-endpoints/${id}`,
      method: "PATCH",
      body: { disabled },
    }),
  );
  const remove = useChange<string, unknown>((id) => ({
    path: `/api/v1/webhook-endpoints/${id}`,
    method: "DELETE",
  }));
  const resend = useChange<string, WebhookDelivery>((id) => ({
    path: `/api/v1/webhook-deliveries/${id}/resend`,
    method: "POST",
  }));
  const urlOf = (id: string) => endpoints.rows.find((e) => e.id === id)?.url ?? id;

  return (
    <>
      <PageHeader
        title="Webhooks"
        description={`Endpoints of ${mode} mode: Selgeo tells them what happened, signed with each endpoint's secret (Selgeo-Signature), retrying for up to three days.`}
        actions={
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New endpoint
          </button>
        }
      />
      <section aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">Endpoints</h2>
        {endpoints.isPending && <Loading />}
        {endpoints.error && (
          <ErrorState error={endpoints.error} retry={() => void endpoints.refetch()} />
        )}
        {endpoints.data && endpoints.rows.length === 0 && (
          <Empty title={`No endpoint in ${mode} mode.`}>
            Create one with “New endpoint”; its secret is shown once.
          </Empty>
        )}
        {endpoints.rows.length > 0 && (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Webhook endpoints</caption>
              <thead>
                <tr>
                  <th scope="col">URL</th>
                  <th scope="col">Events</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {endpoints.rows.map((endpoint) => (
                  <tr key={endpoint.id}>
                    <td>
                      <code>{endpoint.url}</code>
                      {endpoint.description && (
                        <div className="small muted">{endpoint.description}</div>
                      )}
                    </td>
                    <td className="small">
                      {endpoint.events.length === WEBHOOK_EVENT_TYPES.length
                        ? "All events"
                        : endpoint.events.join(", ")}
                    </td>
                    <td>
                      <Badge
                        value={endpoint.disabled ? "suspended" : "active"}
                        label={endpoint.disabled ? "disabled" : "enabled"}
                      />
                    </td>
                    <td className="actions">
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() =>
                            setPending({
                              endpoint,
                              action: endpoint.disabled ? "enable" : "disable",
                            })
                          }
                        >
                          {endpoint.disabled ? "Enable" : "Disable"}
                          <span className="visually-hidden"> {endpoint.url}</span>
                        </button>
                        <button
                          type="button"
                          className="button button-small button-danger-quiet"
                          onClick={() => setPending({ endpoint, action: "delete" })}
                        >
                          Delete<span className="visually-hidden"> {endpoint.url}</span>
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">Recent deliveries</h2>
        {resent && (
          <p className="muted small" role="status">
            {resent}
          </p>
        )}
        {resend.error && <ErrorState error={resend.error} />}
        {deliveries.isPending && <Loading />}
        {deliveries.error && (
          <ErrorState error={deliveries.error} retry={() => void deliveries.refetch()} />
        )}
        {deliveries.data && deliveries.rows.length === 0 && (
          <Empty title="No deliveries yet.">
            Events are delivered to the endpoints that chose them.
          </Empty>
        )}
        {deliveries.rows.length > 0 && (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Webhook deliveries, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Event</th>
                  <th scope="col">Endpoint</th>
                  <th scope="col">Status</th>
                  <NumHeader>Attempts</NumHeader>
                  <th scope="col">Last answer</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {deliveries.rows.map((delivery) => (
                  <tr key={delivery.id}>
                    <td>
                      <Time iso={delivery.created_at} />
                    </td>
                    <td>
                      <code>{delivery.event_type}</code>
                    </td>
                    <td className="small">{urlOf(delivery.endpoint_id)}</td>
                    <td>
                      <Badge value={DELIVERY_TONE[delivery.status]} label={delivery.status} />
                      {delivery.status === "pending" && delivery.next_attempt_at && (
                        <div className="small muted">
                          next <Time iso={delivery.next_attempt_at} />
                        </div>
                      )}
                    </td>
                    <td className="num">{delivery.attempts}</td>
                    <td className="small">
                      {delivery.last_status_code !== null
                        ? `HTTP ${delivery.last_status_code}`
                        : (delivery.last_error ?? "—")}
                    </td>
                    <td className="actions">
                      <button
                        type="button"
                        className="button button-small"
                        disabled={resend.isPending}
                        onClick={() =>
                          resend.mutate(delivery.id, {
                            onSuccess: () =>
                              setResent(`${delivery.event_type} is queued to be sent again.`),
                          })
                        }
                      >
                        Resend<span className="visually-hidden"> {delivery.id}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager {...deliveries} label="Deliveries" />
      </section>
      <Dialog open={creating} title="New webhook endpoint" onClose={() => setCreating(false)}>
        {creating && (
          <CreateEndpoint
            onCreated={(endpoint) => {
              setCreating(false);
              setCreated(endpoint);
            }}
          />
        )}
      </Dialog>
      <SecretReveal
        title="Your endpoint's signing secret"
        secret={created?.secret ?? null}
        onClose={() => setCreated(null)}
      >
        Copy this secret now: it is shown only this once. Your receiver checks each delivery's
        Selgeo-Signature with it.
      </SecretReveal>
      <Confirm
        open={pending !== null}
        title={
          pending
            ? `${pending.action[0]?.toUpperCase()}${pending.action.slice(1)} ${pending.endpoint.url}?`
            : ""
        }
        confirmLabel={
          pending?.action === "delete"
            ? "Delete endpoint"
            : pending?.action === "enable"
              ? "Enable endpoint"
              : "Disable endpoint"
        }
        danger={pending?.action !== "enable"}
        busy={update.isPending || remove.isPending}
        error={update.error ?? remove.error}
        onClose={() => {
          setPending(null);
          update.reset();
          remove.reset();
        }}
        onConfirm={() => {
          if (!pending) return;
          const done = { onSuccess: () => setPending(null) };
          if (pending.action === "delete") remove.mutate(pending.endpoint.id, done);
          else
            update.mutate(
              { id: pending.endpoint.id, disabled: pending.action === "disable" },
              done,
            );
        }}
      >
        <p>
          {pending?.action === "delete"
            ? "It receives nothing more; its deliveries still waiting for a retry fail."
            : pending?.action === "disable"
              ? "It receives nothing until enabled again; deliveries due meanwhile fail (Resend sends one again once it is enabled)."
              : "It receives the events it chose again, from now on."}
        </p>
      </Confirm>
    </>
  );
}
