// Webhooks: the merchant's endpoints in the current mode (each created endpoint's signing secret
// is shown once), editing, enabling, disabling and deleting them, and the recent deliveries with
// each one's attempts and Resend.
import { useState } from "react";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../../../contract/webhook-events";
import { useApi, useChange, useCursorList } from "../api/hooks";
import type {
  CreatedWebhookEndpoint,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookEndpoint,
} from "../api/types";
import { Badge, NumHeader, PageHeader, Pager, RowButton, Time } from "../components/bits";
import { Confirm, Dialog } from "../components/dialog";
import { SecretReveal } from "../components/secret-reveal";
import { Empty, ErrorState, Loading } from "../components/states";
import { useMode } from "../state/mode";

const DELIVERY_TONE: Record<WebhookDelivery["status"], string> = {
  pending: "pending",
  delivered: "approved",
  failed: "rejected",
};

/** Creates an endpoint, or with `endpoint` changes its URL, description and events. */
function EndpointForm({
  endpoint,
  onSaved,
}: {
  endpoint?: WebhookEndpoint;
  onSaved: (endpoint: CreatedWebhookEndpoint | WebhookEndpoint) => void;
}) {
  const [url, setUrl] = useState(endpoint?.url ?? "");
  const [description, setDescription] = useState(endpoint?.description ?? "");
  const [events, setEvents] = useState<WebhookEventType[]>(
    endpoint ? [...endpoint.events] : [...WEBHOOK_EVENT_TYPES],
  );
  const save = useChange<void, CreatedWebhookEndpoint | WebhookEndpoint>(() =>
    endpoint
      ? {
          path: `/api/v1/webhook-endpoints/${endpoint.id}`,
          method: "PATCH",
          // An emptied description is removed, not kept.
          body: { url: url.trim(), events, description: description.trim() || null },
        }
      : {
          path: "/api/v1/webhook-endpoints",
          method: "POST",
          body: { url: url.trim(), events, ...(description.trim() ? { description } : {}) },
        },
  );
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(undefined, { onSuccess: onSaved });
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
      {save.error && (
        <p className="form-error" role="alert">
          {save.error.message}
        </p>
      )}
      <div className="dialog-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={save.isPending || events.length === 0}
        >
          {save.isPending ? "Working…" : endpoint ? "Save changes" : "Create endpoint"}
        </button>
      </div>
    </form>
  );
}

/** One delivery's attempts: when, what the endpoint answered, how long it took. */
function DeliveryAttempts({ id }: { id: string }) {
  const detail = useApi<WebhookDeliveryDetail>(`/api/v1/webhook-deliveries/${id}`);
  if (detail.isPending) return <Loading />;
  if (detail.error) return <ErrorState error={detail.error} retry={() => void detail.refetch()} />;
  const delivery = detail.data;
  return (
    <div className="dialog-body">
      <p>
        <code>{delivery.event_type}</code> (event <code>{delivery.event_id}</code>):{" "}
        <Badge value={DELIVERY_TONE[delivery.status]} label={delivery.status} />
        {delivery.status === "pending" && delivery.next_attempt_at && (
          <>
            , next attempt <Time iso={delivery.next_attempt_at} />
          </>
        )}
      </p>
      {delivery.attempt_log.length === 0 ? (
        <Empty title="Not attempted yet." />
      ) : (
        // Four short columns fit the dialog: no scrolling wrapper (one would need keyboard focus).
        <table className="table">
          <caption className="visually-hidden">Attempts, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Status</th>
              <th scope="col">Response</th>
              <NumHeader>Duration</NumHeader>
            </tr>
          </thead>
          <tbody>
            {delivery.attempt_log.map((attempt) => {
              const ok =
                attempt.status_code !== null &&
                attempt.status_code >= 200 &&
                attempt.status_code < 300;
              return (
                <tr key={attempt.id}>
                  <td>
                    <Time iso={attempt.created_at} />
                  </td>
                  <td>
                    <Badge
                      value={ok ? "approved" : "rejected"}
                      label={ok ? "delivered" : "failed"}
                    />
                  </td>
                  <td className="small">
                    {attempt.status_code !== null
                      ? `HTTP ${attempt.status_code}`
                      : (attempt.error ?? "—")}
                  </td>
                  <td className="num">{attempt.duration_ms.toLocaleString()} ms</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
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
  const [editing, setEditing] = useState<WebhookEndpoint | null>(null);
  const [inspected, setInspected] = useState<WebhookDelivery | null>(null);
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
                        <RowButton
                          label="Edit"
                          target={endpoint.url}
                          onClick={() => setEditing(endpoint)}
                        />
                        <RowButton
                          label={endpoint.disabled ? "Enable" : "Disable"}
                          target={endpoint.url}
                          onClick={() =>
                            setPending({
                              endpoint,
                              action: endpoint.disabled ? "enable" : "disable",
                            })
                          }
                        />
                        <RowButton
                          label="Delete"
                          target={endpoint.url}
                          onClick={() => setPending({ endpoint, action: "delete" })}
                          danger
                        />
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
                  <th scope="col">Event and endpoint</th>
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
                      <span
                        className="small muted truncate truncate-narrow"
                        title={urlOf(delivery.endpoint_id)}
                      >
                        {urlOf(delivery.endpoint_id)}
                      </span>
                    </td>
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
                      {delivery.last_status_code !== null ? (
                        `HTTP ${delivery.last_status_code}`
                      ) : (
                        <span
                          className="truncate truncate-narrow"
                          title={delivery.last_error ?? undefined}
                        >
                          {delivery.last_error ?? "—"}
                        </span>
                      )}
                    </td>
                    <td className="actions">
                      <div className="row-actions">
                        <RowButton
                          label="Attempts"
                          target={delivery.id}
                          onClick={() => setInspected(delivery)}
                        />
                        <RowButton
                          label="Resend"
                          target={delivery.id}
                          onClick={() =>
                            resend.mutate(delivery.id, {
                              onSuccess: () =>
                                setResent(`${delivery.event_type} is queued to be sent again.`),
                            })
                          }
                          disabled={resend.isPending}
                        />
                      </div>
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
          <EndpointForm
            onSaved={(endpoint) => {
              setCreating(false);
              setCreated(endpoint as CreatedWebhookEndpoint);
            }}
          />
        )}
      </Dialog>
      <Dialog
        open={editing !== null}
        title="Edit webhook endpoint"
        onClose={() => setEditing(null)}
      >
        {editing && (
          <EndpointForm key={editing.id} endpoint={editing} onSaved={() => setEditing(null)} />
        )}
      </Dialog>
      <Dialog
        open={inspected !== null}
        title={
          inspected ? `Attempts of ${inspected.event_type} to ${urlOf(inspected.endpoint_id)}` : ""
        }
        onClose={() => setInspected(null)}
      >
        {inspected && <DeliveryAttempts id={inspected.id} />}
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
