import type { App } from "../http/route";

/** Conversions, refunds: registered in the order they appear in the OpenAPI document. */
export function registerConversionRoutes(_app: App): void {}
