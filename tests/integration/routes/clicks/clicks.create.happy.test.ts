import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../../../server/lib/clock";
import {
  BROWSER_USER_AGENT,
  createHarness,
  type Harness,
  TRANSPORTS,
} from "../../../support/harness";

describe.each(TRANSPORTS)("POST /api/v1/clicks — happy paths ($transport)", ({ transport }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ transport });
  });
  afterAll(async () => h.close());

  const storedClicks = () => h.services.store.db.selectFrom("clicks").selectAll().execute();

  it("records a click from a text/plain body and answers with its id, mode, expiry and model", async () => {
    const res = await h.click("demo", { ip: "198.51.100.1" });
    expect(res.status).toBe(201);
    expect(res.body.click_id).toMatch(/^clk_[A-Za-z0-9]{24}$/);
    // Stripe takes it as client_reference_id: at most 200 letters, digits, "_" or "-".
    expect(res.body.click_id).toMatch(/^[\w-]{1,200}$/);
    expect(res.body.mode).toBe("test");
    expect(res.body.attribution_model).toBe("last_click");
    const expected = new Date(h.clock.now().getTime() + 30 * DAY_MS).toISOString();
    expect(res.body.expires_at).toBe(expected);
    const row = (await storedClicks()).find((c) => c.id === res.body.click_id);
    expect(row).toMatchObject({ ref: "demo", mode: "test", partner_id: h.partner.id });
  });

  it("gives the same visitor the same click within an hour, and a new one after", async () => {
    const first = await h.click("demo", { ip: "198.51.100.2" });
    h.clock.advance(59 * 60 * 1000);
    const again = await h.click("demo", { ip: "198.51.100.2" });
    expect(again.status).toBe(200);
    expect(again.body.click_id).toBe(first.body.click_id);
    h.clock.advance(2 * 60 * 1000);
    const later = await h.click("demo", { ip: "198.51.100.2" });
    expect(later.status).toBe(201);
    expect(later.body.click_id).not.toBe(first.body.click_id);
  });

  it("treats another address or another user agent as another visitor", async () => {
    const a = await h.click("demo", { ip: "198.51.100.3" });
    const b = await h.click("demo", { ip: "198.51.100.4" });
    const c = await h.click("demo", { ip: "198.51.100.3", userAgent: "Mozilla/5.0 Firefox/140.0" });
    expect(new Set([a.body.click_id, b.body.click_id, c.body.click_id]).size).toBe(3);
  });

  it("returns one click when the same visitor's requests race", async () => {
    const before = (await storedClicks()).length;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => h.click("demo", { ip: "198.51.100.5" })),
    );
    expect(new Set(results.map((r) => r.body.click_id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect((await storedClicks()).length).toBe(before + 1);
  });

  it("records live clicks with a pk_live key", async () => {
    const res = await h.click("demo", { key: h.merchant.keys.pk_live, ip: "198.51.100.6" });
    expect(res.status).toBe(201);
    expect(res.body.mode).toBe("live");
    const row = (await storedClicks()).find((c) => c.id === res.body.click_id);
    expect(row?.mode).toBe("live");
  });

  it("accepts application/json and the key as a Bearer token", async () => {
    const res = await h.post("/api/v1/clicks", {
      key: h.merchant.keys.pk_test,
      body: { ref: "demo" },
      headers: { "X-Forwarded-For": "198.51.100.7", "User-Agent": BROWSER_USER_AGENT },
    });
    expect(res.status).toBe(201);
  });

  it("answers bots and link previews without counting them", async () => {
    const before = (await storedClicks()).length;
    for (const agent of [
      "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
      "Googlebot/2.1 (+http://www.google.com/bot.html)",
      "facebookexternalhit/1.1",
    ]) {
      const res = await h.click("demo", { userAgent: agent, ip: "198.51.100.8" });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ click_id: null, ignored: "bot", mode: "test" });
    }
    expect((await storedClicks()).length).toBe(before);
  });

  it("uses the partner's program: window length and attribution model", async () => {
    const program = await h.createProgram({
      attribution_window_days: 7,
      attribution_model: "first_click",
    });
    await h.createPartner({ ref: "weekly", program_id: program.id });
    const res = await h.click("weekly", { ip: "198.51.100.9" });
    expect(res.body.attribution_model).toBe("first_click");
    expect(new Date(res.body.expires_at).getTime() - h.clock.now().getTime()).toBe(7 * DAY_MS);
  });

  it("answers CORS preflights and exposes the headers the snippet reads", async () => {
    const res = await h.call("OPTIONS", "/api/v1/clicks", {
      headers: { Origin: "https://shop.example", "Access-Control-Request-Method": "POST" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const click = await h.click("demo", {
      ip: "198.51.100.10",
      headers: { Origin: "https://shop.example" },
    });
    expect(click.headers.get("access-control-expose-headers")).toMatch(/Retry-After/);
  });
});
