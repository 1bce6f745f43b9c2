// `selgeo user create|list|delete`: the people who sign in to the dashboard. A password is read
// from a prompt (not echoed) or from standard input with --password-stdin, never from an
// argument: arguments end up in shell history and in every process listing.
import type { Command } from "commander";
import { cliClock, withStore } from "./context";
import { CliError, print, printJson } from "./output";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline belongs to `echo` or a here-string, not to the password.
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

async function promptPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new CliError(
      "No terminal to ask for the password on: pipe it in with --password-stdin (e.g. from a secrets manager).",
    );
  }
  const { read } = await import("read");
  const first = await read({
    prompt: "Password: ",
    silent: true,
    replace: "*",
    output: process.stderr,
  });
  const again = await read({
    prompt: "Again: ",
    silent: true,
    replace: "*",
    output: process.stderr,
  });
  if (first !== again) throw new CliError("The two passwords differ; nothing was created.");
  return String(first);
}

export function userCommand(program: Command): void {
  const user = program
    .command("user")
    .description("Manage the merchant users who sign in to the dashboard");
  user
    .command("create")
    .description(
      "Create a dashboard user for a merchant (asks for the password, or reads it from stdin)",
    )
    .requiredOption("--merchant <merchant_id>", "the merchant the user works for (mer_…)")
    .requiredOption("--email <email>", "the address the user signs in with")
    .option("--password-stdin", "read the password from standard input instead of a prompt")
    .option("--json", "print { id, merchant_id, email, created_at }")
    .action(
      async (options: {
        merchant: string;
        email: string;
        passwordStdin?: boolean;
        json?: boolean;
      }) => {
        const password = options.passwordStdin ? await readStdin() : await promptPassword();
        const { createUser } = await import("../users/repository");
        const outcome = await withStore((store) =>
          createUser(store.db, cliClock, {
            merchantId: options.merchant,
            email: options.email,
            password,
          }),
        );
        switch (outcome.kind) {
          case "invalid_email":
            throw new CliError(`--email "${options.email}" is not an e-mail address.`);
          case "weak_password":
            throw new CliError(`The password ${outcome.problem}.`);
          case "unknown_merchant":
            throw new CliError(
              `No merchant ${options.merchant}. Create one with: selgeo merchant create --name NAME`,
            );
          case "email_taken":
            throw new CliError(`A user ${options.email} exists already (one account per address).`);
        }
        const { id, merchant_id, email, created_at } = outcome.user;
        if (options.json) {
          printJson({ id, merchant_id, email, created_at });
          return;
        }
        print(`Created ${email} (${id}) for merchant ${merchant_id}.`);
        print("They sign in at /dashboard with this e-mail and password.");
      },
    );
  user
    .command("list")
    .description("List dashboard users, of one merchant or of all")
    .option("--merchant <merchant_id>", "only this merchant's users")
    .option("--json", "print a JSON array")
    .action(async (options: { merchant?: string; json?: boolean }) => {
      const { listUsers } = await import("../users/repository");
      const users = await withStore((store) => listUsers(store.db, options.merchant));
      const rows = users.map(({ id, merchant_id, email, created_at, last_sign_in_at }) => ({
        id,
        merchant_id,
        email,
        created_at,
        last_sign_in_at,
      }));
      if (options.json) {
        printJson(rows);
        return;
      }
      if (rows.length === 0) {
        print("No dashboard users. Create one with: selgeo user create --merchant ID --email E");
        return;
      }
      for (const row of rows) {
        print(
          `${row.email.padEnd(32)} ${row.merchant_id}  created ${row.created_at}  last sign-in ${row.last_sign_in_at ?? "never"}`,
        );
      }
    });
  user
    .command("delete")
    .description("Delete a dashboard user; every session they have ends at once")
    .requiredOption("--email <email>", "the user's e-mail address")
    .action(async (options: { email: string }) => {
      const { deleteUser } = await import("../users/repository");
      const deleted = await withStore((store) => deleteUser(store.db, options.email));
      if (!deleted) throw new CliError(`No user ${options.email}.`, 1);
      print(`Deleted ${deleted.email}; their sessions have ended.`);
    });
}
