import type { App } from "../http/route";

/** Programs, partners, clicks, commissions, audit log, settings. */
export function registerManagementRoutes(_app: App): void {}
