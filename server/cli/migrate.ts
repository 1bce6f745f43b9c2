import type { Command } from "commander";
import { migrateToLatest } from "../store/migrate";
import { withStore } from "./context";
import { print } from "./output";

export function migrateCommand(program: Command): void {
  program
    .command("migrate")
    .description("Bring the database schema up to date (serve does this too)")
    .action(async () => {
      const result = await withStore(
        async (store, config) => ({
          applied: await migrateToLatest(store),
          url: config.DATABASE_URL,
        }),
        { migrate: false },
      );
      for (const name of result.applied) print(`applied ${name}`);
      print(`Database ${result.url} is up to date.`);
    });
}
