import type { Command } from "commander";
import { type KeyKind, type Mode, maskKey } from "../contract/key-format";
import { revokeKey, rotateKey } from "../keys/rotate";
import { cliClock, withStore } from "./context";
import { CliError, print, printJson } from "./output";

const SLOTS = ["pk_test", "sk_test", "pk_live", "sk_live"] as const;

export function keysCommand(program: Command): void {
  const keys = program.command("keys").description("Rotate or revoke API keys");
  keys
    .command("rotate")
    .description("Issue a new key of one kind and mode, revoking the old one at once")
    .argument("<merchant_id>", "the merchant (mer_…)")
    .argument("<slot>", `which key: ${SLOTS.join(" | ")}`)
    .option("--json", "print { merchant_id, slot, key, revoked }")
    .action(async (merchantId: string, slot: string, options: { json?: boolean }) => {
      if (!(SLOTS as readonly string[]).includes(slot)) {
        throw new CliError(`<slot> must be one of ${SLOTS.join(", ")}; got "${slot}".`);
      }
      const [kind, mode] = slot.split("_") as [KeyKind, Mode];
      const result = await withStore(async (store) => {
        try {
          return await rotateKey(store.db, cliClock, merchantId, kind, mode);
        } catch (error) {
          throw new CliError((error as Error).message);
        }
      });
      if (options.json) {
        printJson({ merchant_id: merchantId, slot, key: result.key, revoked: result.revoked });
        return;
      }
      print(`New ${slot} key: ${result.key}`);
      print(
        `Revoked ${result.revoked} old ${slot} key(s).${kind === "sk" ? " Keep the new secret key now: it cannot be shown again." : ""}`,
      );
    });
  keys
    .command("revoke")
    .description("Revoke one key: requests with it are refused with INVALID_API_KEY from now on")
    .argument("<key>", "the full key to revoke")
    .action(async (key: string) => {
      const revoked = await withStore((store) => revokeKey(store.db, cliClock, key));
      if (!revoked) throw new CliError(`No active key ${maskKey(key)}.`, 1);
      print(`Revoked ${maskKey(key)}.`);
    });
}
