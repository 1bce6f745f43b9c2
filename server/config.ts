// Deployment configuration, read once from the environment and validated, so a typo in a
// variable fails at start-up with a sentence instead of misbehaving later.
import { z } from "zod";

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres:\/\/|postgresql:\/\/)/, "use file:/path.db or postgres://…")
    .default("file:./data/selgeo.db"),
  /** PostgreSQL only: keep Selgeo's tables in this schema instead of the connection's default. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "use a lower-case PostgreSQL schema name")
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "use redis://host:port")
    .optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000_000).default(1000),
  /**
   * How many server processes share REDIS_URL: while Redis cannot be reached each one allows
   * its share of RATE_LIMIT_PER_MINUTE, so the deployment's total stays near the limit.
   */
  RATE_LIMIT_PROCESSES: z.coerce.number().int().min(1).max(10_000).default(1),
  /**
   * Click requests per visitor address, publishable key and minute, so one address (a script)
   * cannot spend the key's whole budget. Behind a proxy, set TRUST_PROXY, or every visitor
   * shares the proxy's address and this cap.
   */
  RATE_LIMIT_PER_VISITOR: z.coerce.number().int().min(1).max(100_000_000).default(60),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((value) => value === "true" || value === "1"),
  PUBLIC_URL: z.string().url().optional(),
  /** How long a Stripe event that arrived before what it refers to is kept before it is given up. */
  STRIPE_PENDING_MAX_AGE_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  /**
   * Embedded SQLite: memory for the last hour's visitors (dedupe), in MB. Past it the oldest part
   * of the hour is answered from an index instead (click-store/recent-visitors.ts).
   */
  CLICK_DEDUPE_MEMORY_MB: z.coerce.number().min(1).max(1_000_000).default(120),
  /** How often kept Stripe events are tried again (and expired). */
  STRIPE_PENDING_SWEEP_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** How long a webhook receiver has to answer a delivery. */
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(10),
  /** The first retry of a failed webhook delivery waits this long, doubled each time (capped at 12 h). */
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * While requests queue, deliveries yield to them (webhooks/pacing.ts) until a change has
   * waited this long; then they go at full speed.
   */
  WEBHOOK_MAX_LAG_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
