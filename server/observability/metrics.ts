// Prometheus metrics for GET /metrics. Each app gets its own registry so two apps in one
// process (tests, the benchmark) never count into each other.
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route">;
  clicks: Counter<"mode" | "outcome">;
  conversions: Counter<"mode" | "status" | "reason">;
}

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: "selgeo_" });
  return {
    registry,
    httpRequests: new Counter({
      name: "selgeo_http_requests_total",
      help: "HTTP requests answered, by route and status.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "selgeo_http_request_duration_seconds",
      help: "Time to answer an HTTP request.",
      labelNames: ["method", "route"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    clicks: new Counter({
      name: "selgeo_clicks_total",
      help: "Click requests by outcome: recorded, reused (same visitor within an hour), bot.",
      labelNames: ["mode", "outcome"],
      registers: [registry],
    }),
    conversions: new Counter({
      name: "selgeo_conversions_total",
      help: "Conversions recorded, by attribution status and reason.",
      labelNames: ["mode", "status", "reason"],
      registers: [registry],
    }),
  };
}
