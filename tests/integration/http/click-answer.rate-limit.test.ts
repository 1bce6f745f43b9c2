import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBase62 } from "../../../server/lib/ids";
import { insertPartner } from "../../../server/partners/repository";
import { insertProgram } from "../../../server/programs/repository";
import { merchantScoped } from "../../../server/store/tenant";
import { createHarness, type Harness, REDIS_URL, TRANSPORTS } from "../../support/harness";
import { redisAvailable } from "../../support/services-available";

async function burst(h: Harness, count: number, key: string, subnet = 0) {
  const statuses: number[] = [];
  // Sequential batches keep the order meaningful: the limit counts requests as they arrive.
  for (let i = 0; i < count; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, count - i) }, (_, j) =>
        h.click("demo", { key, ip: `10.${subnet}.${(i + j) >> 8}.${(i + j) & 255}` }),
      ),
    );
    statuses.push(...batch.map((r) => r.status));
  }
  return statuses;
}

describe.each(TRANSPORTS)(
  "click rate limit: 1,000 requests per minute per publishable key ($transport)",
  ({ transport }) => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness({ transport });
    });
    afterAll(async () => h.close());

    it("refuses the 1,001st request with 429, Retry-After and RateLimit-* headers", async () => {
      const statuses = await burst(h, 1000, h.merchant.keys.pk_test);
      expect(statuses.every((s) => s === 201)).toBe(true);
      const refused = await h.click("demo", { ip: "10.9.9.9" });
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe("RATE_LIMITED");
      expect(refused.body.error.message).toMatch(/1000 click requests per minute/);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers.get("ratelimit-limit")).toBe("1000");
      expect(refused.headers.get("ratelimit-remaining")).toBe("0");
      expect(Number(refused.headers.get("ratelimit-reset"))).toBe(retryAfter);
    });

    it("gives made-up keys no allowance of their own: they are refused before the limiter", async () => {
      const res = await h.click("demo", { key: `pk_test_${randomBase62(32)}`, ip: "10.9.9.12" });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("INVALID_API_KEY");
      expect(res.headers.get("ratelimit-limit")).toBeNull();
    });

    it("leaves other keys unaffected", async () => {
      const other = await h.click("demo", { key: h.merchant.keys.pk_live, ip: "10.9.9.10" });
      expect(other.status).toBe(201);
      expect(other.headers.get("ratelimit-remaining")).toBe("999");
      // Another merchant's key, with its own partner, is just as unaffected.
      const merchant = await h.otherMerchant();
      const theirTenant = merchantScoped(h.services.store.db, merchant.merchant_id);
      const program = await insertProgram(theirTenant, h.clock, { name: "P" });
      await insertPartner(theirTenant, h.clock, {
        name: "Their partner",
        program_id: program.id,
        ref: "theirs",
        status: "approved",
      });
      const theirs = await h.click("theirs", { key: merchant.keys.pk_test, ip: "10.9.9.11" });
      expect(theirs.status).toBe(201);
      expect(theirs.headers.get("ratelimit-remaining")).toBe("999");
    });
  },
);

describe.each(TRANSPORTS)("the rate-limit window resets ($transport)", ({ transport }) => {
  let h: Harness;
  beforeAll(async () => {
    // A one-second window so the reset is observed without waiting a minute.
    h = await createHarness({ rateLimitPerMinute: 5, rateLimitWindowSeconds: 1, transport });
  });
  afterAll(async () => h.close());

  it("accepts requests again once the window has passed", async () => {
    const statuses = await burst(h, 6, h.merchant.keys.pk_test);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const after = await h.click("demo", { ip: "10.8.8.8" });
    expect(after.status).toBe(201);
    // The policy header states the window actually in force.
    expect(after.headers.get("RateLimit-Policy")).toBe("5;w=1");
  });
});

describe("rate limit on Redis: processes share one limit", async () => {
  const available = await redisAvailable();
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    if (!available) return;
    const prefix = `selgeo-test-${randomBase62(8)}`;
    a = await createHarness({
      rateLimitPerMinute: 10,
      redisUrl: REDIS_URL,
      rateLimitPrefix: prefix,
    });
    // Same database and same Redis: two server processes behind one load balancer.
    b = await createHarness({
      rateLimitPerMinute: 10,
      redisUrl: REDIS_URL,
      rateLimitPrefix: prefix,
      databaseUrl: a.databaseUrl,
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it.runIf(available)("counts requests to either process against the same key", async () => {
    const key = a.merchant.keys.pk_test;
    const fromA = await burst(a, 6, key);
    const fromB = await burst(b, 5, key, 1);
    expect(fromA.every((s) => s === 201)).toBe(true);
    expect(fromB).toEqual([201, 201, 201, 201, 429]);
  });
});
