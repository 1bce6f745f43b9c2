// `selgeo serve` exposes no demo unless asked: no demo merchant, no shop page, no
// unauthenticated /demo/buy writing conversions. `--demo` (what `npm start` runs) prints the
// demo's test keys only, never a live one.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_MERCHANT_NAME } from "../../server/demo/seed";
import { startServerProcess } from "../support/server-process";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("selgeo serve without --demo", () => {
  it("creates no demo merchant and serves neither /demo nor /demo/buy", {
    timeout: 90_000,
  }, async () => {
    const server = await startServerProcess({ demo: false });
    dirs.push(server.dir);
    try {
      const page = await fetch(`${server.url}/demo?ref=demo`);
      expect(page.status).toBe(404);
      const buy = await fetch(`${server.url}/demo/buy`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ click_id: null }),
      });
      expect(buy.status).toBe(404);
      expect((await buy.json()).error.code).toBe("NOT_FOUND");
      expect(server.output()).not.toMatch(/[ps]k_(test|live)_/);
      expect(server.output()).not.toContain("/demo");
    } finally {
      await server.stop();
    }
    expect(existsSync(join(server.dir, "demo-keys.json"))).toBe(false);
    const db = new SQLite(server.dbPath, { readonly: true });
    try {
      expect(db.prepare("select count(*) from merchants").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe("selgeo serve --demo", () => {
  it("prints and keeps the demo's test keys, never a live one", { timeout: 90_000 }, async () => {
    const server = await startServerProcess();
    dirs.push(server.dir);
    try {
      const output = server.output();
      expect(output).toContain(server.demo.keys.pk_test);
      expect(output).toContain(server.demo.keys.sk_test);
      expect(output).not.toMatch(/[ps]k_live_/);
      // The keys file beside the database is a secret at rest: it holds what the demo uses only.
      const file = readFileSync(join(server.dir, "demo-keys.json"), "utf8");
      expect(Object.keys(server.demo.keys).sort()).toEqual(["pk_test", "sk_test"]);
      expect(file).not.toMatch(/[ps]k_live_/);
      expect((await fetch(`${server.url}/demo?ref=demo`)).status).toBe(200);
      // The demo's path: a referred visit, then "Buy" a moment later. The commission is an
      // ordinary pending one, not held as a sale seconds after its click (docs/fraud.md).
      const click = await fetch(`${server.url}/api/v1/clicks`, {
        method: "POST",
        headers: {
          "Content-Type": "text/plain;charset=UTF-8",
          "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36",
        },
        body: JSON.stringify({ key: server.demo.keys.pk_test, ref: "demo" }),
      });
      const { click_id } = (await click.json()) as { click_id: string };
      const bought = await fetch(`${server.url}/demo/buy`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ click_id }),
      });
      expect(await bought.json()).toMatchObject({
        status: "attributed",
        commission: { status: "pending" },
      });
    } finally {
      await server.stop();
    }
    const db = new SQLite(server.dbPath, { readonly: true });
    try {
      const names = db.prepare("select name from merchants").pluck().all();
      expect(names).toEqual([DEMO_MERCHANT_NAME]);
    } finally {
      db.close();
    }
  });

  it("is what npm start runs", () => {
    const pkg = JSON.parse(
      readFileSync(resolve(import.meta.dirname, "../../package.json"), "utf8"),
    );
    expect(pkg.scripts.start).toMatch(/\bselgeo\.js serve --demo$/);
  });
});
