// `selgeo serve` with its rate limit on Redis through a fault proxy, under steady traffic: a Redis
// that resets, closes, refuses or goes silent costs clicks nothing — each process limits in
// memory meanwhile, within a second or so even when Redis just stops answering — and the limit is
// shared through Redis again once it answers.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy";
import { type FaultRun, throughFault } from "../support/fault-run";
import { REDIS_URL } from "../support/harness";
import { callerFor, send } from "../support/request-load";
import { type SeededStore, seededStore } from "../support/seeded-store";
import { type ServerProcess, startServerProcess } from "../support/server-process";
import { redisAvailable } from "../support/services-available";

const available = await redisAvailable();

/** Well past the insurance limiter's hand-over (a 500 ms command timeout), well short of 10 s. */
const CLICK_WITHOUT_REDIS_MS = 3000;

describe.skipIf(!available)("selgeo serve with Redis through a faulty network", () => {
  let seeded: SeededStore;
  let proxy: FaultProxy;
  let server: ServerProcess;
  let run: FaultRun;
  let direct: Redis;
  let counterKey: string;

  beforeAll(async () => {
    seeded = await seededStore("sqlite");
    const target = new URL(REDIS_URL);
    proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 6379) });
    server = await startServerProcess({
      demo: false,
      dir: seeded.dir,
      env: {
        ...seeded.env,
        REDIS_URL: `redis://${proxy.address}`,
        RATE_LIMIT_PER_MINUTE: "1000000",
        LOG_LEVEL: "fatal",
      },
    });
    const keys = { pk: seeded.merchant.keys.pk_test, sk: seeded.merchant.keys.sk_test };
    run = { server, proxy, store: seeded.store, keys, load: { kinds: ["click"] } };
    direct = new Redis(REDIS_URL);
    const key = await seeded.store.db
      .selectFrom("api_keys")
      .select("id")
      .where("merchant_id", "=", seeded.merchant.merchant_id)
      .where("kind", "=", "pk")
      .where("mode", "=", "test")
      .executeTakeFirstOrThrow();
    counterKey = `selgeo:rl:${key.id}`;
  });

  afterAll(async () => {
    await server?.stop("SIGKILL");
    await proxy?.close();
    direct?.disconnect();
    await seeded?.store.close();
  });

  /** Clicks are counted in Redis again: one more click, one more in the shared counter. */
  async function expectCountedInRedis() {
    await vi.waitFor(
      async () => {
        const before = Number((await direct.get(counterKey)) ?? 0);
        expect((await send(callerFor(server.url), run.keys, "click")).status).toBe(201);
        expect(Number(await direct.get(counterKey))).toBe(before + 1);
      },
      { timeout: 15_000, interval: 250 },
    );
  }

  async function clicksThrough(fault: () => void | Promise<void>, lastsMs: number) {
    await expectCountedInRedis();
    const answers = await throughFault(run, fault, lastsMs);
    const slow = answers.filter((a) => a.ms > CLICK_WITHOUT_REDIS_MS);
    expect(slow).toEqual([]);
    expect(answers.filter((a) => a.status !== 201)).toEqual([]);
    await expectCountedInRedis();
  }

  it("records every click while every Redis connection is reset", { timeout: 60_000 }, async () => {
    await clicksThrough(() => proxy.reset(), 2000);
  });

  it("records every click while Redis closes its connections (FIN)", {
    timeout: 60_000,
  }, async () => {
    await clicksThrough(() => proxy.finish(), 2000);
  });

  it("records every click while Redis is down (reset, then refused)", {
    timeout: 60_000,
  }, async () => {
    await clicksThrough(async () => {
      await proxy.refuse();
      proxy.reset();
    }, 4000);
  });

  it("records every click without waiting while Redis is silent (a partition)", {
    timeout: 60_000,
  }, async () => {
    // Longer than the 10 s a request may take: waiting for Redis would show.
    await clicksThrough(() => proxy.drop(), 11_000);
  });
});
