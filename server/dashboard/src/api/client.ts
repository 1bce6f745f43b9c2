// Every call the dashboard makes: the same /api/v1 routes merchants' servers use, authenticated
// by the session cookie, the mode the dashboard shows (Selgeo-Mode) and, for changes, the
// session's CSRF token. Errors arrive in the API's own envelope and are thrown as ApiError.
import { CSRF_HEADER, MODE_HEADER } from "../../../contract/dashboard-session";
import type { Mode } from "../../../contract/key-format";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  readonly details: Record<string, unknown>;

  constructor(
    status: number,
    body: { code?: string; message?: string; details?: Record<string, unknown> },
    requestId: string | null,
  ) {
    super(body.message ?? `The server answered ${status}.`);
    this.status = status;
    this.code = body.code ?? "UNKNOWN";
    this.requestId = requestId;
    this.details = body.details ?? {};
  }
}

let csrfToken: string | undefined;
/** Set at sign-in and whenever the session is read; sent with every change. */
export function rememberCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

let onSignedOut: (() => void) | undefined;
/** Called when any answer says the session has ended, so the app shows the sign-in page. */
export function whenSignedOut(callback: () => void): void {
  onSignedOut = callback;
}

export interface CallOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  mode?: Mode;
  body?: unknown;
  /** Extra request headers, e.g. an Idempotency-Key. */
  headers?: Record<string, string>;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
}

function withQuery(path: string, query: CallOptions["query"] = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function call<T>(path: string, options: CallOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (options.mode) headers[MODE_HEADER] = options.mode;
  if (method !== "GET" && csrfToken) headers[CSRF_HEADER] = csrfToken;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(withQuery(path, options.query), {
    method,
    headers,
    credentials: "same-origin",
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const error = new ApiError(
      response.status,
      (parsed as { error?: ApiError["details"] } | null)?.error ?? {},
      response.headers.get("X-Request-Id"),
    );
    if (error.code === "SESSION_EXPIRED" && path !== "/api/v1/session") onSignedOut?.();
    throw error;
  }
  return parsed as T;
}

/**
 * Saves a CSV export as a file. A plain link cannot do it: the session works only in the mode
 * named in a header, which a link cannot send.
 */
export async function downloadCsv(
  path: string,
  mode: Mode,
  filename: string,
  query?: CallOptions["query"],
): Promise<void> {
  const response = await fetch(withQuery(path, query), {
    headers: { Accept: "text/csv", [MODE_HEADER]: mode },
    credentials: "same-origin",
  });
  if (!response.ok) {
    let body: { error?: { code?: string; message?: string } } | null = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    throw new ApiError(response.status, body?.error ?? {}, response.headers.get("X-Request-Id"));
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}
