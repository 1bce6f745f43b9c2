import type { Command } from "commander";
import { CliError, print, printJson, progress } from "./output";

interface DoctorOptions {
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
      "Open a page in headless Chromium with the Selgeo extension loaded and print what the DevTools panel would find. Exit code 0: nothing wrong; 1: an error-level finding; 2: the check could not run.",
    )
    .argument("<url>", "the merchant page to check, e.g. https://shop.example/pricing")
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
      "\nProgress goes to stderr; stdout carries only the report, so --json pipes cleanly.\nThe extension is built on first use when .output/chrome-mv3 is missing.\nRun as an ordinary user, not root: Chromium's sandbox then stays on (as root it must run with --no-sandbox). See docs/doctor.md.",
    )
    .action(async (url: string, options: DoctorOptions) => {
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
