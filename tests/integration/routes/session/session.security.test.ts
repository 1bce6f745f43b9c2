import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../../../server/sessions/repository";
import { deleteUser } from "../../../../server/users/repository";
import { dialectsUnderTest } from "../../../support/dialects";
import { createHarness, type Harness } from "../../../support/harness";
import { asDashboard, createDashboardUser, signIn } from "../../../support/session";

const dialects = await dialectsUnderTest();

describe.each(dialects)("dashboard session security on $dialect", ({ dialect, available }) => {
  let h: Harness;
  let user: { email: string; password: string; id: string };
  beforeAll(async () => {
    if (!available) return;
    h = await createHarness({ dialect });
    user = await createDashboardUser(h);
  });
  afterAll(async () => h?.close());

  it.runIf(available)("refuses every state-changing request without the CSRF token", async () => {
    const session = await signIn(h, user.email, user.password);
    const partner = await h.createPartner({ ref: `csrf${dialect}`, status: "pending" });
    const attempts: Array<[string, string, unknown]> = [
      ["PATCH", `/api/v1/partners/${partner.id}`, { status: "approved" }],
      ["POST", "/api/v1/partners", { name: "X", program_id: h.program.id }],
      ["PATCH", "/api/v1/settings", { allowed_origins: ["https://evil.example"] }],
      ["PUT", "/api/v1/integrations/stripe", { webhook_secret: "whsec_abcdefghijklmnop" }],
      ["POST", "/api/v1/keys", { kind: "sk" }],
      ["DELETE", "/api/v1/session", undefined],
    ];
    for (const [method, path, body] of attempts) {
      for (const csrf of [undefined, "forged-token", `${session.csrf}x`]) {
        const res = await h.call(method, path, {
          ...(body === undefined ? {} : { body }),
          headers: {
            Cookie: session.cookie,
            "Selgeo-Mode": "test",
            ...(csrf ? { "X-CSRF-Token": csrf } : {}),
          },
        });
        expect(res.status, `${method} ${path} csrf=${csrf}`).toBe(403);
        expect(res.body.error.code).toBe("CSRF_TOKEN_INVALID");
      }
    }
    // Nothing changed.
    const read = await h.get(`/api/v1/partners/${partner.id}`, asDashboard(session, "test"));
    expect(read.body.status).toBe("pending");
    const keys = await h.get("/api/v1/keys?limit=100", asDashboard(session, "test"));
    expect(keys.body.data).toHaveLength(2);
  });

  it.runIf(available)("another merchant's session never sees this merchant's data", async () => {
    await h.click("demo", { ip: "198.51.100.77" });
    const other = await h.otherMerchant("Rival Shop");
    const rival = await createDashboardUser(h, { merchantId: other.merchant_id });
    const session = await signIn(h, rival.email, rival.password);
    const clicks = await h.get("/api/v1/clicks", asDashboard(session, "test"));
    expect(clicks.status).toBe(200);
    expect(clicks.body.data).toEqual([]);
    const partner = await h.get(`/api/v1/partners/${h.partner.id}`, asDashboard(session, "test"));
    expect(partner.status).toBe(404);
    const patch = await h.patch(
      `/api/v1/partners/${h.partner.id}`,
      asDashboard(session, "test", { body: { status: "suspended" } }),
    );
    expect(patch.status).toBe(404);
    expect(session.body.merchant.id).toBe(other.merchant_id);
  });

  it.runIf(available)("keeps only a hash of the session token", async () => {
    const session = await signIn(h, user.email, user.password);
    const token = decodeURIComponent(session.cookie.split("=")[1] ?? "");
    const rows = await h.services.store.db.selectFrom("sessions").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.some((row) => row.token_hash === hashToken(token))).toBe(true);
  });

  it.runIf(available)(
    "sets the cookie HttpOnly and SameSite=Lax; Secure with __Host- over https",
    async () => {
      const plain = await signIn(h, user.email, user.password);
      expect(plain.setCookie).toMatch(/^selgeo_session=/);
      expect(plain.setCookie).toMatch(/HttpOnly/);
      expect(plain.setCookie).toMatch(/SameSite=Lax/);
      expect(plain.setCookie).not.toMatch(/Secure/);
      // Behind a TLS-terminating proxy the harness trusts (TRUST_PROXY).
      const secure = await signIn(h, user.email, user.password, { "X-Forwarded-Proto": "https" });
      expect(secure.setCookie).toMatch(/^__Host-selgeo_session=/);
      expect(secure.setCookie).toMatch(/Secure/);
      expect(secure.setCookie).toMatch(/Path=\//);
      expect(secure.setCookie).not.toMatch(/Domain=/);
    },
  );

  it.runIf(available)("deleting the user ends their sessions at once", async () => {
    const doomed = await createDashboardUser(h);
    const session = await signIn(h, doomed.email, doomed.password);
    expect((await h.get("/api/v1/clicks", asDashboard(session, "test"))).status).toBe(200);
    await deleteUser(h.services.store.db, doomed.email);
    const res = await h.get("/api/v1/clicks", asDashboard(session, "test"));
    expect(res.status).toBe(401);
  });

  it.runIf(available)(
    "a made-up cookie is refused, and a key in Authorization wins over a cookie",
    async () => {
      const forged = await h.get("/api/v1/clicks", {
        headers: { Cookie: "selgeo_session=forged", "Selgeo-Mode": "test" },
      });
      expect(forged.status).toBe(401);
      expect(forged.body.error.code).toBe("SESSION_EXPIRED");
      const session = await signIn(h, user.email, user.password);
      const withKey = await h.get("/api/v1/clicks", {
        key: h.merchant.keys.sk_live,
        headers: { Cookie: session.cookie, "Selgeo-Mode": "test" },
      });
      expect(withKey.status).toBe(200);
      expect(withKey.body.data.every((c: any) => c.mode === "live")).toBe(true);
    },
  );

  it.runIf(available)("a new sign-in ends the session the browser had", async () => {
    const first = await signIn(h, user.email, user.password);
    await signIn(h, user.email, user.password, { Cookie: first.cookie });
    expect((await h.get("/api/v1/session", { headers: { Cookie: first.cookie } })).status).toBe(
      401,
    );
  });
});
