// Dashboard sessions, kept in the database so that signing out, deleting a user or revoking a
// session ends it everywhere at once. The browser holds a random token; the table holds its
// sha256, so a copy of the table signs nobody in. A session ends after IDLE_MS without use and
// in any case ABSOLUTE_MS after sign-in.
// Sessions belong to their user's merchant and are written through its tenant handle
// (store/tenant.ts). The one look-up across merchants is by the token's hash, as a key is found
// by its hash: the token names its merchant.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { type Clock, HOUR_MS, toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { Database, Merchant, Session, User } from "../store/schema";
import { type MerchantQueries, merchantScoped } from "../store/tenant";

const IDLE_MS = 12 * HOUR_MS;
export const ABSOLUTE_MS = 7 * 24 * HOUR_MS;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function expiry(createdAt: number, seenAt: number): string {
  return toIso(new Date(Math.min(seenAt + IDLE_MS, createdAt + ABSOLUTE_MS)));
}

interface StartedSession {
  session: Session;
  /** The cookie's value: shown to the browser once, never stored. */
  token: string;
}

export async function startSession(
  db: Kysely<Database>,
  clock: Clock,
  user: User,
  client: { ip: string | null; userAgent: string | null },
): Promise<StartedSession> {
  const token = randomBytes(32).toString("base64url");
  const now = clock.now().getTime();
  const session: Session = {
    id: newId("ses"),
    token_hash: hashToken(token),
    user_id: user.id,
    merchant_id: user.merchant_id,
    csrf_token: randomBytes(32).toString("base64url"),
    created_at: toIso(new Date(now)),
    last_seen_at: toIso(new Date(now)),
    expires_at: expiry(now, now),
    revoked_at: null,
    ip: client.ip,
    user_agent: client.userAgent?.slice(0, 300) ?? null,
  };
  await merchantScoped(db, user.merchant_id).transaction(async (trx) => {
    await trx.insertInto("sessions", session).execute();
    await trx
      .updateTable("users")
      .set({ last_sign_in_at: session.created_at })
      .where("id", "=", user.id)
      .execute();
  });
  return { session, token };
}

export interface ActiveSession {
  session: Session;
  user: Pick<User, "id" | "email" | "merchant_id">;
  merchant: Merchant;
}

/** The session this token opened, if it is still active; its idle clock restarts. */
export async function resumeSession(
  db: Kysely<Database>,
  clock: Clock,
  token: string,
): Promise<ActiveSession | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", (join) =>
      join
        .onRef("users.id", "=", "sessions.user_id")
        .onRef("users.merchant_id", "=", "sessions.merchant_id"),
    )
    .innerJoin("merchants", "merchants.id", "sessions.merchant_id")
    .selectAll("sessions")
    .select([
      "users.email as user_email",
      "merchants.name as merchant_name",
      "merchants.allowed_origins as merchant_allowed_origins",
      "merchants.created_at as merchant_created_at",
    ])
    .where("sessions.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  const now = clock.now();
  if (!row || row.revoked_at !== null || row.expires_at <= toIso(now)) return undefined;
  const { user_email, merchant_name, merchant_allowed_origins, merchant_created_at, ...session } =
    row;
  if (now.getTime() - Date.parse(session.last_seen_at) >= TOUCH_EVERY_MS) {
    session.last_seen_at = toIso(now);
    session.expires_at = expiry(Date.parse(session.created_at), now.getTime());
    await merchantScoped(db, session.merchant_id)
      .updateTable("sessions")
      .set({ last_seen_at: session.last_seen_at, expires_at: session.expires_at })
      .where("id", "=", session.id)
      .execute();
  }
  return {
    session,
    user: { id: session.user_id, email: user_email, merchant_id: session.merchant_id },
    merchant: {
      id: session.merchant_id,
      name: merchant_name,
      allowed_origins: merchant_allowed_origins,
      created_at: merchant_created_at,
    },
  };
}

export async function endSession(tenant: MerchantQueries, clock: Clock, id: string): Promise<void> {
  await tenant
    .updateTable("sessions")
    .set({ revoked_at: toIso(clock.now()) })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .execute();
}

/** Ends the session this token opened, if any (signing in again from the same browser). */
export async function endSessionOfToken(
  db: Kysely<Database>,
  clock: Clock,
  token: string,
): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ revoked_at: toIso(clock.now()) })
    .where("token_hash", "=", hashToken(token))
    .where("revoked_at", "is", null)
    .execute();
}
