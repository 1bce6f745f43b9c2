import type { App } from "../http/route";
import { registerCreateConversion } from "./conversions.create";
import { registerGetConversion } from "./conversions.get";
import { registerListConversions } from "./conversions.list";
import { registerCreateRefund } from "./conversions.refunds.create";

/** Conversions, refunds: registered in the order they appear in the OpenAPI document. */
export function registerConversionRoutes(app: App): void {
  registerCreateConversion(app);
  registerListConversions(app);
  registerGetConversion(app);
  registerCreateRefund(app);
}
