import type { Mode } from "../contract/key-format";
import type { Services } from "../services";
import type { ApiKeyRow, Merchant } from "../store/schema";

/** Who is calling, once a key has been checked. */
export interface AuthContext {
  merchant: Merchant;
  key: ApiKeyRow;
  mode: Mode;
}

export interface AppEnv {
  Variables: {
    services: Services;
    requestId: string;
    auth: AuthContext;
  };
}
