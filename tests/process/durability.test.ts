// An acknowledged write is durable: SIGKILL right after a burst of 201s loses nothing.
import { rmSync } from "node:fs";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { type DemoServerProcess, startServerProcess } from "../support/server-process";

describe("durability of acknowledged writes", () => {
  let server: DemoServerProcess | undefined;
  afterAll(async () => {
    await server?.stop("SIGKILL");
    if (server) rmSync(server.dir, { recursive: true, force: true });
  });

  it("keeps every acknowledged click and conversion after SIGKILL", {
    timeout: 120_000,
  }, async () => {
    server = await startServerProcess();
    const { url, demo } = server;

    const clicks = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        fetch(`${url}/api/v1/clicks`, {
          method: "POST",
          headers: {
            "Content-Type": "text/plain",
            "X-Forwarded-For": `10.1.${i >> 8}.${i & 255}`,
            // Node's own user agent is (rightly) taken for a bot, whose clicks are not stored.
            "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36",
          },
          body: JSON.stringify({ key: demo.keys.pk_test, ref: "demo" }),
        }),
      ),
    );
    const clickIds: string[] = [];
    for (const res of clicks) {
      expect(res.status).toBe(201);
      clickIds.push(((await res.json()) as { click_id: string }).click_id);
    }

    const conversions = await Promise.all(
      clickIds.slice(0, 100).map((clickId, i) =>
        fetch(`${url}/api/v1/conversions`, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Authorization: `Bearer ${demo.keys.sk_test}`,
          },
          body: JSON.stringify({
            click_id: clickId,
            event_type: "purchase",
            external_transaction_id: `txn_durable_${i}`,
            amount_cents: 4900,
            currency: "EUR",
          }),
        }),
      ),
    );
    const conversionIds: string[] = [];
    for (const res of conversions) {
      expect(res.status).toBe(201);
      conversionIds.push(((await res.json()) as { id: string }).id);
    }
    // No graceful shutdown, no flush: the process dies the moment the last answer arrived.
    await server.stop("SIGKILL");

    const db = new SQLite(server.dbPath, { readonly: true });
    try {
      const storedClicks = new Set(db.prepare("select id from clicks").pluck().all() as string[]);
      const storedConversions = new Set(
        db.prepare("select id from conversions").pluck().all() as string[],
      );
      expect(clickIds.filter((id) => !storedClicks.has(id))).toEqual([]);
      expect(conversionIds.filter((id) => !storedConversions.has(id))).toEqual([]);
      const commissions = db.prepare("select count(*) from commissions").pluck().get();
      expect(commissions).toBe(100);
    } finally {
      db.close();
    }
  });
});
