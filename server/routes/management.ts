import type { App } from "../http/route";
import { registerListAuditLog } from "./audit-log.list";
import { registerGetClick } from "./clicks.get";
import { registerListClicks } from "./clicks.list";
import { registerGetCommission } from "./commissions.get";
import { registerListCommissions } from "./commissions.list";
import { registerCreatePartner } from "./partners.create";
import { registerGetPartner } from "./partners.get";
import { registerListPartners } from "./partners.list";
import { registerUpdatePartner } from "./partners.update";
import { registerCreateProgram } from "./programs.create";
import { registerGetProgram } from "./programs.get";
import { registerListPrograms } from "./programs.list";
import { registerUpdateProgram } from "./programs.update";
import { registerGetSettings } from "./settings.get";
import { registerUpdateSettings } from "./settings.update";

/** Programs, partners, clicks, commissions, audit log, settings: in the OpenAPI document's order. */
export function registerManagementRoutes(app: App): void {
  registerCreateProgram(app);
  registerListPrograms(app);
  registerGetProgram(app);
  registerUpdateProgram(app);
  registerCreatePartner(app);
  registerListPartners(app);
  registerGetPartner(app);
  registerUpdatePartner(app);
  registerListClicks(app);
  registerGetClick(app);
  registerListCommissions(app);
  registerGetCommission(app);
  registerListAuditLog(app);
  registerGetSettings(app);
  registerUpdateSettings(app);
}
