import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialectsUnderTest } from "../../../support/dialects";
import { createHarness, type Harness } from "../../../support/harness";
import { asDashboard, createDashboardUser, signIn } from "../../../support/session";

const dialects = await dialectsUnderTest();

describe.each(dialects)("dashboard sessions on $dialect", ({ dialect, available }) => {
  let h: Harness;
  let user: { email: string; password: string; id: string };
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    user = await createDashboardUser(h);
  });
  afterAll(async () => h?.close());

  it.runIf(available)("signs in with e-mail and password and says who is signed in", async () => {
    const session = await signIn(h, user.email.toUpperCase(), user.password);
    expect(session.body).toMatchObject({
      object: "session",
      user: { id: user.id, email: user.email },
      merchant: { id: h.merchant.merchant_id, name: "Acme Test Shop" },
    });
    expect(session.csrf).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const me = await h.get("/api/v1/session", { headers: { Cookie: session.cookie } });
    expect(me.status).toBe(200);
    expect(me.body.csrf_token).toBe(session.csrf);
  });

  it.runIf(available)(
    "reads every secret-key route with the session and an explicit mode",
    async () => {
      await h.click("demo", { ip: "198.51.100.1" });
      await h.click("demo", { ip: "198.51.100.2", key: h.merchant.keys.pk_live });
      const session = await signIn(h, user.email, user.password);
      const test = await h.get("/api/v1/clicks", asDashboard(session, "test"));
      const live = await h.get("/api/v1/clicks", asDashboard(session, "live"));
      expect(test.status).toBe(200);
      expect(test.body.data.map((c: any) => c.mode)).toEqual(["test"]);
      expect(live.body.data.map((c: any) => c.mode)).toEqual(["live"]);
      // The same answer a secret key gets: one code path.
      const byKey = await h.get("/api/v1/clicks", { key: h.merchant.keys.sk_test });
      expect(test.body).toEqual(byKey.body);
    },
  );

  it.runIf(available)("attributes a change to the user in the audit log", async () => {
    const session = await signIn(h, user.email, user.password);
    const pending = await h.createPartner({
      name: "Newcomer",
      ref: `new${dialect}`,
      status: "pending",
    });
    const res = await h.patch(
      `/api/v1/partners/${pending.id}`,
      asDashboard(session, "test", { body: { status: "approved" } }),
    );
    expect(res.status).toBe(200);
    const log = await h.get("/api/v1/audit-log?limit=5", asDashboard(session, "test"));
    const entry = log.body.data.find((e: any) => e.action === "partner");
    expect(entry).toMatchObject({
      decision: "approved",
      reason: "PARTNER_STATUS_CHANGED",
      actor: { type: "user", id: user.id, label: user.email },
      facts: { partner_id: pending.id, changes: { status: { from: "pending", to: "approved" } } },
      request_id: res.headers.get("x-request-id"),
    });
  });

  it.runIf(available)("attributes a change made with a secret key to the key", async () => {
    const res = await h.patch("/api/v1/settings", {
      key: h.merchant.keys.sk_live,
      body: { allowed_origins: ["https://shop.example"] },
    });
    expect(res.status).toBe(200);
    const log = await h.get("/api/v1/audit-log?limit=5", { key: h.merchant.keys.sk_live });
    expect(log.body.data[0]).toMatchObject({
      action: "settings",
      reason: "SETTINGS_CHANGED",
      actor: { type: "api_key", label: `sk_live_…${h.merchant.keys.sk_live.slice(-4)}` },
      facts: { changes: { allowed_origins: { from: [], to: ["https://shop.example"] } } },
    });
  });

  it.runIf(available)("signing out ends the session on the server", async () => {
    const session = await signIn(h, user.email, user.password);
    const out = await h.call("DELETE", "/api/v1/session", asDashboard(session, "test"));
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    // The old cookie, replayed, no longer works anywhere.
    const after = await h.get("/api/v1/clicks", asDashboard(session, "test"));
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("SESSION_EXPIRED");
  });
});
