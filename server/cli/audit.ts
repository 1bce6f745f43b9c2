import { existsSync } from "node:fs";
import type { Command } from "commander";
import type { AuditSource } from "../support/audit/source";
import { CliError, print, printJson } from "./output";

export interface SourceOptions {
  api?: string;
  key?: string;
  /** Read only this merchant's entries from the database (`selgeo bundle` requires it). */
  merchant?: string;
}

/** `--api URL --key sk_…` (the key may come from SELGEO_API_KEY instead, to keep it off argv). */
export function addSourceOptions(command: Command): Command {
  return command
    .option("--api <url>", "read the audit log over the API instead of the local database")
    .option("--key <sk_key>", "the merchant's secret key for --api (or set SELGEO_API_KEY)");
}

/** --merchant names no merchant: a mistake in the command, not a source that cannot answer. */
export class UnknownMerchantError extends CliError {}

/** A database URL fit for a terminal: PostgreSQL passwords are not shown. */
function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return url.startsWith("file:") ? url : parsed.href;
  } catch {
    return url;
  }
}

/**
 * Opens the audit log the options name: the API with a secret key, else the database of
 * DATABASE_URL (read only: no migration, and no new SQLite file where none exists).
 */
export async function withAuditSource<T>(
  options: SourceOptions,
  work: (source: AuditSource) => Promise<T>,
): Promise<T> {
  const { AuditSourceError, apiAuditSource, databaseAuditSource } = await import(
    "../support/audit/source"
  );
  const run = async (source: AuditSource) => {
    try {
      return await work(source);
    } catch (error) {
      if (error instanceof AuditSourceError) throw new CliError(error.message);
      throw error;
    }
  };
  const key = options.key ?? process.env.SELGEO_API_KEY;
  if (options.api !== undefined) {
    if (!/^https?:\/\/[^/]/.test(options.api)) {
      throw new CliError(
        `--api must be the API's base URL, e.g. https://api.selgeo.com; got "${options.api}".`,
      );
    }
    const { parseKey } = await import("../contract/key-format");
    const parsed = key ? parseKey(key) : null;
    if (!key || parsed?.kind !== "sk") {
      throw new CliError(
        "--api needs the merchant's secret key (sk_test_… or sk_live_…, of the mode to look in) with --key or SELGEO_API_KEY.",
      );
    }
    return run(apiAuditSource(options.api, key));
  }
  if (options.key !== undefined) throw new CliError("--key goes with --api URL.");
  const { loadCliConfig, withStore } = await import("./context");
  const config = await loadCliConfig();
  if (config.DATABASE_URL.startsWith("file:")) {
    const { sqlitePath } = await import("../store/connect");
    if (!existsSync(sqlitePath(config.DATABASE_URL))) {
      throw new CliError(
        `No database at ${sqlitePath(config.DATABASE_URL)}. Set DATABASE_URL to the service's database, or read over the API with --api URL --key sk_….`,
      );
    }
  }
  const merchantId = options.merchant;
  return withStore(
    async (store) => {
      let label = `the database ${displayUrl(config.DATABASE_URL)}`;
      if (merchantId !== undefined) {
        const merchant = await store.db
          .selectFrom("merchants")
          .select("id")
          .where("id", "=", merchantId)
          .executeTakeFirst();
        if (!merchant) throw new UnknownMerchantError(`No merchant ${merchantId} in ${label}.`);
        label = `${label} (merchant ${merchantId})`;
      }
      return run(databaseAuditSource(store.db, label, merchantId));
    },
    { migrate: false },
  );
}

export function auditCommand(program: Command): void {
  const command = program
    .command("audit")
    .description(
      "Show the Attribution Audit Log's decisions about one id — request id, click id (clk_…), conversion id (conv_…), Stripe event id (evt_…) or your external transaction id — each reason explained in the troubleshooting guide's words.",
    )
    .argument("<id>", "req_… | clk_… | conv_… | evt_… | an external transaction id")
    .option("--json", "print { id, fields, source, click, entries } as JSON");
  addSourceOptions(command)
    .addHelpText(
      "after",
      "\nReads DATABASE_URL (every merchant, both modes) unless --api is given (one merchant, the key's mode).\nExit code 1 when nothing is found.",
    )
    .action(async (rawId: string, options: SourceOptions & { json?: boolean }) => {
      const id = rawId.trim();
      if (id.length === 0 || id.length > 200) throw new CliError("<id> must be 1–200 characters.");
      const { describeFields, fieldsFor } = await import("../support/audit/lookup");
      const { findTrail } = await import("../support/audit/source");
      const fields = fieldsFor(id);
      const trail = await withAuditSource(options, async (source) => ({
        id,
        fields,
        source: source.label,
        click: fields.includes("click_id") ? await source.click(id) : null,
        entries: await findTrail(source, fields, id),
      }));
      if (trail.entries.length === 0 && !trail.click) {
        throw new CliError(
          `Nothing in the Attribution Audit Log has the ${describeFields(fields)} "${id}" (looked in ${trail.source}). Check the id; over the API, use the secret key of the mode (test or live) the request was made in.`,
          1,
        );
      }
      if (options.json) {
        printJson(trail);
        return;
      }
      const { formatAuditTrail } = await import("../support/audit/format");
      print(formatAuditTrail(trail));
    });
}
