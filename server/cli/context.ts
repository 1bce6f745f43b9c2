// Opens what a one-shot command needs (configuration and storage) and always closes it.
// Heavy modules load only when a command runs, so `--help` answers at once.
import type { Config } from "../config";
import { systemClock } from "../lib/clock";
import type { Store } from "../store/connect";
import { CliError } from "./output";

export async function loadCliConfig(): Promise<Config> {
  const { loadConfig } = await import("../config");
  try {
    return loadConfig();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

export async function withStore<T>(
  work: (store: Store, config: Config) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const config = await loadCliConfig();
  const { openStore } = await import("../store/connect");
  const { migrateToLatest } = await import("../store/migrate");
  let store: Store;
  try {
    // A one-shot command may migrate, and waits as long as its user does.
    store = await openStore(config.DATABASE_URL, {
      timeouts: false,
      ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}),
    });
    if (options.migrate !== false) await migrateToLatest(store);
  } catch (error) {
    throw new CliError(
      `Cannot open the database ${config.DATABASE_URL}: ${(error as Error).message}`,
    );
  }
  try {
    return await work(store, config);
  } finally {
    await store.close();
  }
}

export const cliClock = systemClock;
