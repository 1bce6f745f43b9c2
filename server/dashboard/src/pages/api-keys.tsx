import { useState } from "react";
import { useChange, useCursorList } from "../api/hooks";
import type { ApiKey, IssuedKey } from "../api/types";
import { Badge, CopyButton, PageHeader, Time } from "../components/bits";
import { Confirm } from "../components/dialog";
import { SecretReveal } from "../components/secret-reveal";
import { ErrorState, Loading } from "../components/states";
import { useMode } from "../state/mode";

type Pending = { key: ApiKey; action: "rotate" | "revoke" } | null;

const KIND = { pk: "Publishable key", sk: "Secret key" } as const;

export function ApiKeysPage() {
  const { mode } = useMode();
  const list = useCursorList<ApiKey>("/api/v1/keys", {}, { limit: 100 });
  const [pending, setPending] = useState<Pending>(null);
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const rotate = useChange<string, IssuedKey>((id) => ({
    path: `/api/v1/keys/${id}/rotate`,
    method: "POST",
  }));
  const revoke = useChange<string, ApiKey>((id) => ({
    path: `/api/v1/keys/${id}/revoke`,
    method: "POST",
  }));
  const create = useChange<"pk" | "sk", IssuedKey>((kind) => ({
    path: "/api/v1/keys",
    method: "POST",
    body: { kind },
  }));
  const active = list.rows.filter((k) => k.revoked_at === null);
  const revoked = list.rows.filter((k) => k.revoked_at !== null);
  const busy = rotate.isPending || revoke.isPending;

  const row = (key: ApiKey) => (
    <tr key={key.id}>
      <td>{KIND[key.kind]}</td>
      <td>
        <code className="key">{key.display}</code>
      </td>
      <td>
        <Time iso={key.created_at} />
      </td>
      <td>{key.revoked_at ? <Badge value="revoked" /> : <Badge value="active" />}</td>
      <td className="actions">
        <div className="row-actions">
          {key.kind === "pk" && key.revoked_at === null && (
            <CopyButton text={key.display} label="Copy" />
          )}
          {key.revoked_at === null && (
            <>
              <button
                type="button"
                className="button button-small"
                onClick={() => setPending({ key, action: "rotate" })}
              >
                Rotate<span className="visually-hidden"> {key.display}</span>
              </button>
              <button
                type="button"
                className="button button-small button-danger-quiet"
                onClick={() => setPending({ key, action: "revoke" })}
              >
                Revoke<span className="visually-hidden"> {key.display}</span>
              </button>
            </>
          )}
        </div>
      </td>
    </tr>
  );

  return (
    <>
      <PageHeader
        title="API keys"
        description={`Keys of ${mode} mode. Publishable keys (pk_${mode}_) go in your pages' snippet; secret keys (sk_${mode}_) stay on your server and are shown once, when made.`}
        actions={
          <>
            <button
              type="button"
              className="button"
              onClick={() => create.mutate("pk", { onSuccess: setIssued })}
            >
              New publishable key
            </button>
            <button
              type="button"
              className="button"
              onClick={() => create.mutate("sk", { onSuccess: setIssued })}
            >
              New secret key
            </button>
          </>
        }
      />
      {create.error && <ErrorState error={create.error} />}
      {list.isPending && <Loading />}
      {list.error && <ErrorState error={list.error} retry={() => void list.refetch()} />}
      {list.data && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Active keys</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Key</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>{active.map(row)}</tbody>
          </table>
          {active.length === 0 && (
            <p className="muted">No active key in {mode} mode: create one above.</p>
          )}
        </div>
      )}
      {revoked.length > 0 && (
        <details className="panel">
          <summary>Revoked keys ({revoked.length})</summary>
          <table className="table">
            <caption className="visually-hidden">Revoked keys</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Key</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>{revoked.map(row)}</tbody>
          </table>
        </details>
      )}
      <Confirm
        open={pending !== null}
        title={
          pending?.action === "rotate"
            ? `Rotate ${pending.key.display}?`
            : `Revoke ${pending?.key.display ?? ""}?`
        }
        confirmLabel={pending?.action === "rotate" ? "Rotate key" : "Revoke key"}
        danger
        busy={busy}
        error={rotate.error ?? revoke.error}
        onClose={() => {
          setPending(null);
          rotate.reset();
          revoke.reset();
        }}
        onConfirm={() => {
          if (!pending) return;
          if (pending.action === "rotate") {
            rotate.mutate(pending.key.id, {
              onSuccess: (key) => {
                setPending(null);
                setIssued(key);
              },
            });
          } else {
            revoke.mutate(pending.key.id, { onSuccess: () => setPending(null) });
          }
        }}
      >
        <p>
          {pending?.action === "rotate"
            ? "A new key replaces this one, which stops working immediately: requests still using it are refused. Update your "
            : "This key stops working immediately and nothing replaces it: requests using it are refused. Update your "}
          {pending?.key.kind === "pk" ? "pages' snippet (data-merchant)" : "server's configuration"}{" "}
          right after.
        </p>
      </Confirm>
      <SecretReveal
        title="Your new key"
        secret={issued?.key ?? null}
        onClose={() => setIssued(null)}
      >
        {issued?.kind === "sk"
          ? "Copy this secret key now: it is shown only this once. Store it in your server's secrets."
          : "Put this publishable key in your snippet's data-merchant attribute."}
      </SecretReveal>
    </>
  );
}
