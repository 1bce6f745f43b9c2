// The cheap periodic pass that moves commissions whose hold has ended to `due` (due.ts), for every
// merchant and mode that has some. `selgeo serve` runs it every minute; several servers may run
// it at once, each commission being moved (and audited) by one of them.
import { toIso } from "../lib/clock";
import { newId } from "../lib/ids";
import type { Services } from "../services";
import { tenantsWithCommissionsPastHold } from "../store/cross-tenant";
import { advanceDueCommissions } from "./due";

export async function sweepDueCommissions(
  services: Pick<Services, "store" | "clock">,
): Promise<number> {
  // The pass is a request of its own: `selgeo audit req_…` shows what it moved.
  const requestId = newId("req");
  const tenants = await tenantsWithCommissionsPastHold(
    services.store.db,
    toIso(services.clock.now()),
    1000,
  );
  let moved = 0;
  for (const tenant of tenants) {
    moved += (await advanceDueCommissions(services, { ...tenant, requestId })).length;
  }
  return moved;
}

export function startDueSweeper(
  services: Pick<Services, "store" | "clock" | "logger">,
  intervalMs: number,
): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = sweepDueCommissions(services)
      .then((moved) => {
        if (moved > 0) services.logger.info({ moved }, "commissions due: periodic pass");
      })
      .catch((error: unknown) =>
        services.logger.error({ err: error }, "commissions due: periodic pass failed"),
      )
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
