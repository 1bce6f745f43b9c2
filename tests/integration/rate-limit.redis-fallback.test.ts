// The click rate limit on real Redis through a fault proxy (server/rate-limit/limiter.ts and
// redis-connection.ts): when Redis cannot answer, each process limits in memory to its share of
// the limit, so two processes together still allow about the limit; a silent Redis is not
// waited on; once Redis answers again the shared counter is used again.
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { randomBase62 } from "../../server/lib/ids";
import { createRateLimiter, type RateLimiter } from "../../server/rate-limit/limiter";
import { connectRedis, type RedisConnection } from "../../server/rate-limit/redis-connection";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy";
import { REDIS_URL } from "../support/harness";
import { redisAvailable } from "../support/services-available";

const available = await redisAvailable();
const LIMIT = 10;

describe.skipIf(!available)("the click rate limit when Redis fails", () => {
  let proxy: FaultProxy;
  let direct: Redis;
  const connections: RedisConnection[] = [];

  beforeAll(async () => {
    const target = new URL(REDIS_URL);
    proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 6379) });
    direct = new Redis(REDIS_URL);
  });
  afterEach(async () => {
    await proxy.heal();
    for (const connection of connections.splice(0)) connection.close();
  });
  afterAll(async () => {
    direct.disconnect();
    await proxy.close();
  });

  /** One server process's limiter: its own connection to Redis, through the proxy. */
  async function processLimiter(prefix: string, processes: number): Promise<RateLimiter> {
    const connection = await connectRedis(`redis://${proxy.address}`, pino({ level: "silent" }));
    connections.push(connection);
    return createRateLimiter({
      points: LIMIT,
      durationSeconds: 60,
      redis: connection.redis,
      keyPrefix: prefix,
      processes,
    });
  }

  async function allowed(limiter: RateLimiter, subject: string, attempts: number) {
    let count = 0;
    for (let i = 0; i < attempts; i++) if ((await limiter.consume(subject)).allowed) count++;
    return count;
  }

  it("two processes share one limit through Redis", async () => {
    const prefix = `selgeo:test:${randomBase62(8)}`;
    const [a, b] = [await processLimiter(prefix, 2), await processLimiter(prefix, 2)];
    expect((await allowed(a, "key", LIMIT)) + (await allowed(b, "key", LIMIT))).toBe(LIMIT);
  });

  it("with Redis down, each of two processes allows half the limit: the total holds", async () => {
    const prefix = `selgeo:test:${randomBase62(8)}`;
    const [a, b] = [await processLimiter(prefix, 2), await processLimiter(prefix, 2)];
    await proxy.refuse();
    proxy.reset();
    const total = (await allowed(a, "key", LIMIT)) + (await allowed(b, "key", LIMIT));
    expect(total).toBe(LIMIT);
  });

  it("reports the limit it applies: the process's share while on memory, the whole through Redis", async () => {
    const limiter = await processLimiter(`selgeo:test:${randomBase62(8)}`, 2);
    expect((await limiter.consume("key")).limit).toBe(LIMIT);
    await proxy.refuse();
    proxy.reset();
    const fallback = await limiter.consume("key");
    expect(fallback.limit).toBe(LIMIT / 2);
    await allowed(limiter, "key", LIMIT);
    const refused = await limiter.consume("key");
    expect(refused.allowed).toBe(false);
    expect(refused.limit).toBe(LIMIT / 2);
    await proxy.heal();
    await vi.waitFor(async () => expect((await limiter.consume("other")).limit).toBe(LIMIT), {
      timeout: 10_000,
      interval: 200,
    });
  });

  it("one process alone (RATE_LIMIT_PROCESSES=1) keeps the whole limit in memory", async () => {
    const limiter = await processLimiter(`selgeo:test:${randomBase62(8)}`, 1);
    await proxy.refuse();
    proxy.reset();
    expect(await allowed(limiter, "key", LIMIT + 5)).toBe(LIMIT);
  });

  it("with Redis silent, answers from memory without waiting for it", async () => {
    const limiter = await processLimiter(`selgeo:test:${randomBase62(8)}`, 1);
    proxy.drop();
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 5 }, () => limiter.consume("key")));
    expect(results.every((result) => result.allowed)).toBe(true);
    // Each consume waits at most the command timeout (500 ms), not the partition.
    expect(performance.now() - started).toBeLessThan(2000);
    // Once the silence is noticed, clicks no longer wait at all.
    await vi.waitFor(
      async () => {
        const again = performance.now();
        await limiter.consume("key");
        expect(performance.now() - again).toBeLessThan(50);
      },
      { timeout: 5000, interval: 100 },
    );
  });

  it("counts in Redis again once Redis answers", async () => {
    const prefix = `selgeo:test:${randomBase62(8)}`;
    const limiter = await processLimiter(prefix, 1);
    await proxy.refuse();
    proxy.reset();
    await limiter.consume("key");
    expect(await direct.get(`${prefix}:key`)).toBeNull();
    await proxy.heal();
    await vi.waitFor(
      async () => {
        await limiter.consume("key");
        expect(Number(await direct.get(`${prefix}:key`))).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 200 },
    );
  });
});
