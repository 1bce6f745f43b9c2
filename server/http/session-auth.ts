// The session branch of secret-key authentication (auth.ts): a signed-in dashboard user
// acts for their merchant in the mode the dashboard names in `Selgeo-Mode`, and every change
// carries the session's CSRF token in `X-CSRF-Token`. The cookie alone is never enough to change
// anything: another site can make a browser send it, but cannot read the token.
import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { userActor } from "../audit/actor";
import { CSRF_HEADER, MODE_HEADER } from "../contract/dashboard-session";
import { ApiError } from "../contract/errors";
import { MODES, type Mode } from "../contract/key-format";
import { type ActiveSession, resumeSession } from "../sessions/repository";
import type { AppEnv, AuthContext } from "./env";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function tokensEqual(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The session behind the cookie, or SESSION_EXPIRED (401). */
export async function activeSession(c: Context<AppEnv>, token: string): Promise<ActiveSession> {
  const { store, clock } = c.get("services");
  const active = await resumeSession(store.db, clock, token);
  if (!active) {
    throw new ApiError(
      "SESSION_EXPIRED",
      "Your dashboard session has ended (signed out, expired or revoked). Sign in again.",
    );
  }
  return active;
}

export function requireCsrfToken(c: Context<AppEnv>, active: ActiveSession): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  if (!tokensEqual(c.req.header(CSRF_HEADER), active.session.csrf_token)) {
    throw new ApiError(
      "CSRF_TOKEN_INVALID",
      `A change made with a dashboard session must carry the session's ${CSRF_HEADER} header (GET /api/v1/session gives it). Reload the dashboard and try again.`,
    );
  }
}

export async function authenticateSession(c: Context<AppEnv>, token: string): Promise<AuthContext> {
  const active = await activeSession(c, token);
  requireCsrfToken(c, active);
  const mode = c.req.header(MODE_HEADER);
  if (!(MODES as readonly (string | undefined)[]).includes(mode)) {
    throw new ApiError(
      "VALIDATION_ERROR",
      `A dashboard session must say which mode it works in: send ${MODE_HEADER}: test or ${MODE_HEADER}: live.`,
      { details: { fields: { [MODE_HEADER]: "must be test or live" } } },
    );
  }
  return { merchant: active.merchant, mode: mode as Mode, actor: userActor(active.user) };
}
