// The click budgets the click path is to charge (server/rate-limit/click-budgets.ts), on the real
// limiter in memory and on real Redis: a flood from refused origins, or from one address, leaves
// the merchant's own visitors their budget.
import type { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBase62 } from "../../server/lib/ids";
import { type ClickBudgets, createClickBudgets } from "../../server/rate-limit/click-budgets";
import { connectRedis, type RedisConnection } from "../../server/rate-limit/redis-connection";
import { REDIS_URL } from "../support/harness";
import { redisAvailable } from "../support/services-available";

const withRedis = await redisAvailable();
const KEY_BUDGET = 20;
const VISITOR_CAP = 5;

async function spend(times: number, charge: () => Promise<{ allowed: boolean }>) {
  let allowed = 0;
  for (let i = 0; i < times; i++) if ((await charge()).allowed) allowed++;
  return allowed;
}

describe.each([
  { store: "memory", available: true },
  { store: "Redis", available: withRedis },
])("click budgets in $store", ({ store, available }) => {
  let redis: Redis | undefined;
  let prefix: string;
  const budgets = (): ClickBudgets =>
    createClickBudgets({
      points: KEY_BUDGET,
      durationSeconds: 60,
      visitorPoints: VISITOR_CAP,
      keyPrefix: prefix,
      ...(redis ? { redis } : {}),
    });
  let connection: RedisConnection | undefined;
  beforeAll(async () => {
    if (!available || store !== "Redis") return;
    connection = await connectRedis(REDIS_URL, pino({ level: "silent" }));
    redis = connection.redis;
  });
  afterAll(() => connection?.close());

  it.runIf(available)(
    "a flood from refused origins does not spend the allowed origins' budget",
    async () => {
      prefix = `selgeo:test:${randomBase62(8)}`;
      const b = budgets();
      const flooded = await spend(KEY_BUDGET * 3, () => b.refusedOrigin("key_a"));
      expect(flooded).toBe(KEY_BUDGET);
      const refused = await b.refusedOrigin("key_a");
      expect(refused).toMatchObject({ allowed: false, spent: "refused-origins" });
      // The merchant's visitors still have the whole budget.
      const visitors = await spend(KEY_BUDGET, () =>
        b.allowedOrigin("key_a", `198.51.100.${Math.floor(Math.random() * 1e6)}`),
      );
      expect(visitors).toBe(KEY_BUDGET);
    },
  );

  it.runIf(available)("one address is capped; other visitors are not", async () => {
    prefix = `selgeo:test:${randomBase62(8)}`;
    const b = budgets();
    expect(await spend(VISITOR_CAP * 2, () => b.allowedOrigin("key_b", "203.0.113.9"))).toBe(
      VISITOR_CAP,
    );
    expect(await b.allowedOrigin("key_b", "203.0.113.9")).toMatchObject({
      allowed: false,
      spent: "visitor",
    });
    expect(await b.allowedOrigin("key_b", "203.0.113.10")).toMatchObject({ allowed: true });
    // The capped address spent only its cap of the key's budget.
    let n = 0;
    const rest = await spend(KEY_BUDGET, () => b.allowedOrigin("key_b", `192.0.2.${n++}`));
    expect(rest).toBe(KEY_BUDGET - VISITOR_CAP - 1);
  });

  it.runIf(available)("the key's budget still bounds all its visitors together", async () => {
    prefix = `selgeo:test:${randomBase62(8)}`;
    const b = budgets();
    let n = 0;
    expect(await spend(KEY_BUDGET + 5, () => b.allowedOrigin("key_c", `10.0.0.${n++}`))).toBe(
      KEY_BUDGET,
    );
    expect(await b.allowedOrigin("key_c", "10.0.1.1")).toMatchObject({
      allowed: false,
      spent: "key",
    });
    // Another key is untouched.
    expect(await b.allowedOrigin("key_d", "10.0.1.1")).toMatchObject({ allowed: true });
  });

  it.runIf(available && store === "Redis")(
    "is shared by processes through Redis, and stores no address",
    async () => {
      prefix = `selgeo:test:${randomBase62(8)}`;
      const [one, two] = [budgets(), budgets()];
      await spend(VISITOR_CAP, () => one.allowedOrigin("key_e", "203.0.113.77"));
      expect(await two.allowedOrigin("key_e", "203.0.113.77")).toMatchObject({
        allowed: false,
        spent: "visitor",
      });
      const names = await (redis as Redis).keys(`${prefix}*`);
      expect(names.length).toBeGreaterThan(0);
      expect(names.join(" ")).not.toContain("203.0.113.77");
    },
  );
});
