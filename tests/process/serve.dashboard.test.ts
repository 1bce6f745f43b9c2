// What `npm start` gives a new user: the dashboard at /dashboard (`/` leads there) with a demo
// user whose e-mail and password the banner prints, and an API reference at /docs whose every
// asset comes from this server (it works without internet access).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoServerProcess, startServerProcess } from "../support/server-process";

describe("selgeo serve: dashboard and docs", () => {
  let server: DemoServerProcess;
  beforeAll(async () => {
    server = await startServerProcess();
  }, 90_000);
  afterAll(async () => server?.stop());

  it("prints the dashboard and the demo user, who can sign in", async () => {
    const output = server.output();
    expect(output).toContain(`Dashboard       ${server.url}/dashboard`);
    const user = server.demo.user;
    expect(user?.email).toBe("demo@example.com");
    expect(output).toContain(`dashboard  ${user?.email}  password ${user?.password}`);
    const res = await fetch(`${server.url}/api/v1/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: user?.email, password: user?.password }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).merchant.id).toBe(server.demo.merchant_id);
  });

  it("keeps the demo user's password across restarts", { timeout: 90_000 }, async () => {
    const before = server.demo.user;
    await server.stop();
    server = await startServerProcess({ dir: server.dir });
    expect(server.demo.user).toEqual(before);
  });

  it("leads / to the dashboard and serves its built, cached assets", async () => {
    const root = await fetch(`${server.url}/`, { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/dashboard");
    for (const path of ["/dashboard", "/dashboard/partners", "/dashboard/settings/keys"]) {
      const page = await fetch(`${server.url}${path}`);
      expect(page.status, path).toBe(200);
      expect(page.headers.get("cache-control")).toBe("no-cache");
      expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
      const html = await page.text();
      expect(html).toContain('<div id="root"></div>');
      const assets = [...html.matchAll(/(?:src|href)="(\/dashboard\/assets\/[^"]+)"/g)].map(
        (m) => m[1],
      );
      expect(assets.length).toBeGreaterThanOrEqual(2);
      for (const asset of assets) {
        expect(asset).toMatch(/-[A-Za-z0-9_-]{8}\.(js|css)$/);
        const file = await fetch(`${server.url}${asset}`, {
          headers: { "Accept-Encoding": "gzip" },
        });
        expect(file.status).toBe(200);
        expect(file.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      }
    }
    expect((await fetch(`${server.url}/dashboard/assets/missing-00000000.js`)).status).toBe(404);
  });

  it("serves /docs with every script and style from this server", async () => {
    const page = await fetch(`${server.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(urls.length).toBeGreaterThanOrEqual(3);
    for (const url of urls) {
      expect(url.startsWith("/"), url).toBe(true);
      expect((await fetch(`${server.url}${url}`)).status, url).toBe(200);
    }
    const bundle = urls.find((u) => u.endsWith("swagger-ui-bundle.js")) as string;
    const res = await fetch(`${server.url}${bundle}`);
    expect(res.headers.get("content-type")).toContain("javascript");
    expect((await res.text()).length).toBeGreaterThan(100_000);
  });
});
