// The storage's health (store/health.ts) in /metrics: how often the storage itself failed, by
// error code, and whether /readyz reports it degraded. Alert on the gauge; graph the counter.
import { Counter, Gauge, type Registry } from "prom-client";
import type { StorageHealth } from "../store/health";

export function registerStorageMetrics(registry: Registry, health: StorageHealth): void {
  const failures = new Counter({
    name: "selgeo_storage_failures_total",
    help: "Statements the storage itself failed (disk full, I/O error, lost or silent connection), by error code.",
    labelNames: ["code"],
    registers: [registry],
  });
  health.onFailure((code) => failures.inc({ code }));
  new Counter({
    name: "selgeo_storage_commits_total",
    help: "Transactions committed on the server's own SQLite connection; conversions that arrive together share one.",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(health.commits);
    },
  });
  new Gauge({
    name: "selgeo_storage_degraded",
    help: "1 while /readyz reports the storage degraded: it failed within the last 10 s, or checkpoints fail.",
    registers: [registry],
    collect() {
      this.set(health.state().state === "degraded" ? 1 : 0);
    },
  });
}
