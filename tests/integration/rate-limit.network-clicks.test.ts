// The network click counter of the fraud signal (server/rate-limit/network-clicks.ts): a count
// per subject and window length, in memory or shared on Redis, never an error for the click.
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBase62 } from "../../server/lib/ids";
import { createNetworkClickCounter } from "../../server/rate-limit/network-clicks";
import { connectRedis, type RedisConnection } from "../../server/rate-limit/redis-connection";
import { REDIS_URL } from "../support/harness";
import { redisAvailable } from "../support/services-available";

const withRedis = await redisAvailable();

describe("network click counter", () => {
  let connection: RedisConnection | undefined;
  beforeAll(async () => {
    if (withRedis) connection = await connectRedis(REDIS_URL, pino({ level: "silent" }));
  });
  afterAll(() => connection?.close());

  it("in memory: counts per subject, and per window length apart", async () => {
    const counter = createNetworkClickCounter();
    expect(await counter.count("test:a", 10)).toBe(1);
    expect(await counter.count("test:a", 10)).toBe(2);
    expect(await counter.count("test:b", 10)).toBe(1);
    expect(await counter.count("test:a", 5)).toBe(1);
  });

  it.runIf(withRedis)("on Redis: two processes' counters count into one number", async () => {
    const keyPrefix = `selgeo:test:${randomBase62(8)}`;
    const one = createNetworkClickCounter({ redis: connection!.redis, keyPrefix });
    const other = createNetworkClickCounter({ redis: connection!.redis, keyPrefix });
    expect(await one.count("test:n", 10)).toBe(1);
    expect(await other.count("test:n", 10)).toBe(2);
    expect(await one.count("test:n", 10)).toBe(3);
  });

  it("Redis not answering: counts in memory, never fails", async () => {
    // Never connected: rate-limiter-flexible goes straight to its in-memory insurance.
    const unreachable = new Redis({ host: "127.0.0.1", port: 1, lazyConnect: true });
    try {
      const counter = createNetworkClickCounter({ redis: unreachable, keyPrefix: "selgeo:test" });
      expect(await counter.count("test:c", 10)).toBe(1);
      expect(await counter.count("test:c", 10)).toBe(2);
    } finally {
      unreachable.disconnect();
    }
  });
});
