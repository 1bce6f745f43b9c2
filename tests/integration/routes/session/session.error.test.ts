import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../../../server/lib/clock";
import {
  ATTEMPTS_PER_ACCOUNT,
  ATTEMPTS_PER_ADDRESS,
} from "../../../../server/sessions/sign-in-limits";
import { createHarness, type Harness } from "../../../support/harness";
import { asDashboard, createDashboardUser, signIn, signInRequest } from "../../../support/session";

describe("dashboard sign-in: refusals", () => {
  let h: Harness;
  let user: { email: string; password: string };
  beforeAll(async () => {
    h = await createHarness();
    user = await createDashboardUser(h);
  });
  afterAll(async () => h.close());

  it("refuses a wrong password, then accepts the right one", async () => {
    const wrong = await signInRequest(h, user.email, "not the password at all", {
      "X-Forwarded-For": "192.0.2.10",
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("INVALID_CREDENTIALS");
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const right = await signInRequest(h, user.email, user.password, {
      "X-Forwarded-For": "192.0.2.10",
    });
    expect(right.status).toBe(200);
  });

  it("answers an unknown e-mail exactly like a wrong password", async () => {
    const res = await signInRequest(h, "nobody@shop.example", "whatever password", {
      "X-Forwarded-For": "192.0.2.11",
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("INVALID_CREDENTIALS");
    expect(res.body.error.message).toBe("The e-mail address or the password is wrong.");
  });

  it("names each bad field of the sign-in body", async () => {
    const res = await h.post("/api/v1/session", { body: { email: 3, password: "", extra: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(Object.keys(res.body.error.details.fields)).toEqual(
      expect.arrayContaining(["email", "password"]),
    );
  });

  it(`limits guesses per account: attempt ${ATTEMPTS_PER_ACCOUNT + 1} is 429, even with the right password`, {
    timeout: 60_000,
  }, async () => {
    const target = await createDashboardUser(h);
    for (let i = 0; i < ATTEMPTS_PER_ACCOUNT; i++) {
      // From a new address each time: the account's own limit is what stops this.
      const res = await signInRequest(h, target.email, `guess number ${i}`, {
        "X-Forwarded-For": `198.51.100.${i + 1}`,
      });
      expect(res.status).toBe(401);
    }
    const blocked = await signInRequest(h, target.email, target.password, {
      "X-Forwarded-For": "198.51.100.200",
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("RATE_LIMITED");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  // Fifty password checks (scrypt, memory-hard by design) at once: slow on a busy machine.
  it("limits attempts per address across accounts", { timeout: 120_000 }, async () => {
    const address = { "X-Forwarded-For": "203.0.113.99" };
    const attempts = await Promise.all(
      Array.from({ length: ATTEMPTS_PER_ADDRESS + 5 }, (_, i) =>
        signInRequest(h, `spray-${i}@shop.example`, "password guess", address),
      ),
    );
    const statuses = attempts.map((res) => res.status);
    // Racing attempts cannot slip past the limit: exactly the allowance is checked.
    expect(statuses.filter((s) => s === 401)).toHaveLength(ATTEMPTS_PER_ADDRESS);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const other = await signInRequest(h, user.email, user.password, {
      "X-Forwarded-For": "203.0.113.100",
    });
    expect(other.status).toBe(200);
  });

  it("a session used by no one for 12 hours has ended", async () => {
    const session = await signIn(h, user.email, user.password);
    h.clock.advance(11 * HOUR_MS);
    expect((await h.get("/api/v1/clicks", asDashboard(session, "test"))).status).toBe(200);
    // Used an hour ago: the idle clock restarted then.
    h.clock.advance(11 * HOUR_MS);
    expect((await h.get("/api/v1/clicks", asDashboard(session, "test"))).status).toBe(200);
    h.clock.advance(12 * HOUR_MS + 1000);
    const expired = await h.get("/api/v1/clicks", asDashboard(session, "test"));
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe("SESSION_EXPIRED");
  });

  it("a session ends 7 days after sign-in however often it is used", async () => {
    const session = await signIn(h, user.email, user.password);
    for (let day = 0; day < 7; day++) {
      h.clock.advance(10 * HOUR_MS);
      expect((await h.get("/api/v1/session", { headers: { Cookie: session.cookie } })).status).toBe(
        200,
      );
      h.clock.advance(10 * HOUR_MS);
      const res = await h.get("/api/v1/session", { headers: { Cookie: session.cookie } });
      if (day === 6) expect(res.status).toBe(200);
    }
    h.clock.advance(30 * HOUR_MS);
    const res = await h.get("/api/v1/session", { headers: { Cookie: session.cookie } });
    expect(res.status).toBe(401);
  });

  it("requires the mode from a session, naming the header", async () => {
    const session = await signIn(h, user.email, user.password);
    for (const mode of [undefined, "prod"]) {
      const res = await h.get("/api/v1/clicks", {
        headers: { Cookie: session.cookie, ...(mode ? { "Selgeo-Mode": mode } : {}) },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields).toEqual({ "Selgeo-Mode": "must be test or live" });
    }
  });

  it("GET /api/v1/session without a cookie is 401 SESSION_EXPIRED", async () => {
    const res = await h.get("/api/v1/session");
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("SESSION_EXPIRED");
  });
});
