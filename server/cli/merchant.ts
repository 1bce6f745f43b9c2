import type { Command } from "commander";
import { createMerchant } from "../merchants/create";
import { cliClock, withStore } from "./context";
import { CliError, print, printJson } from "./output";

export function merchantCommand(program: Command): void {
  const merchant = program.command("merchant").description("Manage merchants");
  merchant
    .command("create")
    .description("Create a merchant and its four API keys (secret keys are shown only this once)")
    .requiredOption("--name <name>", "the merchant's display name")
    .option("--json", "print { merchant_id, keys: { pk_test, sk_test, pk_live, sk_live } }")
    .action(async (options: { name: string; json?: boolean }) => {
      const name = options.name.trim();
      if (name.length === 0 || name.length > 200)
        throw new CliError("--name must be 1–200 characters.");
      const created = await withStore((store) => createMerchant(store.db, cliClock, name));
      if (options.json) {
        printJson({ merchant_id: created.merchant_id, keys: created.keys });
        return;
      }
      print(`Merchant ${created.name}: ${created.merchant_id}`);
      print();
      for (const [slot, key] of Object.entries(created.keys)) print(`  ${slot.padEnd(8)} ${key}`);
      print();
      print(
        "Secret keys (sk_…) are stored only as hashes: keep them now, they cannot be shown again.",
      );
    });
}
