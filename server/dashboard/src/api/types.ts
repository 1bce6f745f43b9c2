// The API's objects, as the server's own schemas define them (type-only: nothing of the server
// is bundled). One definition, so the dashboard cannot drift from the API.
export type { Mode } from "../../../contract/key-format";
export type { AuditEntryObject as AuditEntry } from "../../../contract/schemas/audit";
export type { ClickObject as Click } from "../../../contract/schemas/clicks";
export type { CommissionObject as Commission } from "../../../contract/schemas/commissions";
export type { ConversionObject as Conversion } from "../../../contract/schemas/conversions";
export type {
  ApiKeyObject as ApiKey,
  IssuedKeyObject as IssuedKey,
} from "../../../contract/schemas/keys";
export type { PartnerObject as Partner } from "../../../contract/schemas/partners";
export type {
  PayoutObject as Payout,
  PayoutPreviewObject as PayoutPreview,
} from "../../../contract/schemas/payouts";
export type { ProgramObject as Program } from "../../../contract/schemas/programs";
export type { PromotionCodeObject as PromotionCode } from "../../../contract/schemas/promotion-codes";
export type { SessionObject as Session } from "../../../contract/schemas/session";
export type { SettingsObject as Settings } from "../../../contract/schemas/settings";
export type { StatsObject as Stats } from "../../../contract/schemas/stats";
export type {
  StripeDeliveriesObject as StripeDeliveries,
  StripeIntegrationObject as StripeIntegration,
} from "../../../contract/schemas/stripe";
export type {
  CreatedWebhookEndpointObject as CreatedWebhookEndpoint,
  WebhookDeliveryDetailObject as WebhookDeliveryDetail,
  WebhookDeliveryObject as WebhookDelivery,
  WebhookEndpointObject as WebhookEndpoint,
} from "../../../contract/schemas/webhooks";

export interface ListPage<T> {
  data: T[];
  has_more: boolean;
}
