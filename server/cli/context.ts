// Opens what a one-shot command needs (configuration and storage) and always closes it.
import pino from "pino";
import { type Config, loadConfig } from "../config";
import { systemClock } from "../lib/clock";
import { type Store, openStore } from "../store/connect";
import { migrateToLatest } from "../store/migrate";
import { CliError } from "./output";

export async function withStore<T>(
  work: (store: Store, config: Config) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  let store: Store;
  try {
    store = await openStore(config.DATABASE_URL);
    if (options.migrate !== false) await migrateToLatest(store.db);
  } catch (error) {
    throw new CliError(`Cannot open the database ${config.DATABASE_URL}: ${(error as Error).message}`);
  }
  try {
    return await work(store, config);
  } finally {
    await store.close();
  }
}

export const cliClock = systemClock;
export const cliLogger = () => pino({ level: "silent" });
