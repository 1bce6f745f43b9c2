// Merchant users: the people who sign in to the dashboard. One account per e-mail address, tied
// to one merchant. Outcomes are returned, not thrown, so the CLI and routes word them their way.
// Users are written through their merchant's tenant handle (store/tenant.ts). Two look-ups cross
// merchants on purpose: signing in finds the account by its e-mail address (which names the
// merchant, as a key's hash does), and the operator's `selgeo user list` without --merchant.
import type { Kysely } from "kysely";
import { type Clock, toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import { findMerchant } from "../merchants/find";
import { isUniqueViolation } from "../store/errors";
import type { Database, User } from "../store/schema";
import { merchantScoped } from "../store/tenant";
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
  if (!(await findMerchant(db, input.merchantId))) return { kind: "unknown_merchant" };
  const user: User = {
    id: newId("usr"),
    merchant_id: input.merchantId,
    email,
    password_hash: await hashPassword(input.password),
    created_at: toIso(clock.now()),
    last_sign_in_at: null,
  };
  try {
    await merchantScoped(db, input.merchantId).insertInto("users", user).execute();
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
  const query =
    merchantId === undefined
      ? db.selectFrom("users").selectAll()
      : merchantScoped(db, merchantId).selectFrom("users").selectAll();
  return query.orderBy("merchant_id").orderBy("created_at").execute();
}

/** Deletes the account and its sessions, so every browser signed in as it is signed out at once. */
export async function deleteUser(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db.transaction().execute(async (trx) => {
    const user = await findUserByEmail(trx, email);
    if (!user) return undefined;
    const tenant = merchantScoped(trx, user.merchant_id);
    await tenant.deleteFrom("sessions").where("user_id", "=", user.id).execute();
    await tenant.deleteFrom("users").where("id", "=", user.id).execute();
    return user;
  });
}
