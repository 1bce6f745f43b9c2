// The merchants every bulk benchmark fills with data (bulk-data.ts): six of unequal size, each
// with one 20 % program and 25 partners (a few pending or suspended), created through the
// server's own functions so the rows are what the API would write. The first is the biggest.
import pino from "pino";
import { systemClock } from "../../server/lib/clock";
import type { CreatedMerchant } from "../../server/merchants/create";
import { createMerchant } from "../../server/merchants/create";
import { insertPartner } from "../../server/partners/repository";
import { insertProgram } from "../../server/programs/repository";
import { createServices } from "../../server/services";
import { merchantScoped } from "../../server/store/tenant";
import type { BulkOptions } from "./bulk-data";

/** Each merchant's share of the clicks, in percent. */
const SHARES = [40, 25, 15, 10, 6, 4];
const PARTNERS = 25;

export type BulkMerchant = BulkOptions["merchants"][number] & { created: CreatedMerchant };

/** Creates the merchants in the database at `databaseUrl` (migrating it) and closes it again. */
export async function createBulkMerchants(databaseUrl: string): Promise<BulkMerchant[]> {
  const services = await createServices({
    databaseUrl,
    rateLimitPerMinute: 1000,
    logger: pino({ level: "silent" }),
  });
  const merchants: BulkMerchant[] = [];
  try {
    for (const [i, share] of SHARES.entries()) {
      const created = await createMerchant(services.store.db, systemClock, `Merchant ${i + 1}`);
      const tenant = merchantScoped(services.store.db, created.merchant_id);
      const program = await insertProgram(tenant, systemClock, {
        name: "Program",
        commission: { type: "percent", percent: 20 },
      });
      const partners = [];
      for (let p = 0; p < PARTNERS; p++) {
        const status = p % 12 === 11 ? "suspended" : p % 9 === 8 ? "pending" : "approved";
        const partner = await insertPartner(tenant, systemClock, {
          name: `Partner ${p + 1}`,
          program_id: program.id,
          // The snippet's default ref, for load that clicks through a partner's link.
          ref: p === 0 ? "demo" : `m${i}p${p}`,
          status: status as "approved",
        });
        partners.push({ id: partner.id, programId: program.id, ref: partner.ref, status });
      }
      merchants.push({ id: created.merchant_id, share, partners, created });
    }
  } finally {
    await services.close();
  }
  return merchants;
}
