import type { Command } from "commander";
import { CliError, print, printJson, progress } from "./output";

interface DoctorOptions {
  merchant?: string;
  mode?: string;
  since?: string;
  api?: string;
  key?: string;
  ref?: string;
  json?: boolean;
  timeout: string;
  bundle?: string;
  extension?: string;
  chromium?: string;
  chromiumArg?: string[];
  allowPrivate?: boolean;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function doctorCommand(program: Command): void {
  program
    .command("doctor")
    .description(
      "Open a page in headless Chromium with the Selgeo extension loaded and print what the DevTools panel would find; or, with --merchant (or --api), print a merchant's integration health from the server's side (what the browser cannot see). Exit code 0: nothing wrong; 1: an error-level finding; 2: the check could not run.",
    )
    .argument("[url]", "the merchant page to check, e.g. https://shop.example/pricing")
    .option(
      "--merchant <id>",
      "instead of a page: this merchant's integration health, from the database (DATABASE_URL)",
    )
    .option("--mode <mode>", "with --merchant: test or live", "test")
    .option(
      "--since <when>",
      "with --merchant or --api: the period's start, an ISO time, a date or a number of days (7d; the default)",
    )
    .option(
      "--api <url>",
      "instead of a page: the integration health of the key's merchant and mode, over the API",
    )
    .option("--key <sk_key>", "the merchant's secret key for --api (or set SELGEO_API_KEY)")
    .option("--ref <code>", "visit the page with ?ref=CODE, as a partner link would")
    .option("--json", "print the report as JSON (the schema in server/support/doctor/report.ts)")
    .option(
      "--bundle <file>",
      "also save the page's support bundle there (read it with selgeo bundle)",
    )
    .option("--timeout <seconds>", "how long to wait for the page and the snippet to settle", "30")
    .option(
      "--extension <dir>",
      "the built extension (default: .output/chrome-mv3, built on first use)",
    )
    .option(
      "--allow-private",
      "follow redirects and requests to private and loopback addresses (refused by default, except the page's own host)",
    )
    .option(
      "--chromium <path>",
      "the Chromium binary (default: $CHROMIUM_PATH or /usr/bin/chromium)",
    )
    .option(
      "--chromium-arg <flag>",
      "an extra Chromium flag, repeatable; write it with = (--chromium-arg=--proxy-server=…)",
      collect,
    )
    .addHelpText(
      "after",
      "\nProgress goes to stderr; stdout carries only the report, so --json pipes cleanly.\nThe extension is built on first use when .output/chrome-mv3 is missing.\nRun as an ordinary user, not root: Chromium's sandbox then stays on (as root it must run with --no-sandbox). See docs/doctor.md.\n\nIntegration health (--merchant ID [--mode test|live] [--since 7d], or --api URL --key sk_…):\nclicks by page origin, conversions by reason (CLICK_ID_MISSING by source), refused click\nrequests per key and origin, the Stripe webhook's last event and refused deliveries, and a\nfinding for each problem. Click-path counts reach the database within a few seconds.",
    )
    .action(async (url: string | undefined, options: DoctorOptions) => {
      if (options.merchant !== undefined || options.api !== undefined) {
        if (url !== undefined) {
          throw new CliError(
            "Give either a page <url> or --merchant/--api (integration health), not both.",
          );
        }
        await integrationHealthDoctor(options);
        return;
      }
      if (url === undefined) {
        throw new CliError(
          "Name a page to check (selgeo doctor https://shop.example/?ref=…) or a merchant (selgeo doctor --merchant mer_…).",
        );
      }
      const timeoutSeconds = Number(options.timeout);
      if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > 600) {
        throw new CliError(
          `--timeout must be a number of seconds between 1 and 600; got "${options.timeout}".`,
        );
      }
      const { runDoctor, DoctorUnavailable } = await import("../support/doctor/run");
      const { doctorReportSchema, EXIT_NOT_RUN } = await import("../support/doctor/report");
      let report: Awaited<ReturnType<typeof runDoctor>>;
      try {
        report = await runDoctor(url, {
          ...(options.ref !== undefined ? { ref: options.ref } : {}),
          timeoutMs: timeoutSeconds * 1000,
          ...(options.bundle ? { bundlePath: options.bundle } : {}),
          ...(options.extension ? { extensionDir: options.extension } : {}),
          ...(options.chromium ? { chromiumPath: options.chromium } : {}),
          chromiumArgs: options.chromiumArg ?? [],
          allowPrivate: options.allowPrivate ?? false,
          progress: (line) => progress(`selgeo doctor: ${line}`),
        });
      } catch (error) {
        if (error instanceof DoctorUnavailable) throw new CliError(error.message, EXIT_NOT_RUN);
        throw error;
      }
      // The schema is the contract for tools that read --json: never print what it rejects.
      const checked = doctorReportSchema.parse(report);
      if (options.json) {
        printJson(checked);
      } else {
        const { formatDoctorReport } = await import("../support/doctor/format");
        print(formatDoctorReport(checked));
      }
      process.exitCode = checked.exitCode;
    });
}

