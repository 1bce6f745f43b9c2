// `selgeo serve` runs the periodic pass over kept Stripe events on its own, with the age and
// interval of its environment (STRIPE_PENDING_MAX_AGE_HOURS, STRIPE_PENDING_SWEEP_SECONDS).
import { rmSync } from "node:fs";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { type DemoServerProcess, startServerProcess } from "../support/server-process";
import { signatureHeader, TEST_SECRET } from "../support/stripe-events";
import { stripeExample } from "../support/stripe-fixtures";

describe("selgeo serve: the periodic pass over kept Stripe events", () => {
  let server: DemoServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    if (server) rmSync(server.dir, { recursive: true, force: true });
  });

  it("gives up a kept refund older than STRIPE_PENDING_MAX_AGE_HOURS", {
    timeout: 60_000,
  }, async () => {
    server = await startServerProcess({
      env: { STRIPE_PENDING_MAX_AGE_HOURS: "1", STRIPE_PENDING_SWEEP_SECONDS: "1" },
    });
    const { url, demo } = server;
    const connected = await fetch(`${url}/api/v1/integrations/stripe`, {
      method: "PUT",
      headers: {
        Authorization: `Bearer ${demo.keys.sk_test}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ webhook_secret: TEST_SECRET }),
    });
    expect(connected.status).toBe(200);

    const now = Math.floor(Date.now() / 1000);
    const event = {
      id: "evt_processSweep0001",
      object: "event",
      api_version: "2026-10-28.endive",
      created: now,
      data: {
        object: {
          ...stripeExample("charge"),
          id: "ch_processSweep0001",
          amount: 4900,
          amount_refunded: 4900,
          currency: "eur",
          payment_intent: "pi_processSweep0001",
          refunded: true,
        },
      },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: "charge.refunded",
    };
    const payload = JSON.stringify(event);
    const kept = await fetch(`${url}/api/v1/webhooks/stripe/${demo.merchant_id}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Stripe-Signature": signatureHeader(payload, TEST_SECRET, now),
      },
      body: payload,
    });
    expect(await kept.json()).toMatchObject({ outcome: "pending" });

    const db = new SQLite(server.dbPath);
    try {
      // Kept two hours ago, as far as the pass can tell.
      db.prepare("update stripe_pending_events set parked_at = ? where event_id = ?").run(
        new Date(Date.now() - 2 * 3_600_000).toISOString(),
        event.id,
      );
      const expired = () =>
        db
          .prepare(
            "select reason from audit_log where stripe_event_id = ? and decision = 'expired'",
          )
          .all(event.id);
      await expect
        .poll(expired, { timeout: 20_000, interval: 200 })
        .toEqual([{ reason: "REFUND_PAYMENT_UNKNOWN" }]);
    } finally {
      db.close();
    }
  });
});
