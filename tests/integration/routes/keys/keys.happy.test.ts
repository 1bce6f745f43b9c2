import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialectsUnderTest } from "../../../support/dialects";
import { createHarness, type Harness } from "../../../support/harness";
import { asDashboard, createDashboardUser, type SignedIn, signIn } from "../../../support/session";

const dialects = await dialectsUnderTest();

describe.each(dialects)("API key management on $dialect", ({ dialect, available }) => {
  let h: Harness;
  let session: SignedIn;
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    const user = await createDashboardUser(h);
    session = await signIn(h, user.email, user.password);
  });
  afterAll(async () => h?.close());

  const keyId = async (kind: "pk" | "sk", mode: "test" | "live") => {
    const list = await h.get("/api/v1/keys?limit=100", asDashboard(session, mode));
    return list.body.data.find((k: any) => k.kind === kind && k.revoked_at === null).id as string;
  };

  it.runIf(available)("lists the mode's keys: secret keys by prefix only", async () => {
    const res = await h.get("/api/v1/keys", asDashboard(session, "test"));
    expect(res.status).toBe(200);
    const byKind = Object.fromEntries(res.body.data.map((k: any) => [k.kind, k.display]));
    expect(byKind).toEqual({
      pk: h.merchant.keys.pk_test,
      sk: `sk_test_…${h.merchant.keys.sk_test.slice(-4)}`,
    });
    expect(res.text).not.toContain(h.merchant.keys.sk_test);
    expect(res.body.data.every((k: any) => k.mode === "test")).toBe(true);
  });

  it.runIf(available)("a rotated secret key stops working at once; the new one works", async () => {
    const old = h.merchant.keys.sk_live;
    const res = await h.post(
      `/api/v1/keys/${await keyId("sk", "live")}/rotate`,
      asDashboard(session, "live"),
    );
    expect(res.status).toBe(200);
    expect(res.body.key).toMatch(/^sk_live_[A-Za-z0-9]{24,}$/);
    const refused = await h.get("/api/v1/conversions", { key: old });
    expect(refused.status).toBe(401);
    expect(refused.body.error.details.reason).toBe("REVOKED");
    expect((await h.get("/api/v1/conversions", { key: res.body.key })).status).toBe(200);
    // Shown once: the list never has it again.
    const list = await h.get("/api/v1/keys", asDashboard(session, "live"));
    expect(list.text).not.toContain(res.body.key);
  });

  it.runIf(available)(
    "a rotated publishable key stops recording clicks at once, despite the click path's cache",
    async () => {
      const old = h.merchant.keys.pk_test;
      expect((await h.click("demo", { key: old, ip: "198.51.100.50" })).status).toBe(201);
      const res = await h.post(
        `/api/v1/keys/${await keyId("pk", "test")}/rotate`,
        asDashboard(session, "test"),
      );
      const refused = await h.click("demo", { key: old, ip: "198.51.100.51" });
      expect(refused.status).toBe(401);
      expect((await h.click("demo", { key: res.body.key, ip: "198.51.100.52" })).status).toBe(201);
    },
  );

  it.runIf(available)("revokes a key, and writes who rotated and revoked what", async () => {
    const created = await h.post(
      "/api/v1/keys",
      asDashboard(session, "test", { body: { kind: "sk" } }),
    );
    expect(created.status).toBe(201);
    expect((await h.get("/api/v1/clicks", { key: created.body.key })).status).toBe(200);
    const revoked = await h.post(
      `/api/v1/keys/${created.body.id}/revoke`,
      asDashboard(session, "test"),
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).not.toBeNull();
    expect((await h.get("/api/v1/clicks", { key: created.body.key })).status).toBe(401);
    const log = await h.get("/api/v1/audit-log?limit=10", asDashboard(session, "test"));
    const decisions = log.body.data
      .filter((e: any) => e.action === "api_key")
      .map((e: any) => [e.decision, e.actor.type]);
    expect(decisions).toEqual([
      ["revoked", "user"],
      ["created", "user"],
      ["rotated", "user"],
    ]);
  });
});
