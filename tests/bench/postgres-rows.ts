// The PostgreSQL (+ Redis) rows of `npm run bench`: the same clicks and conversions as on SQLite,
// against a `selgeo serve` process on a PostgreSQL schema of its own with the shared rate limit
// in Redis, each round beside the bare handler. Skipped, saying so, when either is unreachable.
import net from "node:net";
import { sql } from "kysely";
import { seededStore } from "../support/seeded-store";
import { load, type Rounds, rounds, type Started, start, stop, visitor } from "./load";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export async function postgresRounds(
  bare: Started,
): Promise<{ clicks: Rounds; conversions: Rounds } | string> {
  if (!(await reachable("127.0.0.1", 5432)) || !(await reachable("127.0.0.1", 6379))) {
    return "PostgreSQL or Redis unreachable on 127.0.0.1: their rows are skipped";
  }
  const seeded = await seededStore("postgres");
  const server = await start(["server/bin/selgeo.js", "serve"], {
    ...seeded.env,
    REDIS_URL,
    PORT: "0",
    LOG_LEVEL: "warn",
    TRUST_PROXY: "true",
    RATE_LIMIT_PER_MINUTE: "100000000",
  });
  try {
    const clickBody = () =>
      JSON.stringify({
        key: seeded.merchant.keys.pk_test,
        ref: "demo",
        url: "https://shop.example/?ref=demo",
      });
    const clickHeaders = { "Content-Type": "text/plain" };
    await load(server.url, "/api/v1/clicks", clickHeaders, clickBody, visitor, 2);
    const clicks = await rounds(
      () => load(bare.url, "/api/v1/clicks", clickHeaders, clickBody, visitor),
      () => load(server.url, "/api/v1/clicks", clickHeaders, clickBody, visitor),
    );
    const clickIds = (
      await seeded.store.db.selectFrom("clicks").select("id").limit(1000).execute()
    ).map((row) => row.id);
    const run = Date.now();
    const conversionBody = (i: number) =>
      JSON.stringify({
        click_id: clickIds[i % clickIds.length],
        event_type: "purchase",
        external_transaction_id: `bench_pg_${run}_${i}`,
        amount_cents: 4900,
        currency: "EUR",
      });
    const auth = {
      "Content-Type": "application/json",
      Authorization: `Bearer ${seeded.merchant.keys.sk_test}`,
    };
    await load(server.url, "/api/v1/conversions", auth, conversionBody, undefined, 2);
    const conversions = await rounds(
      () => load(bare.url, "/api/v1/conversions", auth, conversionBody),
      () => load(server.url, "/api/v1/conversions", auth, conversionBody),
    );
    return { clicks, conversions };
  } finally {
    await stop(server);
    const schema = seeded.store.schema;
    if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(seeded.store.db);
    await seeded.store.close();
  }
}
