import type { SessionObject } from "../contract/schemas/session";
import type { ActiveSession } from "./repository";

export function presentSession(active: ActiveSession): SessionObject {
  return {
    object: "session",
    user: { id: active.user.id, email: active.user.email },
    merchant: { id: active.merchant.id, name: active.merchant.name },
    csrf_token: active.session.csrf_token,
    expires_at: active.session.expires_at,
  };
}
