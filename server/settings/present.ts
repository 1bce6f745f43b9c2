import { parseAllowedOrigins } from "../contract/origins";
import type { SettingsObject } from "../contract/schemas/settings";
import type { Merchant } from "../store/schema";

export function presentSettings(merchant: Merchant): SettingsObject {
  return {
    object: "settings",
    merchant_id: merchant.id,
    allowed_origins: parseAllowedOrigins(merchant.allowed_origins),
  };
}
