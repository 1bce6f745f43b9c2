import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import type { Config } from "../config";
import type { DemoMerchant } from "../demo/seed";
import { HOUR_MS, systemClock } from "../lib/clock";
import { DEFAULT_PACING } from "../webhooks/pacing";
import { loadCliConfig } from "./context";
import { CliError } from "./output";

function demoKeysFile(config: Config): string {
  return join(dirname(resolve(config.DATABASE_URL.slice("file:".length))), "demo-keys.json");
}

function banner(base: string, demo: DemoMerchant | undefined): string {
  const lines = [
    "",
    `  Selgeo is running at ${base}`,
    "",
    `  Dashboard       ${base}/dashboard`,
    `  API reference   ${base}/docs`,
    `  OpenAPI         ${base}/api/v1/openapi.json`,
    `  Snippet         ${base}/v1/selgeo.js`,
    `  Health          ${base}/healthz   ${base}/readyz   ${base}/metrics`,
  ];
  if (demo) {
    lines.push(
      "",
      `  Demo shop       ${base}/demo?ref=${demo.partner_ref}   ← open this: a referred visit, then "Buy"`,
      `  Demo merchant   ${demo.merchant_id}`,
      ...(demo.user
        ? [
            `    dashboard  ${demo.user.email}  password ${demo.user.password}   ← sign in at /dashboard`,
          ]
        : []),
      `    pk_test  ${demo.keys.pk_test}`,
      `    sk_test  ${demo.keys.sk_test}`,
      "",
      `  Try:  curl -H "Authorization: Bearer ${demo.keys.sk_test}" ${base}/api/v1/conversions`,
    );
  }
  lines.push("");
  return lines.join("\n");
}

export function serveCommand(program: Command): void {
  program
    .command("serve")
    .description("Run the HTTP service (migrates first)")
    .option(
      "--demo",
      "also create (on first run) and serve the demo merchant and shop page; embedded SQLite only (npm start)",
    )
    .action(async (options: { demo?: boolean }) => {
      const config = await loadCliConfig();
      if (options.demo && !config.DATABASE_URL.startsWith("file:")) {
        throw new CliError("--demo runs on embedded SQLite only (DATABASE_URL=file:…).");
      }
      const [
        { createHttpServer },
        { default: pino },
        { createApp },
        { createServices },
        { ensureDemoMerchant },
        { startPendingSweeper },
        { startDueSweeper },
        { startWebhookWorker },
        { RequestLoad },
      ] = await Promise.all([
        import("../http/server"),
        import("pino"),
        import("../app"),
        import("../services"),
        import("../demo/seed"),
        import("../stripe/pending-sweep"),
        import("../payouts/due-sweep"),
        import("../webhooks/worker"),
        import("../observability/request-load"),
      ]);
      const logger = pino({ level: config.LOG_LEVEL });
      const services = await createServices({
        databaseUrl: config.DATABASE_URL,
        ...(config.DATABASE_SCHEMA ? { storeOptions: { schema: config.DATABASE_SCHEMA } } : {}),
        ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
        rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
        rateLimitProcesses: config.RATE_LIMIT_PROCESSES,
        rateLimitPerVisitor: config.RATE_LIMIT_PER_VISITOR,
        dedupeMemoryMb: config.CLICK_DEDUPE_MEMORY_MB,
        logger,
        trustProxy: config.TRUST_PROXY,
        ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
        processMetrics: true,
      }).catch((error: Error) => {
        throw new CliError(`Cannot start: ${error.message}`);
      });
      // Open the click writer now: a database it cannot use should stop the start, not the
      // first visitor's click.
      await services.clickStore.start().catch((error: Error) => {
        throw new CliError(`Cannot start the click writer: ${error.message}`);
      });

      // The demo keeps its keys in a file beside the database: embedded SQLite only.
      const demo = options.demo
        ? await ensureDemoMerchant(services.store.db, systemClock, demoKeysFile(config))
        : undefined;
      const app = createApp(
        services,
        demo ? { demo: { publishableKey: demo.keys.pk_test, secretKey: demo.keys.sk_test } } : {},
      );

      // Requests in flight: the webhook worker's passes shrink while they queue.
      const load = new RequestLoad();
      const server = createHttpServer(app, services, load);
      // Stripe events kept until what they refer to arrives: tried again, or expired, regularly.
      const sweeper = startPendingSweeper(services, {
        intervalMs: config.STRIPE_PENDING_SWEEP_SECONDS * 1000,
        maxAgeMs: config.STRIPE_PENDING_MAX_AGE_HOURS * HOUR_MS,
      });
      // Commissions whose hold period has ended become due (payouts read them exactly anyway).
      const dueSweeper = startDueSweeper(services, 60_000);
      // The outbox of outbound webhooks: what is due now, every second and on every write.
      const webhookWorker = startWebhookWorker(services, {
        pollMs: 1000,
        timeoutMs: config.WEBHOOK_TIMEOUT_SECONDS * 1000,
        retryBaseMs: config.WEBHOOK_RETRY_BASE_SECONDS * 1000,
        load,
        pacing: { ...DEFAULT_PACING, maxLagMs: config.WEBHOOK_MAX_LAG_SECONDS * 1000 },
      });
      server.listen(config.PORT, config.HOST, () => {
        const { port } = server.address() as AddressInfo;
        const url =
          config.PUBLIC_URL ??
          `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${port}`;
        process.stdout.write(`${banner(url, demo)}\n`);
        logger.info({ port, host: config.HOST, storage: services.store.dialect }, "listening");
      });
      server.on("error", (error: NodeJS.ErrnoException) => {
        const hint =
          error.code === "EADDRINUSE" ? ` Port ${config.PORT} is taken: set PORT to another.` : "";
        process.stderr.write(
          `Cannot listen on ${config.HOST}:${config.PORT}: ${error.message}.${hint}\n`,
        );
        process.exit(2);
      });

      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, "shutting down");
        server.close(() => {
          Promise.all([sweeper.stop(), dueSweeper.stop(), webhookWorker.stop()])
            .then(() => services.close())
            .finally(() => process.exit(0));
        });
        // Keep-alive connections must not hold the process open forever.
        setTimeout(() => process.exit(0), 5000).unref();
      };
      process.on("SIGTERM", () => stop("SIGTERM"));
      process.on("SIGINT", () => stop("SIGINT"));
    });
}
