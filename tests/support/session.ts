// Dashboard users and sessions for tests: a user made as `selgeo user create` makes one, a
// sign-in through the real route, and the headers a signed-in dashboard sends.
import type { Mode } from "../../server/contract/key-format";
import { createUser } from "../../server/users/repository";
import type { CallOptions, CallResult, Harness } from "./harness";

export const TEST_PASSWORD = "correct horse battery staple";

export interface SignedIn {
  /** `name=value`, as a browser sends it back. */
  cookie: string;
  csrf: string;
  /** The Set-Cookie header the sign-in answered with. */
  setCookie: string;
  body: any;
}

export async function createDashboardUser(
  h: Harness,
  options: { email?: string; password?: string; merchantId?: string } = {},
): Promise<{ email: string; password: string; id: string }> {
  const email = options.email ?? `owner-${Math.random().toString(36).slice(2, 10)}@shop.example`;
  const password = options.password ?? TEST_PASSWORD;
  const outcome = await createUser(h.services.store.db, h.clock, {
    merchantId: options.merchantId ?? h.merchant.merchant_id,
    email,
    password,
  });
  if (outcome.kind !== "created") throw new Error(`user not created: ${outcome.kind}`);
  return { email, password, id: outcome.user.id };
}

export function signInRequest(
  h: Harness,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<CallResult> {
  return h.post("/api/v1/session", { body: { email, password }, headers });
}

export async function signIn(
  h: Harness,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<SignedIn> {
  const res = await signInRequest(h, email, password, headers);
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
  const setCookie = res.headers.get("set-cookie") ?? "";
  return {
    cookie: setCookie.split(";")[0] ?? "",
    csrf: res.body.csrf_token,
    setCookie,
    body: res.body,
  };
}

/** What the dashboard sends: the cookie, the mode and (for changes) the CSRF token. */
export function asDashboard(
  session: SignedIn,
  mode: Mode,
  options: Omit<CallOptions, "key"> & { csrf?: boolean } = {},
): CallOptions {
  const { csrf = true, headers, ...rest } = options;
  return {
    ...rest,
    headers: {
      Cookie: session.cookie,
      "Selgeo-Mode": mode,
      ...(csrf ? { "X-CSRF-Token": session.csrf } : {}),
      ...headers,
    },
  };
}
