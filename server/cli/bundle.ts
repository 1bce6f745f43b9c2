import type { Command } from "commander";
import {
  addSourceOptions,
  type SourceOptions,
  UnknownMerchantError,
  withAuditSource,
} from "./audit";
import { CliError, print, printJson } from "./output";

export function bundleCommand(program: Command): void {
  const command = program
    .command("bundle")
    .description(
      "Read a support bundle exported from the Selgeo DevTools panel: check it, print its findings, and list the Attribution Audit Log entries of its request ids and click id. Exit code 1 when the bundle holds an error-level finding, 2 when the file is not a valid bundle.",
    )
    .argument("<file>", "the bundle's .json file")
    .option(
      "--merchant <mer_id>",
      "the merchant who sent the bundle: only its audit entries are read from the database",
    )
    .option("--json", "print { file, bundle, audit } as JSON");
  addSourceOptions(command)
    .addHelpText(
      "after",
      "\nAudit entries come from DATABASE_URL, for --merchant only, unless --api is given (the key's merchant and mode).\nWhen neither can be read, the findings are still printed.",
    )
    .action(async (file: string, options: SourceOptions & { json?: boolean }) => {
      const { BundleError, readBundleFile } = await import("../support/bundle/read");
      const bundle = await readBundleFile(file).catch((error: Error) => {
        throw error instanceof BundleError ? new CliError(error.message) : error;
      });
      // The ids in a bundle are the sender's to choose: from the database, which holds every
      // merchant's data, only the merchant who sent it may be searched.
      if (options.api !== undefined && options.merchant !== undefined) {
        throw new CliError(
          "--merchant is for the database; over --api, the key says whose data is read.",
        );
      }
      if (options.api === undefined && options.merchant === undefined) {
        throw new CliError(
          "--merchant mer_… is required: the audit log is read from the database for the merchant who sent the bundle only (or use --api URL --key sk_…).",
        );
      }
      const { findTrail } = await import("../support/audit/source");
      type Audit = import("../support/bundle/format").BundleAudit;
      const clickId = bundle.status.clickId;
      const lookUp = () =>
        withAuditSource(
          options,
          async (source): Promise<Audit> => ({
            source: source.label,
            requests: await Promise.all(
              bundle.requestIds.map(async (requestId) => ({
                request_id: requestId,
                entries: await findTrail(source, ["request_id"], requestId),
              })),
            ),
            click: clickId
              ? {
                  click_id: clickId,
                  click: await source.click(clickId),
                  entries: await findTrail(source, ["click_id"], clickId),
                }
              : null,
          }),
        );
      let audit: Audit;
      try {
        audit = await lookUp();
      } catch (error) {
        // Asked for the API and it failed: that is the answer. Without --api, the findings
        // alone are still worth printing.
        if (
          options.api !== undefined ||
          options.key !== undefined ||
          !(error instanceof CliError) ||
          error instanceof UnknownMerchantError
        ) {
          throw error;
        }
        audit = { unavailable: error.message };
      }
      if (options.json) {
        printJson({ file, bundle, audit });
      } else {
        const { formatBundle } = await import("../support/bundle/format");
        print(formatBundle(file, bundle, audit));
      }
      process.exitCode = bundle.findings.some((f) => f.severity === "error") ? 1 : 0;
    });
}
