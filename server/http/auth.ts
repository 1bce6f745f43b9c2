// Key checks for the two kinds of endpoint: secret (merchant servers) and publishable
// (browsers). Wrong kind, bad key and revoked key each get the contract's own code.
// Secret-key endpoints also take the dashboard's session instead of a key (session-auth.ts), so the
// dashboard reads and writes through exactly the routes merchants' servers use.
import type { Context, MiddlewareHandler } from "hono";
import { actingAs, keyActor } from "../audit/actor";
import { ApiError } from "../contract/errors";
import { type Mode, maskKey, parseKey } from "../contract/key-format";
import { authenticateKey } from "../keys/authenticate";
import type { Services } from "../services";
import type { ApiKeyRow, Merchant } from "../store/schema";
import type { AppEnv, AuthContext } from "./env";
import { requestHeader } from "./request-headers";
import { authenticateSession } from "./session-auth";
import { readSessionCookie } from "./session-cookie";

/** A checked key: its merchant, the key itself and its mode. */
interface KeyAuth {
  merchant: Merchant;
  key: ApiKeyRow;
  mode: Mode;
}

/** The key an Authorization header presents: `Bearer KEY`, or the bare value. */
export function bearerFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? header.trim();
}

export function bearerToken(c: Context): string | undefined {
  return bearerFrom(requestHeader(c, "authorization"));
}

const REASON_TEXT = {
  MALFORMED: "is not a Selgeo key (expected pk_/sk_ + test/live + 24 or more letters and digits)",
  UNKNOWN: "does not belong to any merchant",
  REVOKED: "has been revoked; use the key that replaced it (Settings › API Keys)",
} as const;

export async function authenticate(
  services: Pick<Services, "clickLookups" | "store">,
  presented: string | undefined,
  kind: "pk" | "sk",
): Promise<KeyAuth> {
  if (!presented) {
    throw new ApiError(
      "INVALID_API_KEY",
      kind === "sk"
        ? "No API key. Send your secret key as Authorization: Bearer sk_test_… or sk_live_…."
        : "No API key. Send your publishable key (pk_test_… or pk_live_…) as `key` in the body.",
    );
  }
  const parsed = parseKey(presented);
  if (parsed && parsed.kind !== kind) {
    throw kind === "sk"
      ? new ApiError(
          "SECRET_KEY_REQUIRED",
          "This endpoint needs a secret key (sk_…). Publishable keys can only record clicks.",
        )
      : new ApiError(
          "PUBLISHABLE_KEY_REQUIRED",
          "This endpoint takes a publishable key (pk_…). Never use a secret key in a browser: rotate the exposed key now.",
        );
  }
  // Publishable keys are checked on every click: through the short-lived cache.
  const verdict =
    kind === "pk"
      ? await services.clickLookups.publishableKey(presented)
      : await authenticateKey(services.store.db, presented);
  if (!verdict.ok) {
    throw new ApiError(
      "INVALID_API_KEY",
      `The API key ${parsed ? `${maskKey(parsed.key)} ` : ""}${REASON_TEXT[verdict.reason]}.`,
      { details: { reason: verdict.reason } },
    );
  }
  return { merchant: verdict.merchant, key: verdict.key, mode: verdict.parsed.mode };
}

/**
 * A secret key in Authorization, or else the dashboard's session cookie (with its mode and, for
 * changes, its CSRF token). The rest of the request runs as the key or the user, so the audit
 * entries it writes name them.
 */
export function requireSecretKey(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const presented = bearerToken(c);
    const session = presented === undefined ? readSessionCookie(c) : undefined;
    let auth: AuthContext;
    if (session !== undefined) {
      auth = await authenticateSession(c, session);
    } else {
      const { merchant, key, mode } = await authenticate(c.get("services"), presented, "sk");
      auth = { merchant, mode, actor: keyActor(key) };
    }
    c.set("auth", auth);
    await actingAs(auth.actor, next);
  };
}
