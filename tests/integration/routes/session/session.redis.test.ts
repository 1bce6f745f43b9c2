// Sign-in limits shared through Redis: two server processes behind one load balancer count one
// account's guesses together, so spreading them over processes gains nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBase62 } from "../../../../server/lib/ids";
import { ATTEMPTS_PER_ACCOUNT } from "../../../../server/sessions/sign-in-limits";
import { createHarness, type Harness, REDIS_URL } from "../../../support/harness";
import { redisAvailable } from "../../../support/services-available";
import { createDashboardUser, signInRequest } from "../../../support/session";

describe("sign-in limits on Redis", async () => {
  const available = await redisAvailable();
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    if (!available) return;
    const prefix = `selgeo-test-${randomBase62(8)}`;
    a = await createHarness({ redisUrl: REDIS_URL, rateLimitPrefix: prefix });
    b = await createHarness({
      redisUrl: REDIS_URL,
      rateLimitPrefix: prefix,
      databaseUrl: a.databaseUrl,
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it.runIf(available)("counts one account's attempts across processes", async () => {
    const user = await createDashboardUser(a);
    for (let i = 0; i < ATTEMPTS_PER_ACCOUNT; i++) {
      const server = i % 2 === 0 ? a : b;
      const res = await signInRequest(server, user.email, `wrong guess ${i}`, {
        "X-Forwarded-For": `198.51.100.${i + 1}`,
      });
      expect(res.status).toBe(401);
    }
    for (const server of [a, b]) {
      const res = await signInRequest(server, user.email, user.password, {
        "X-Forwarded-For": "198.51.100.99",
      });
      expect(res.status).toBe(429);
    }
  });
});
