import { type FormEvent, useEffect, useState } from "react";
import { ApiError } from "../api/client";
import { useApi, useChange } from "../api/hooks";
import type { Settings } from "../api/types";
import { PageHeader } from "../components/bits";
import { ErrorState, Loading } from "../components/states";

export function OriginsPage() {
  const settings = useApi<Settings>("/api/v1/settings");
  const [origins, setOrigins] = useState<string[]>([]);
  const [adding, setAdding] = useState("");
  useEffect(() => {
    if (settings.data) setOrigins(settings.data.allowed_origins);
  }, [settings.data]);
  const save = useChange<string[], Settings>((allowed_origins) => ({
    path: "/api/v1/settings",
    method: "PATCH",
    body: { allowed_origins },
  }));
  const changed = JSON.stringify(origins) !== JSON.stringify(settings.data?.allowed_origins ?? []);
  const add = (event: FormEvent) => {
    event.preventDefault();
    const value = adding.trim();
    if (value && !origins.includes(value)) setOrigins([...origins, value]);
    setAdding("");
    save.reset();
  };
  const fields =
    save.error instanceof ApiError
      ? (save.error.details.fields as Record<string, string> | undefined)
      : undefined;

  return (
    <>
      <PageHeader
        title="Allowed origins"
        description="Lock your publishable keys (both modes) to your own sites: a click from a page on any other origin is refused with 403 ORIGIN_NOT_ALLOWED. An empty list allows every origin."
      />
      {settings.isPending && <Loading />}
      {settings.error && (
        <ErrorState error={settings.error} retry={() => void settings.refetch()} />
      )}
      {settings.data && (
        <section className="panel">
          {origins.length === 0 ? (
            <p className="muted">Any origin may use your publishable keys.</p>
          ) : (
            <ul className="origin-list">
              {origins.map((origin, index) => (
                <li key={origin}>
                  <code>{origin}</code>
                  {fields?.[`allowed_origins.${index}`] && (
                    <span className="form-error small"> {fields[`allowed_origins.${index}`]}</span>
                  )}
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    onClick={() => {
                      save.reset();
                      setOrigins(origins.filter((o) => o !== origin));
                    }}
                  >
                    Remove<span className="visually-hidden"> {origin}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <form className="inline-form" onSubmit={add}>
            <label className="field grow">
              <span>Origin</span>
              <input
                placeholder="https://shop.example"
                value={adding}
                onChange={(e) => setAdding(e.target.value)}
              />
            </label>
            <button type="submit" className="button">
              Add
            </button>
          </form>
          {save.error && !fields && (
            <p className="form-error" role="alert">
              {save.error.message}
            </p>
          )}
          {save.isSuccess && !changed && (
            <p className="form-success" role="status">
              Saved: applies to the next click.
            </p>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="button"
              disabled={!changed}
              onClick={() => setOrigins(settings.data.allowed_origins)}
            >
              Discard
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={!changed || save.isPending}
              onClick={() => save.mutate(origins)}
            >
              Save origins
            </button>
          </div>
        </section>
      )}
    </>
  );
}
