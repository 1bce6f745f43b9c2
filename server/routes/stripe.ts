import type { App } from "../http/route";

/** Stripe webhooks and the Stripe integration settings. */
export function registerStripeRoutes(_app: App): void {}
