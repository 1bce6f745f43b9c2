// Issue 14's origin-budget attack, through HTTP: a flood from an origin the merchant refuses
// (403 ORIGIN_NOT_ALLOWED, then 429 once its own budget is spent) leaves the merchant's allowed
// origins their whole budget, so its pages go on recording clicks. In memory and on Redis, over
// both transports (the click listener and Hono's route).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBase62 } from "../../../server/lib/ids";
import { createHarness, type Harness, REDIS_URL, TRANSPORTS } from "../../support/harness";
import { redisAvailable } from "../../support/services-available";

const withRedis = await redisAvailable();
const LIMIT = 20;
const ALLOWED = "https://shop.example";
const REFUSED = "https://evil.example";

async function clicksFrom(h: Harness, origin: string, count: number, subnet: number) {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await h.click("demo", { ip: `10.${subnet}.0.${i}`, headers: { Origin: origin } });
    statuses.push(res.status);
  }
  return statuses;
}

describe.each(
  TRANSPORTS.flatMap(({ transport }) => [
    { transport, limiter: "memory", available: true },
    { transport, limiter: "Redis", available: withRedis },
  ]),
)("origin budget ($limiter, $transport)", ({ transport, limiter, available }) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({
      transport,
      rateLimitPerMinute: LIMIT,
      rateLimitPerVisitor: 5,
      ...(limiter === "Redis"
        ? { redisUrl: REDIS_URL, rateLimitPrefix: `selgeo-test-${randomBase62(8)}` }
        : {}),
    });
    const locked = await h.patch("/api/v1/settings", {
      key: h.merchant.keys.sk_test,
      body: { allowed_origins: [ALLOWED] },
    });
    expect(locked.status).toBe(200);
  });
  afterAll(async () => h?.close());

  it.runIf(available)(
    "a flood from a refused origin past the limit leaves the allowed origin's clicks recorded",
    async () => {
      const flood = await clicksFrom(h, REFUSED, LIMIT * 3, 1);
      // Refused for its origin until its own budget is spent, then refused for the rate.
      expect(flood.slice(0, LIMIT).every((s) => s === 403)).toBe(true);
      expect(flood.slice(LIMIT).every((s) => s === 429)).toBe(true);
      const limited = await h.click("demo", { ip: "10.1.1.1", headers: { Origin: REFUSED } });
      expect(limited.body.error.code).toBe("RATE_LIMITED");
      expect(limited.body.error.details.budget).toBe("refused-origins");

      // The merchant's own page still has its whole budget: every click is recorded.
      const allowed = await clicksFrom(h, ALLOWED, LIMIT, 2);
      expect(allowed.every((s) => s === 201)).toBe(true);
      const stored = await h.services.store.db
        .selectFrom("clicks")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("merchant_id", "=", h.merchant.merchant_id)
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(LIMIT);
      // …and then that budget, not the refused origins', bounds them.
      const over = await h.click("demo", { ip: "10.3.0.1", headers: { Origin: ALLOWED } });
      expect(over.status).toBe(429);
      expect(over.body.error.details.budget).toBe("key");
    },
  );

  it.runIf(available)("one visitor address is capped before the key's budget", async () => {
    const key = h.merchant.keys.pk_live;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await h.click("demo", { key, ip: "198.51.100.9", headers: { Origin: ALLOWED } });
      statuses.push(res.status);
    }
    // The first click is recorded, the next four are the same visitor's click again (200).
    expect(statuses).toEqual([201, 200, 200, 200, 200, 429, 429]);
    const other = await h.click("demo", { key, ip: "198.51.100.10", headers: { Origin: ALLOWED } });
    expect(other.status).toBe(201);
    expect(other.headers.get("ratelimit-remaining")).toBe(String(LIMIT - 6));
  });
});
