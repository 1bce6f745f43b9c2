import type { Actor } from "../audit/actor";
import type { Mode } from "../contract/key-format";
import type { Services } from "../services";
import type { Merchant } from "../store/schema";

/**
 * Who is calling, once a secret key or a dashboard session (with its explicit mode) has been
 * checked: the merchant, the mode whose data it reads and writes, and who audit entries name.
 */
export interface AuthContext {
  merchant: Merchant;
  mode: Mode;
  actor: Actor;
}

export interface AppEnv {
  Variables: {
    services: Services;
    requestId: string;
    auth: AuthContext;
  };
}
