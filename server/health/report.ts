// Integration health for one merchant, mode and period: read the facts (read.ts), decide the
// findings (findings.ts). Used by GET /api/v1/integration/health and `selgeo doctor --merchant`.
import type { Kysely } from "kysely";
import type { Mode } from "../contract/key-format";
import type { IntegrationHealth } from "../contract/schemas/health";
import type { Database } from "../store/schema";
import { merchantScoped, scoped } from "../store/tenant";
import { buildHealthReport } from "./findings";
import {
  type HealthPeriod,
  readExamples,
  readHealthCounts,
  readPublishableKeys,
  readReasonCounts,
  readStripeFacts,
} from "./read";

export async function integrationHealth(
  db: Kysely<Database>,
  merchantId: string,
  mode: Mode,
  period: HealthPeriod,
): Promise<IntegrationHealth> {
  const tenant = scoped(db, { merchantId, mode });
  const merchant = merchantScoped(db, merchantId);
  const [counts, reasons, examples, stripe, publishableKeys] = await Promise.all([
    readHealthCounts(tenant, period),
    readReasonCounts(tenant, period),
    readExamples(tenant, period),
    readStripeFacts(merchant, mode, period),
    readPublishableKeys(merchant, mode),
  ]);
  return buildHealthReport({ mode, period, counts, reasons, examples, stripe, publishableKeys });
}
