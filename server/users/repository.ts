// Merchant users: the people who sign in to the dashboard. One account per e-mail address, tied
// to one merchant. Outcomes are returned, not thrown, so the CLI and routes word them their way.
import type { Kysely } from "kysely";
import { type Clock, toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import { isUniqueViolation } from "../store/errors";
import type { Database, User } from "../store/schema";
import { hashPassword, passwordProblem } from "./password";

/** E-mail addresses compare without case and surrounding spaces. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type CreateUserOutcome =
  | { kind: "created"; user: User }
  | { kind: "invalid_email" }
  | { kind: "weak_password"; problem: string }
  | { kind: "unknown_merchant" }
  | { kind: "email_taken" };

export async function createUser(
  db: Kysely<Database>,
  clock: Clock,
  input: { merchantId: string; email: string; password: string },
): Promise<CreateUserOutcome> {
  const email = normaliseEmail(input.email);
  if (!EMAIL.test(email) || email.length > 254) return { kind: "invalid_email" };
  const problem = passwordProblem(input.password);
  if (problem) return { kind: "weak_password", problem };
  const merchant = await db
    .selectFrom("merchants")
    .select("id")
    .where("id", "=", input.merchantId)
    .executeTakeFirst();
  if (!merchant) return { kind: "unknown_merchant" };
  const user: User = {
    id: newId("usr"),
    merchant_id: input.merchantId,
    email,
    password_hash: await hashPassword(input.password),
    created_at: toIso(clock.now()),
    last_sign_in_at: null,
  };
  try {
    await db.insertInto("users").values(user).execute();
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: "email_taken" };
    throw error;
  }
  return { kind: "created", user };
}

export async function findUserByEmail(
  db: Kysely<Database>,
  email: string,
): Promise<User | undefined> {
  return db
    .selectFrom("users")
    .selectAll()
    .where("email", "=", normaliseEmail(email))
    .executeTakeFirst();
}

export async function listUsers(db: Kysely<Database>, merchantId?: string): Promise<User[]> {
  let query = db.selectFrom("users").selectAll();
  if (merchantId !== undefined) query = query.where("merchant_id", "=", merchantId);
  return query.orderBy("merchant_id").orderBy("created_at").execute();
}

/** Deletes the account and its sessions, so every browser signed in as it is signed out at once. */
export async function deleteUser(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db.transaction().execute(async (trx) => {
    const user = await findUserByEmail(trx, email);
    if (!user) return undefined;
    await trx.deleteFrom("sessions").where("user_id", "=", user.id).execute();
    await trx.deleteFrom("users").where("id", "=", user.id).execute();
    return user;
  });
}
