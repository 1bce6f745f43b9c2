// Who is acting: the dashboard user or the API key behind the request. The authentication
// middleware runs the rest of the request inside `actingAs`, and every audit entry the request
// writes, however deep in the domain, is attributed to that actor without each domain function
// having to take and pass it on (async context, as request-scoped tracing does).
import { AsyncLocalStorage } from "node:async_hooks";
import type { ApiKeyRow, User } from "../store/schema";

export interface Actor {
  type: "user" | "api_key";
  id: string;
  /** The user's e-mail, or the key's masked form (`sk_test_…abcd`). */
  label: string;
}

const acting = new AsyncLocalStorage<Actor>();

export function actingAs<T>(actor: Actor, work: () => Promise<T>): Promise<T> {
  return acting.run(actor, work);
}

/** The actor of the request being handled; undefined outside one (Stripe, the CLI). */
export function currentActor(): Actor | undefined {
  return acting.getStore();
}

export function keyActor(key: ApiKeyRow): Actor {
  return { type: "api_key", id: key.id, label: `${key.kind}_${key.mode}_…${key.last4}` };
}

export function userActor(user: Pick<User, "id" | "email">): Actor {
  return { type: "user", id: user.id, label: user.email };
}