const DAY_MS = 86_400_000;

/** --since as the period's start: an ISO time or date as the lists take it, or `<n>d`. */
function sinceOf(since: string | undefined, now: Date): string | undefined {
  if (since === undefined) return undefined;
  const days = /^(\d{1,3})d$/.exec(since);
  if (days) return new Date(now.getTime() - Number(days[1]) * DAY_MS).toISOString();
  if (
    /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(since) &&
    !Number.isNaN(Date.parse(since))
  ) {
    return new Date(since).toISOString();
  }
  throw new CliError(
    `--since must be an ISO time (2026-03-01T00:00:00Z), a date (2026-03-01) or a number of days (7d); got "${since}".`,
  );
}

async function integrationHealthDoctor(options: DoctorOptions & { json?: boolean }): Promise<void> {
  const { HealthSourceError, healthFromApi, healthFromDatabase } = await import(
    "../support/health/source"
  );
  const now = new Date();
  const since = sinceOf(options.since, now);
  let label: string;
  let report: Awaited<ReturnType<typeof healthFromDatabase>>;
  try {
    if (options.api !== undefined) {
      if (options.merchant !== undefined) {
        throw new CliError("--api reports on its key's merchant: leave out --merchant.");
      }
      const key = options.key ?? process.env.SELGEO_API_KEY;
      const { parseKey } = await import("../contract/key-format");
      if (!/^https?:\/\/[^/]/.test(options.api)) {
        throw new CliError(`--api must be the API's base URL; got "${options.api}".`);
      }
      if (!key || parseKey(key)?.kind !== "sk") {
        throw new CliError(
          "--api needs the merchant's secret key (sk_test_… or sk_live_…) with --key or SELGEO_API_KEY.",
        );
      }
      report = await healthFromApi(options.api, key, since);
      label = `the merchant of the key, over ${new URL(options.api).origin}`;
    } else {
      if (options.key !== undefined) throw new CliError("--key goes with --api URL.");
      const merchantId = options.merchant as string;
      if (options.mode !== "test" && options.mode !== "live") {
        throw new CliError(`--mode must be test or live; got "${options.mode}".`);
      }
      const mode = options.mode;
      const { withStore } = await import("./context");
      report = await withStore(
        async (store) => {
          const merchant = await store.db
            .selectFrom("merchants")
            .select(["id", "name"])
            .where("id", "=", merchantId)
            .executeTakeFirst();
          if (!merchant) throw new CliError(`No merchant ${merchantId} in the database.`);
          return healthFromDatabase(store.db, merchant.id, mode, now, since);
        },
        { migrate: false },
      );
      label = `merchant ${merchantId}`;
    }
  } catch (error) {
    if (error instanceof HealthSourceError) throw new CliError(error.message);
    throw error;
  }
  if (options.json) {
    printJson(report);
  } else {
    const { formatHealthReport } = await import("../support/health/format");
    print(formatHealthReport(report, label));
  }
  process.exitCode = report.findings.some((f) => f.severity === "error") ? 1 : 0;
}
