// The webhook rows of `npm run bench` (issue 17: outbound webhooks do not lower the click or
// conversion figures by more than 5 %): two `selgeo serve --demo` processes on embedded SQLite,
// alike but for one thing, an active webhook endpoint subscribed to every event on one of them,
// delivering to a real HTTP receiver here that answers 200. Measured in alternating rounds, as
// Selgeo is against the bare handler. Before each round, deliveries still under way are let finish,
// so they do not land on the wrong side and both servers start from an idle machine; how long the
// deliveries of a round of conversions take to catch up once it ends is measured too.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { WEBHOOK_EVENT_TYPES } from "../../server/contract/webhook-events";
import { load, type Rounds, rounds, type Started, start, stop, visitor } from "./load";

/** A webhook lowering a figure by more than this share fails issue 17's bound. */
export const WEBHOOK_MAX_LOSS = 0.05;

interface DemoServer {
  started: Started;
  dir: string;
  keys: { pk_test: string; sk_test: string };
}

async function demoServer(): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), "selgeo-bench-hooks-"));
  const started = await start(["server/bin/selgeo.js", "serve", "--demo"], {
    DATABASE_URL: `file:${join(dir, "bench.db")}`,
    PORT: "0",
    LOG_LEVEL: "warn",
    TRUST_PROXY: "true",
    RATE_LIMIT_PER_MINUTE: "100000000",
    RATE_LIMIT_PER_VISITOR: "100000000",
  });
  const keys = JSON.parse(readFileSync(join(dir, "demo-keys.json"), "utf8")).keys;
  return { started, dir, keys };
}

function clickIdsOf(server: DemoServer): string[] {
  const db = new SQLite(join(server.dir, "bench.db"), { readonly: true });
  try {
    return db.prepare("select id from clicks limit 1000").pluck().all() as string[];
  } finally {
    db.close();
  }
}

export interface WebhookRounds {
  /** Ratios: with the endpoint / without. */
  clicks: Rounds;
  conversions: Rounds;
  /** Deliveries the receiver answered. */
  delivered: number;
  /**
   * After each round of conversions with webhooks, how long until the last of its deliveries
   * arrived: while requests queue, deliveries yield (webhooks/pacing.ts) and catch up after.
   */
  catchUpMs: number[];
}

export async function webhookRounds(): Promise<WebhookRounds> {
  let delivered = 0;
  let lastDelivery = 0;
  const catchUpMs: number[] = [];
  const receiver = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      delivered += 1;
      lastDelivery = Date.now();
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((ok) => receiver.listen(0, "127.0.0.1", ok));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  /** Until the receiver has heard nothing for half a second (at most 30 s). */
  const quiet = async () => {
    const until = Date.now() + 30_000;
    while (Date.now() - lastDelivery < 500 && Date.now() < until) {
      await new Promise((ok) => setTimeout(ok, 100));
    }
  };

  const plain = await demoServer();
  const hooked = await demoServer();
  try {
    const endpoint = await fetch(`${hooked.started.url}/api/v1/webhook-endpoints`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${hooked.keys.sk_test}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ url: receiverUrl, events: [...WEBHOOK_EVENT_TYPES] }),
    });
    if (endpoint.status !== 201) {
      throw new Error(`webhook endpoint not created: ${endpoint.status} ${await endpoint.text()}`);
    }

    const clickHeaders = { "Content-Type": "text/plain" };
    const clickBody = (server: DemoServer) => () =>
      JSON.stringify({
        key: server.keys.pk_test,
        ref: "demo",
        url: "https://shop.example/?ref=demo",
      });
    const clicksOn = (server: DemoServer, seconds?: number) =>
      load(server.started.url, "/api/v1/clicks", clickHeaders, clickBody(server), visitor, seconds);
    await clicksOn(plain, 2);
    await clicksOn(hooked, 2);
    const clicks = await rounds(
      async () => {
        await quiet();
        return clicksOn(plain);
      },
      async () => {
        await quiet();
        return clicksOn(hooked);
      },
    );

    const run = Date.now();
    const conversionsOn = (server: DemoServer, seconds?: number) => {
      const ids = clickIdsOf(server);
      return load(
        server.started.url,
        "/api/v1/conversions",
        { "Content-Type": "application/json", Authorization: `Bearer ${server.keys.sk_test}` },
        (i) =>
          JSON.stringify({
            click_id: ids[i % ids.length],
            event_type: "purchase",
            external_transaction_id: `bench_hooks_${run}_${i}`,
            amount_cents: 4900,
            currency: "EUR",
          }),
        undefined,
        seconds,
      );
    };
    await conversionsOn(plain, 2);
    await conversionsOn(hooked, 2);
    const conversions = await rounds(
      async () => {
        await quiet();
        return conversionsOn(plain);
      },
      async () => {
        await quiet();
        const measured = await conversionsOn(hooked);
        const ended = Date.now();
        await quiet();
        catchUpMs.push(Math.max(0, lastDelivery - ended));
        return measured;
      },
    );
    await quiet();
    return { clicks, conversions, delivered, catchUpMs };
  } finally {
    await stop(hooked.started);
    await stop(plain.started);
    receiver.close();
    rmSync(hooked.dir, { recursive: true, force: true });
    rmSync(plain.dir, { recursive: true, force: true });
  }
}
