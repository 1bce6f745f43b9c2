// The webhook rows of `npm run bench` (issue 17: outbound webhooks do not lower the click or
// conversion figures by more than 5 %): one `selgeo serve --demo` process on embedded SQLite with
// one webhook endpoint subscribed to every event, delivering to a real HTTP receiver here that
// answers 200, measured in alternating rounds with the endpoint active and disabled (disabled, the
// server writes and sends nothing). One process for both sides: two alike processes differed by
// up to 15 % on clicks, which have no events at all. Before each round, deliveries still under way
// are let finish, so they do not land on the wrong side; how long the deliveries of a round of
// conversions take to catch up once it ends is measured too.
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
  /**
   * The server's CPU time per conversion answered (ms), per round: without webhooks; with them,
   * during the round; and with them, once their deliveries have all been sent.
   */
  cpuPerConversion: { without: number[]; during: number[]; after: number[] };
}

/** The process's user and system CPU time so far (Linux), in ms. */
function cpuMs(server: DemoServer): number {
  const stat = readFileSync(`/proc/${server.started.child.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime, fields 14 and 15 of proc(5), in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export async function webhookRounds(): Promise<WebhookRounds> {
  let delivered = 0;
  let lastDelivery = 0;
  const catchUpMs: number[] = [];
  const cpuPerConversion = {
    without: [] as number[],
    during: [] as number[],
    after: [] as number[],
  };
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
  const server = await demoServer();
  const db = new SQLite(join(server.dir, "bench.db"), { readonly: true });
  const left = db.prepare(
    `select (select count(*) from webhook_outbox)
       + (select count(*) from webhook_deliveries where status = 'pending')`,
  );
  /**
   * Until the server has nothing left to send (no outbox row, no pending delivery) and the
   * receiver has then heard nothing for half a second; at most two minutes.
   */
  const quiet = async () => {
    const until = Date.now() + 120_000;
    while (Date.now() < until && (left.pluck().get() as number) > 0) {
      await new Promise((ok) => setTimeout(ok, 100));
    }
    while (Date.now() - lastDelivery < 500 && Date.now() < until) {
      await new Promise((ok) => setTimeout(ok, 100));
    }
  };
  const api = async (method: string, path: string, body: unknown, expected: number) => {
    const res = await fetch(`${server.started.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${server.keys.sk_test}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify(body),
    });
    if (res.status !== expected)
      throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  try {
    const endpoint = await api(
      "POST",
      "/api/v1/webhook-endpoints",
      { url: receiverUrl, events: [...WEBHOOK_EVENT_TYPES] },
      201,
    );
    /** The same server with its one endpoint active, or disabled: no webhooks at all. */
    const webhooks = async (on: boolean) => {
      await quiet();
      await api("PATCH", `/api/v1/webhook-endpoints/${endpoint.id}`, { disabled: !on }, 200);
    };

    const clicksOn = (seconds?: number) =>
      load(
        server.started.url,
        "/api/v1/clicks",
        { "Content-Type": "text/plain" },
        () =>
          JSON.stringify({
            key: server.keys.pk_test,
            ref: "demo",
            url: "https://shop.example/?ref=demo",
          }),
        visitor,
        seconds,
      );
    await clicksOn(2);
    const clicks = await rounds(
      async () => {
        await webhooks(false);
        return clicksOn();
      },
      async () => {
        await webhooks(true);
        return clicksOn();
      },
    );

    const run = Date.now();
    const ids = clickIdsOf(server);
    const conversionsOn = (seconds?: number) =>
      load(
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
    await conversionsOn(2);
    const conversions = await rounds(
      async () => {
        await webhooks(false);
        const cpu = cpuMs(server);
        const measured = await conversionsOn();
        cpuPerConversion.without.push((cpuMs(server) - cpu) / measured.ok);
        return measured;
      },
      async () => {
        await webhooks(true);
        const cpu = cpuMs(server);
        const measured = await conversionsOn();
        const ended = Date.now();
        cpuPerConversion.during.push((cpuMs(server) - cpu) / measured.ok);
        await quiet();
        cpuPerConversion.after.push((cpuMs(server) - cpu) / measured.ok);
        catchUpMs.push(Math.max(0, lastDelivery - ended));
        return measured;
      },
    );
    await quiet();
    return { clicks, conversions, delivered, catchUpMs, cpuPerConversion };
  } finally {
    db.close();
    await stop(server.started);
    receiver.close();
    rmSync(server.dir, { recursive: true, force: true });
  }
}
